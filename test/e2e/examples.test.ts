// The scripts in examples/ run as a user runs them (tsx, a child process)
// against a real gateway process seeded with the demo tenant.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { runProcess, startCliGateway, type CliGateway } from "./cli-helpers.js";
import { ROOT } from "./process-helpers.js";
import { waitFor } from "./helpers.js";

const TSX = path.join(ROOT, "node_modules/.bin/tsx");
let gw: CliGateway;
let env: Record<string, string>;
const example = (name: string, ...args: string[]) => runProcess(TSX, [`examples/${name}`, ...args], env);

beforeAll(async () => {
  gw = await startCliGateway();
  env = { SKILL_GATEWAY_URL: gw.url, SKILL_GATEWAY_TOKEN: gw.token };
}, 90_000);

afterAll(async () => {
  await gw?.close();
});

test("effective-skills lists marco's skills with their sources and blocks", { timeout: 120_000 }, async () => {
  const r = await example("effective-skills.ts");
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain("gatespic.change-risk-review@1.1.1  ← archetype:firmware_engineer + role:release-captain\n");
  expect(r.stdout).toMatch(/^boss\.team-weekly-digest@1\.0\.0 {2}← user_grant until \d{4}-\d\d-\d\d$/m);
  expect(r.stdout).toContain("ledger.vendor-spend-review  ✗ blocked by group:claresia-restricted-no-pii (overrides a grant)");
  const missing = await example("effective-skills.ts", "marco");
  expect(missing.code).toBe(1);
});

test("the subscription client sees the jobs of a grant made by grant-with-dry-run, which waits for them", { timeout: 120_000 }, async () => {
  const watcher = spawn(TSX, ["examples/watch-publish-jobs.ts"], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
  let seen = "";
  watcher.stdout.on("data", (b: Buffer) => (seen += b.toString()));
  watcher.stderr.on("data", (b: Buffer) => (seen += b.toString()));
  const exited = new Promise<number | null>((resolve) => watcher.once("close", resolve));
  try {
    // The subscribe message follows the connection ack at once, and a job takes far longer to finish.
    await waitFor(() => seen.includes("watching publish jobs"), { timeoutMs: 30_000, what: "the watcher to connect" });
    const r = await example("grant-with-dry-run.ts", "user:marco.mazzolin@dainese.it", "terraform");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("dry run: adds [terraform] for 1 user(s)");
    expect(r.stdout).toMatch(/^granted \(grant_\w+\); publishing to 2 platform\(s\)/m);
    expect(r.stdout).toMatch(/^anthropic-claude-enterprise: SUCCEEDED in \d+\.\d\d s$/m);
    expect(r.stdout).toMatch(/^microsoft-copilot-m365: SUCCEEDED in \d+\.\d\d s$/m);

    await waitFor(() => /microsoft-copilot-m365 SUCCEEDED 1\/1 \(100%\)/.test(seen) && /anthropic-claude-enterprise SUCCEEDED 1\/1/.test(seen), {
      timeoutMs: 20_000,
      what: `the watcher to print both SUCCEEDED jobs; printed:\n${seen}`,
    });
    const again = await example("grant-with-dry-run.ts", "user:marco.mazzolin@dainese.it", "steve.prd-review");
    expect(again.stdout).toContain("not granting: it would change nothing (already effective)");
  } finally {
    watcher.kill("SIGINT");
  }
  expect(await exited).toBe(0);
  expect(seen).toMatch(/stopped\n$/);
});

test("block-and-who-lost-it names the users who lost the skill", { timeout: 120_000 }, async () => {
  const r = await example("block-and-who-lost-it.ts", "claresia-eng-pilot", "steve.prd-review");
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain("dry run: 1 of 1 entitled user(s) would lose steve.prd-review");
  expect(r.stdout).toContain("blocked steve.prd-review for claresia-eng-pilot; lost it: user:marco.mazzolin@dainese.it");
});
