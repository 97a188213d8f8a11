// Applies the committed Prisma migrations (prisma/migrations for SQLite,
// prisma/postgres/migrations for PostgreSQL) on start, in name order, each once.
// Done here rather than by spawning the Prisma CLI: start-up stays fast and
// needs no schema engine. Concurrent starts on PostgreSQL serialize on an
// advisory lock, so many gateway processes can start at once.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DbKind } from "../config.js";
import type { Db } from "./types.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prisma");
const MIGRATION_LOCK = 727_001;

export function migrationsDir(kind: DbKind): string {
  return kind === "postgres" ? path.join(root, "postgres", "migrations") : path.join(root, "migrations");
}

export function listMigrations(kind: DbKind): { name: string; statements: string[] }[] {
  const dir = migrationsDir(kind);
  return readdirSync(dir)
    .filter((name) => existsSync(path.join(dir, name, "migration.sql")))
    .sort()
    .map((name) => ({ name, statements: splitStatements(readFileSync(path.join(dir, name, "migration.sql"), "utf8")) }));
}

/** Prisma's generated DDL ends every statement with ";" at a line end and holds no ";" inside literals. */
export function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, "").trim())
    .filter(Boolean);
}

export async function migrate(prisma: Db, kind: DbKind): Promise<string[]> {
  const applied: string[] = [];
  await prisma.$transaction(
    async (tx) => {
      if (kind === "postgres") await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
      await tx.$executeRawUnsafe(
        `CREATE TABLE IF NOT EXISTS "_gateway_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TEXT NOT NULL)`,
      );
      const done = new Set(
        (await tx.$queryRawUnsafe<{ name: string }[]>(`SELECT "name" FROM "_gateway_migrations"`)).map((r) => r.name),
      );
      for (const m of listMigrations(kind)) {
        if (done.has(m.name)) continue;
        for (const statement of m.statements) await tx.$executeRawUnsafe(statement);
        await tx.$executeRawUnsafe(
          `INSERT INTO "_gateway_migrations" ("name", "appliedAt") VALUES ('${m.name.replace(/'/g, "''")}', '${new Date().toISOString()}')`,
        );
        applied.push(m.name);
      }
    },
    { timeout: 120_000, maxWait: 60_000 },
  );
  return applied;
}
