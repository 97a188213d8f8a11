// The committed codegen output (test/e2e/gql/, src/client/gql/) must be what
// `npm run codegen` would write from schema.graphql and the operations now.
import { readFileSync } from "node:fs";
import path from "node:path";
import { generate, loadCodegenConfig } from "@graphql-codegen/cli";
import { expect, test } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

test("test/e2e/gql and src/client/gql are current (run `npm run codegen`)", async () => {
  const { config } = await loadCodegenConfig({ configFilePath: path.join(ROOT, "codegen.yml") });
  const files = (await generate({ ...config, cwd: ROOT, silent: true }, false)) as { filename: string; content: string }[];
  const names = files.map((f) => path.relative(ROOT, path.resolve(ROOT, f.filename))).sort();
  expect(names).toEqual([
    "src/client/gql/gql.ts",
    "src/client/gql/graphql.ts",
    "src/client/gql/index.ts",
    "test/e2e/gql/gql.ts",
    "test/e2e/gql/graphql.ts",
    "test/e2e/gql/index.ts",
  ]);
  for (const f of files) {
    expect(readFileSync(path.resolve(ROOT, f.filename), "utf8"), `${f.filename} is stale: run npm run codegen`).toBe(f.content);
  }
}, 60_000);
