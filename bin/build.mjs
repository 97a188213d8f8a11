#!/usr/bin/env node
// `npm run build`: the gateway compiled to plain JavaScript, what a deployment runs
// (`node dist/src/main.js`; the Dockerfile does). Three steps: empty the output folder
// (no stale module of a deleted source survives), tsc -p tsconfig.build.json, then copy
// what the compiled code reads from disk next to it: every file under src/ that is not
// TypeScript (skill templates, demo skills, dashboard pages, the FILE writer's worker) and
// the migrations applied on start. Assets are taken by rule, not by list, so a new one
// cannot be forgotten; test/e2e/built-gateway.test.ts starts the result and uses them.
//   node bin/build.mjs [outDir]   (default dist; relative to the repository)
import { execFileSync } from "node:child_process";
import { cpSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.resolve(root, process.argv[2] ?? "dist");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json"), "--outDir", out], { cwd: root, stdio: "inherit" });
// A missing folder fails the build (cpSync throws) rather than leaving a gateway without migrations.
for (const dir of ["src", "prisma/migrations", "prisma/postgres/migrations"]) {
  cpSync(path.join(root, dir), path.join(out, dir), { recursive: true, filter: (file) => !/\.[cm]?ts$/.test(file) });
}
