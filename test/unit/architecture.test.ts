// The shape of src/ (one core, many edges; see .dependency-cruiser.cjs) is a
// test: a cycle, or an import pointing up a layer, fails `npm test`.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const bin = path.join(root, "node_modules/.bin/depcruise");

function cruise(cwd: string): { ok: boolean; output: string } {
  try {
    const output = execFileSync(bin, ["src", "--config", ".dependency-cruiser.cjs", "--output-type", "err"], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return { ok: true, output };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${err.stdout ?? ""}${err.stderr ?? ""}` };
  }
}

describe("architecture", () => {
  test("src/ has no import cycle and no import pointing up a layer", () => {
    const r = cruise(root);
    expect(r.output).toContain("no dependency violations found");
    expect(r.ok).toBe(true);
  }, 60_000);

  test("the rules catch a service importing the GraphQL edge, and a cycle", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "gw-arch-"));
    try {
      copyFileSync(path.join(root, ".dependency-cruiser.cjs"), path.join(dir, ".dependency-cruiser.cjs"));
      writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext" } }));
      for (const d of ["src/api", "src/services"]) mkdirSync(path.join(dir, d), { recursive: true });
      writeFileSync(path.join(dir, "src/api/context.ts"), "export interface Context { tenantId: string }\n");
      writeFileSync(path.join(dir, "src/services/a.service.ts"), 'import type { Context } from "../api/context.js";\nimport { b } from "./b.service.js";\nexport const a = (c: Context) => b(c);\n');
      writeFileSync(path.join(dir, "src/services/b.service.ts"), 'import { a } from "./a.service.js";\nexport const b = (c: unknown) => [a, c];\n');
      const r = cruise(dir);
      expect(r.ok).toBe(false);
      expect(r.output).toContain("core-knows-no-edge: src/services/a.service.ts → src/api/context.ts");
      expect(r.output).toContain("no-circular");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
