// SKILL_DIR delivery through the real worker: each user's folder of SKILL.md
// skill folders, read back with our own manifest parser; skills that leave
// disappear, unchanged skills are not rewritten, the swap leaves no debris.
// Runs on SQLite and on PostgreSQL.
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseSkillManifest } from "../../src/catalog/manifest.js";
import { PublishWorker } from "../../src/jobs/worker.js";
import type { WorkerOptions } from "../../src/config.js";
import { codeOf, createTestGateway, type TestGateway } from "../helpers/harness.js";
import { waitFor } from "../e2e/helpers.js";

const T = "acme";
const WORKER: WorkerOptions = { concurrency: 2, leaseMs: 5000, pollMs: 50, maxAttempts: 2, backoffBaseMs: 50, batchSize: 2 };
let gw: TestGateway;
let publishDir: string;
let root: string;

async function skill(id: string, instructions: string, extra: Record<string, unknown> = {}) {
  await gw.ok(`mutation($input: CreateSkillInput!) { createSkill(input: $input) { skill { id } } }`, {
    input: { id, name: `${id} title`, description: `Does ${id} things.`, instructions, ...extra },
  });
  await gw.ok(`mutation($id: ID!) { deploySkill(id: $id) { skill { id } } }`, { id });
}

/** Runs every queued job to the end with a real worker. */
async function publishAll(): Promise<void> {
  const w = new PublishWorker(gw.app, WORKER).start();
  try {
    await waitFor(
      async () => ((await gw.app.db.prisma.publishJob.count({ where: { status: { in: ["QUEUED", "RUNNING"] } } })) === 0 ? true : null),
      { timeoutMs: 20_000, what: "publish jobs to finish" },
    );
  } finally {
    await w.stop();
  }
  const failed = await gw.app.db.prisma.publishJob.findMany({ where: { status: "FAILED" } });
  expect(failed.map((j) => j.error)).toEqual([]);
}

/** The user's folder read back as manifests: folder → parsed SKILL.md and its files. */
function readUser(user: string) {
  const dir = path.join(root, user);
  const out: Record<string, { name: string; description: string; version: string | null; body: string; references: Record<string, string>; scripts: boolean; ino: number }> = {};
  for (const folder of readdirSync(dir).filter((f) => !f.startsWith(".")).sort()) {
    const text = readFileSync(path.join(dir, folder, "SKILL.md"), "utf8");
    const parsed = parseSkillManifest(text);
    if (!parsed.ok) throw new Error(`${folder}/SKILL.md: ${parsed.error}`);
    const refDir = path.join(dir, folder, "references");
    const references = Object.fromEntries(readdirSync(refDir).map((f) => [f, readFileSync(path.join(refDir, f), "utf8")]));
    out[folder] = {
      name: parsed.manifest.name,
      description: parsed.manifest.description,
      version: parsed.manifest.version,
      body: parsed.manifest.body,
      references,
      scripts: statSync(path.join(dir, folder, "scripts")).isDirectory(),
      ino: statSync(path.join(dir, folder, "SKILL.md")).ino,
    };
  }
  return out;
}

beforeAll(async () => {
  publishDir = mkdtempSync(path.join(tmpdir(), "gw-skilldir-"));
  gw = await createTestGateway({ PUBLISH_DIR: publishDir });
  root = path.join(publishDir, T, "agent-skills");
  await skill("acme.alpha", "# Alpha\n\nRead references/GUIDE.md first.", {
    references: [{ filename: "GUIDE.md", content: "# Guide\nStep one." }],
    scripts: ["scripts/run.sh"],
  });
  await skill("acme.beta", "# Beta\n\nDo beta.");
  await skill("acme.gamma", "# Gamma\n\nDo gamma.");
  await gw.ok(`mutation { upsertUsers(users: [{ id: "u1", email: "u1@acme.test" }, { id: "user:u2@acme.test", email: "u2@acme.test" }]) { users { id } } }`);
  await gw.ok(`mutation { createArchetype(input: { id: "eng", name: "Engineer" }) { id } }`);
  await gw.ok(`mutation { setUserArchetype(userId: "u1", archetypeId: "eng") { user { id } } }`);
  await gw.ok(`mutation { setUserArchetype(userId: "user:u2@acme.test", archetypeId: "eng") { user { id } } }`);
  await gw.ok(`mutation { upsertDistributionPlatform(input: { id: "claude-code", name: "Claude Code", delivery: "SKILL_DIR", target: "agent-skills" }) { id delivery } }`);
  await gw.ok(`mutation { updateArchetypeSkills(archetypeId: "eng", addSkills: ["acme.alpha", "acme.beta"]) { change { affectedUsers } } }`);
});

