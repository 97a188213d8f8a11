// Writes prisma/postgres/schema.prisma from prisma/schema.prisma (the source of
// truth): one schema cannot serve two providers, and each generated client embeds
// its provider. test/schema-files.test.ts fails when the copy is stale.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

export function postgresSchemaFrom(sqlite: string): string {
  return (
    "// GENERATED from prisma/schema.prisma by `npm run db:pg-schema`. Do not edit.\n" +
    sqlite
      .replace('provider = "sqlite"', 'provider = "postgresql"')
      .replace('output     = "../src/db/generated/sqlite"', 'output     = "../../src/db/generated/postgres"')
  );
}

export const sqliteSchemaPath = path.join(here, "schema.prisma");
export const postgresSchemaPath = path.join(here, "postgres", "schema.prisma");

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  mkdirSync(path.dirname(postgresSchemaPath), { recursive: true });
  writeFileSync(postgresSchemaPath, postgresSchemaFrom(readFileSync(sqliteSchemaPath, "utf8")));
  console.log(`wrote ${path.relative(process.cwd(), postgresSchemaPath)}`);
}
