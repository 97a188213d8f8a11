// `skill-gateway sync` (the real bin, a child process) against a running gateway over HTTP: a person's effective
// skills land as SKILL.md folders our manifest parser reads back; a skill that
// leaves is removed on the next sync; a folder the person made is never touched.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { parseSkillManifest } from "../../src/catalog/manifest.js";
import { runCli } from "./cli-helpers.js";
import { DEMO_USER } from "../../src/demo/seed.js";
import { effectiveSkillIds } from "../helpers/agent-fixtures.js";
import { postRaw, startGateway, token, type E2EGateway } from "./helpers.js";

let gw: E2EGateway;
let dir: string;
let auth: string;

beforeAll(async () => {
  gw = await startGateway({ seedDemo: true });
  dir = path.join(mkdtempSync(path.join(tmpdir(), "gw-sync-")), "skills");
  auth = await token({ tenant: "dainese", sub: "user:admin@dainese.it" });
});
afterAll(async () => {
  await gw?.close();
  rmSync(path.dirname(dir), { recursive: true, force: true });
});

interface SyncResult { dir: string; written: string[]; kept: string[]; removed: string[]; skipped: string[] }

async function sync(tokenText: string, userId: string): Promise<SyncResult> {
  const r = await runCli(["sync", "--user", userId, "--dir", dir, "--json"], { SKILL_GATEWAY_URL: gw.url, SKILL_GATEWAY_TOKEN: tokenText });
  if (r.code !== 0) throw new Error(`sync exited ${r.code}: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as SyncResult;
  expect(out.dir).toBe(dir);
  return out;
}

function readBack() {
  return readdirSync(dir)
    .filter((f) => !f.startsWith("."))
    .sort()
    .map((folder) => {
      const parsed = parseSkillManifest(readFileSync(path.join(dir, folder, "SKILL.md"), "utf8"));
      if (!parsed.ok) throw new Error(`${folder}: ${parsed.error}`);
      return { folder, ...parsed.manifest };
    });
}

test("syncs a user's effective skills, removes those that leave, leaves the person's own folders alone", async () => {
  mkdirSync(path.join(dir, "my-own-skill"), { recursive: true });
  writeFileSync(path.join(dir, "my-own-skill", "SKILL.md"), "---\nname: my-own-skill\ndescription: mine\n---\nMine.\n");
  const first = await sync(auth, DEMO_USER);
  const expected = await effectiveSkillIds({ app: gw.app } as never, "dainese", DEMO_USER);
  expect(expected.length).toBeGreaterThan(3);
  const skills = readBack();
  const gatewayOnes = skills.filter((s) => s.folder !== "my-own-skill");
  expect(gatewayOnes.map((s) => s.extra.metadata && (s.extra.metadata as Record<string, string>)["skill-gateway-id"]).sort()).toEqual([...expected].sort());
  expect(first.written.length).toBe(expected.length);
  for (const s of gatewayOnes) {
    expect(s.name).toBe(s.folder);
    expect(s.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(s.body.length).toBeGreaterThan(10);
  }
  const pm = gatewayOnes.find((s) => s.folder === "gatespic-incident-postmortem");
  if (pm) expect(readdirSync(path.join(dir, pm.folder, "references"))).toEqual(["ESCALATION-MATRIX.md"]);

  // Take one skill away: the grant of boss.team-weekly-digest.
  const grants = await postRaw(gw.url, { query: `query($u: ID!) { user(id: $u) { grants { id skill { id } } } }`, variables: { u: DEMO_USER } }, auth);
  const grant = grants.body.data.user.grants.find((g: { skill: { id: string } }) => g.skill.id === "boss.team-weekly-digest");
  const revoked = await postRaw(gw.url, { query: `mutation($g: ID!) { revokeUserGrant(grantId: $g) { change { removed } } }`, variables: { g: grant.id } }, auth);
  expect(revoked.body.errors).toBeUndefined();
  const second = await sync(auth, DEMO_USER);
  expect(second.removed).toEqual(["boss-team-weekly-digest"]);
  expect(second.written).toEqual([]);
  expect(second.kept.length).toBe(expected.length - 1);
  const after = readBack().map((s) => s.folder);
  expect(after).not.toContain("boss-team-weekly-digest");
  expect(after).toContain("my-own-skill");
  expect(readFileSync(path.join(dir, "my-own-skill", "SKILL.md"), "utf8")).toContain("Mine.");
});

test("a bad token, an unknown user or a missing flag fails with the CLI's exit code and the API's code", async () => {
  const env = (token: string) => ({ SKILL_GATEWAY_URL: gw.url, SKILL_GATEWAY_TOKEN: token });
  const bad = await runCli(["sync", "--user", DEMO_USER, "--dir", dir], env("nope"));
  expect(bad.code).toBe(3);
  expect(bad.stderr).toMatch(/UNAUTHENTICATED/);
  const nobody = await runCli(["sync", "--user", "user:nobody@dainese.it", "--dir", dir], env(auth));
  expect(nobody.code).toBe(4);
  expect(nobody.stderr).toMatch(/not found/);
  const noDir = await runCli(["sync", "--user", DEMO_USER], env(auth));
  expect(noDir.code).toBe(2);
  expect(noDir.stderr).toMatch(/--dir/);
  // Nothing of ours was removed by the failures.
  expect(readBack().length).toBeGreaterThan(3);
});