afterAll(async () => {
  await gw?.close();
  rmSync(publishDir, { recursive: true, force: true });
});

describe("SKILL_DIR delivery", () => {
  test("a SKILL_DIR target is a folder name, as FILE's is", async () => {
    const r = await gw.run(`mutation { upsertDistributionPlatform(input: { id: "bad", name: "Bad", delivery: "SKILL_DIR", target: "../escape" }) { id } }`);
    expect(codeOf(r)).toBe("BAD_USER_INPUT");
    const unknown = await gw.run(`mutation { upsertDistributionPlatform(input: { id: "bad", name: "Bad", delivery: "FTP", target: "x" }) { id } }`);
    expect(codeOf(unknown)).toBe("BAD_USER_INPUT");
  });

  test("publishes one SKILL.md folder per effective skill that our manifest parser reads back", async () => {
    await gw.ok(`mutation { republish(input: { scope: TENANT, platforms: ["claude-code"] }) { id } }`);
    await publishAll();
    expect(readdirSync(root).filter((f) => !f.startsWith(".")).sort()).toEqual(["u1", "user_u2@acme.test"]);
    const u1 = readUser("u1");
    expect(Object.keys(u1)).toEqual(["acme-alpha", "acme-beta"]);
    expect(u1["acme-alpha"]).toMatchObject({
      name: "acme-alpha",
      description: "Does acme.alpha things.",
      version: "1.0.0",
      body: "# Alpha\n\nRead references/GUIDE.md first.",
      references: { "GUIDE.md": "# Guide\nStep one." },
      scripts: true,
    });
    const alphaMd = readFileSync(path.join(root, "u1", "acme-alpha", "SKILL.md"), "utf8");
    expect(alphaMd).toContain("skill-gateway-id: acme.alpha");
    expect(alphaMd).toContain("scripts/run.sh");
    expect(u1["acme-beta"].references).toEqual({});
    expect(Object.keys(readUser("user_u2@acme.test"))).toEqual(["acme-alpha", "acme-beta"]);
  });

  test("a skill that leaves disappears; an unchanged one is not rewritten; the swap leaves one generation", async () => {
    const before = readUser("u1");
    await gw.ok(`mutation { updateArchetypeSkills(archetypeId: "eng", removeSkills: ["acme.beta"], addSkills: ["acme.gamma"]) { change { affectedUsers } } }`);
    await publishAll();
    const after = readUser("u1");
    expect(Object.keys(after)).toEqual(["acme-alpha", "acme-gamma"]);
    expect(existsSync(path.join(root, "u1", "acme-beta"))).toBe(false);
    // Same inode: hard-linked from the previous generation, not written again.
    expect(after["acme-alpha"].ino).toBe(before["acme-alpha"].ino);
    expect(lstatSync(path.join(root, "u1")).isSymbolicLink()).toBe(true);
    expect(readdirSync(path.join(root, ".generations", "u1"))).toHaveLength(1);
    expect(readdirSync(root).filter((f) => f.endsWith(".link"))).toEqual([]);
  });

  test("a new version of a skill is rewritten with its new version", async () => {
    const before = readUser("u1");
    await gw.ok(`mutation { updateSkill(input: { id: "acme.alpha", instructions: "# Alpha v2\\n\\nNew steps." }) { skill { id } } }`);
    await gw.ok(`mutation { deploySkill(id: "acme.alpha") { skill { currentVersion } } }`);
    await gw.ok(`mutation { republish(input: { scope: TENANT, platforms: ["claude-code"] }) { id } }`);
    await publishAll();
    const after = readUser("u1");
    expect(after["acme-alpha"]).toMatchObject({ version: "1.0.1", body: "# Alpha v2\n\nNew steps." });
    expect(after["acme-alpha"].ino).not.toBe(before["acme-alpha"].ino);
    expect(after["acme-gamma"].ino).toBe(before["acme-gamma"].ino);
  });
});
