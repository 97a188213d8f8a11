// The committed files derived from others must not go stale: the emitted SDL,
// the PostgreSQL copy of the Prisma schema, and the contract must hold.
import "reflect-metadata";
import { readFileSync } from "node:fs";
import { buildSchema, findBreakingChanges } from "graphql";
import { describe, expect, test } from "vitest";
import { printGatewaySchema } from "../../src/api/schema.js";
import { postgresSchemaFrom, postgresSchemaPath, sqliteSchemaPath } from "../../prisma/make-postgres-schema.js";

const read = (p: string) => readFileSync(new URL(p, import.meta.url), "utf8");


describe("generated files", () => {
  test("schema.graphql is the emitted schema (run `npm run schema:emit`)", async () => {
    expect(read("../../schema.graphql")).toBe(await printGatewaySchema());
  });

  test("prisma/postgres/schema.prisma is current (run `npm run db:pg-schema`)", () => {
    expect(readFileSync(postgresSchemaPath, "utf8")).toBe(postgresSchemaFrom(readFileSync(sqliteSchemaPath, "utf8")));
  });
});

describe("contract", () => {
  test("findBreakingChanges(contract, emitted) is empty: the whole contract holds", () => {
    const contract = buildSchema(read("../../../shared/contract/schema.graphql"));
    const emitted = buildSchema(read("../../schema.graphql"));
    expect(findBreakingChanges(contract, emitted).map((c) => c.description)).toEqual([]);
  });
});
