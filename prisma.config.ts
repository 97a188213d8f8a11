// Prisma CLI configuration. The CLI runs on the WebAssembly schema engine through
// a driver adapter, so no native engine is downloaded (air-gapped installs work).
// PRISMA_SCHEMA_KIND=postgres points the CLI at the generated PostgreSQL copy.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PrismaConfig } from "prisma";

// Without this, every schema or config error surfaces as a misleading
// ENOTFOUND binaries.prisma.sh while Prisma looks for a native library.
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= fileURLToPath(import.meta.url);

const here = path.dirname(fileURLToPath(import.meta.url));
const postgres = process.env.PRISMA_SCHEMA_KIND === "postgres";
process.env.DATABASE_URL ??= postgres ? "postgresql://127.0.0.1:5432/postgres" : "file:./data/cli.db";

export default {
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(here, postgres ? "prisma/postgres/schema.prisma" : "prisma/schema.prisma"),
  async adapter() {
    if (postgres) {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      return new PrismaPg({ connectionString: process.env.DATABASE_URL });
    }
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url: process.env.DATABASE_URL! });
  },
} satisfies PrismaConfig;
