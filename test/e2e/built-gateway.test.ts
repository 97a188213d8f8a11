// The gateway as a deployment runs it: `npm run build` (bin/build.mjs) compiled to
// JavaScript, started the way the Dockerfile's CMD starts it. The build must carry every
// file the code reads from disk (templates, demo skills, dashboard pages, the FILE
// writer's worker, the migrations): the compiled process migrates a fresh database,
// seeds the demo from its skill folders, lists the packaged templates, serves the pages
// and delivers the demo's manifests through the writer thread. One process, no loader
// (signals reach the gateway itself), no token printed in production, exit 0 on SIGTERM.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ROOT, descendants, freePort } from "./process-helpers.js";
import { JWT_SECRET, postRaw, token, waitFor } from "./helpers.js";

const OUT = path.join(ROOT, "test/.tmp", `build-${process.pid}`);
const dataDir = mkdtempSync(path.join(tmpdir(), "gw-built-"));

beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, "bin/build.mjs"), path.relative(ROOT, OUT)], { cwd: ROOT, stdio: "pipe" });
}, 180_000);
afterAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every file under dir, relative to it. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe("npm run build", () => {
  test("emits every module and carries every file the code reads from disk", () => {
    const sources = files(path.join(ROOT, "src")).filter((f) => !f.startsWith("db/generated/"));
    const assets = sources.filter((f) => !/\.[cm]?ts$/.test(f));
    expect(assets.length).toBeGreaterThan(10);
    for (const f of assets) expect(existsSync(path.join(OUT, "src", f)), f).toBe(true);
    for (const f of sources.filter((f) => f.endsWith(".ts"))) expect(existsSync(path.join(OUT, "src", f.replace(/\.ts$/, ".js"))), f).toBe(true);
    for (const dir of ["prisma/migrations", "prisma/postgres/migrations"]) {
      const migrations = files(path.join(ROOT, dir));
      expect(migrations.length).toBeGreaterThan(0);
      expect(files(path.join(OUT, dir)).sort()).toEqual(migrations.sort());
    }
    // No TypeScript source travels with the build: it runs without a loader.
    expect(files(path.join(OUT, "src")).filter((f) => /\.[cm]?ts$/.test(f))).toEqual([]);
  });

  test("the Dockerfile's command starts the build: demo seeded, templates listed, pages served, manifests delivered, clean stop", async () => {
    const dockerfile = readFileSync(path.join(ROOT, "Dockerfile"), "utf8");
    const cmd = JSON.parse(dockerfile.split("\n").filter((l) => l.startsWith("CMD ")).at(-1)!.slice(4)) as string[];
    expect(dockerfile).not.toMatch(/^ENTRYPOINT/m);
    expect(cmd).toEqual(["node", "dist/src/main.js"]);
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(OUT, path.relative("dist", cmd[1]!))], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: process.env.HOME ?? "/tmp",
        HOST: "127.0.0.1",
        PORT: String(port),
        JWT_SECRET,
        NODE_ENV: "production",
        DATA_DIR: dataDir,
        SEED_DEMO_DATA: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr!.on("data", (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      await waitFor(() => out.includes("Skill Gateway ready"), { timeoutMs: 60_000, what: "the ready line" });
      expect(descendants(child.pid!)).toEqual([]);
      expect(out).not.toMatch(/Admin token|ey[A-Za-z0-9_-]{20,}\./);
      const url = `http://127.0.0.1:${port}/graphql`;
      const auth = await token({ tenant: "dainese" });
      const r = await postRaw(url, { query: "{ skills(first: 1) { totalCount } skillTemplates { id } }" }, auth);
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.skills.totalCount).toBeGreaterThan(5);
      expect(r.body.data.skillTemplates.length).toBe(readdirSync(path.join(ROOT, "src/catalog/templates")).length);
      const page = await fetch(`http://127.0.0.1:${port}/dashboard/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<script[^>]+src=/);
      // The demo's seed queued a publish to its two FILE platforms: the writer thread delivers them.
      const jobs = await waitFor(
        async () => {
          const j = await postRaw(url, { query: "{ publishJobs(first: 20) { nodes { status platform { id } } } }" }, auth);
          const nodes = j.body.data?.publishJobs.nodes as { status: string; platform: { id: string } }[] | undefined;
          return nodes?.length && nodes.every((n) => n.status === "SUCCEEDED") ? nodes : null;
        },
        { timeoutMs: 30_000, what: "the demo's publish jobs to succeed" },
      );
      for (const { platform } of jobs) expect(files(path.join(dataDir, "publish", "dainese", platform.id)).length).toBeGreaterThan(0);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
  }, 120_000);
});
