// The SDK and CLI are clients of the public API only: nothing under src/client/,
// bin/ or examples/ may import the server (src/api, services, db, …). They may
// import each other's SDK entry points, the shared skill-folder format
// (src/skill-folders/, itself held to the same rule) and a short list of packages.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CLIENT = path.join(ROOT, "src/client");
const SHARED = path.join(ROOT, "src/skill-folders");
const PACKAGES = new Set(["commander", "graphql-ws", "ws", "tsx", "@graphql-typed-document-node/core", "yaml"]);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|js|mjs)$/.test(name) ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found = [...text.matchAll(/(?:^|\s)(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^import\s+["']([^"']+)["']/gm)];
  return found.map((m) => m[1] ?? m[2] ?? m[3]);
}

test("src/client, src/skill-folders, bin and examples import only those and allowed packages", () => {
  const offenders: string[] = [];
  const all = [...files(CLIENT), ...files(SHARED), ...files(path.join(ROOT, "bin")), ...files(path.join(ROOT, "examples"))];
  expect(all.length).toBeGreaterThan(10);
  for (const file of all) {
    for (const spec of imports(file)) {
      if (spec.startsWith("node:")) continue;
      if (spec.startsWith(".")) {
        const target = path.resolve(path.dirname(file), spec);
        if (!target.startsWith(CLIENT + path.sep) && !target.startsWith(SHARED + path.sep)) offenders.push(`${path.relative(ROOT, file)} → ${spec}`);
        continue;
      }
      const pkg = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
      if (!PACKAGES.has(pkg)) offenders.push(`${path.relative(ROOT, file)} → ${spec}`);
    }
  }
  expect(offenders).toEqual([]);
});
