import "reflect-metadata";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TENANT, codeOf, createTestGateway, type TestGateway } from "../helpers/harness.js";

let gw: TestGateway;
/** The operator's repository root (REPOSITORY_ROOTS); the tenant's folders live under <base>/<tenant>. */
let base: string;
let root: string;
beforeAll(async () => {
  base = mkdtempSync(path.join(tmpdir(), "gw-repos-test-"));
  root = path.join(base, TENANT);
  mkdirSync(root);
  gw = await createTestGateway({
    REPOSITORY_ROOTS: base,
    GIT_ALLOWED_SCHEMES: "https,ssh,file",
    GIT_ALLOWED_HOSTS: "github.com,example.com",
  });
});
afterAll(async () => {
  await gw?.close();
  if (base) rmSync(base, { recursive: true, force: true });
});

function write(base: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(base, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

const manifest = (name: string, description: string, body: string, version?: string) =>
  `---\nname: ${name}\ndescription: ${description}\n${version ? `version: "${version}"\n` : ""}---\n\n${body}\n`;

const CREATE = `mutation($input: CreateRepositoryInput!) { createRepository(input: $input) { id name location lastSyncedAt } }`;
const SYNC = `mutation($id: ID!) {
  syncRepository(id: $id) {
    repository { id lastSyncedAt }
    discovered { id name source lifecycle currentVersion path description repository { id } }
    updated { id currentVersion description path }
    pruned
    errors
  }
}`;
const SKILL = `query($id: ID!) {
  skill(id: $id) { id source lifecycle currentVersion deletedAt assignedAgentsCount
    versions { version isDraft instructions references { filename content } scripts } }
}`;

async function eventsOf(kind: string) {
  return gw.app.db.prisma.governanceEvent.findMany({ where: { tenantId: TENANT, kind }, orderBy: { seq: "asc" } });
}

describe("createRepository", () => {
  test("creates a local repository with an id derived from the name", async () => {
    const folder = path.join(root, "empty");
    mkdirSync(folder);
    const data = await gw.ok(CREATE, { input: { name: "Empty Repo", location: folder } });
    expect(data.createRepository).toEqual({ id: "empty-repo", name: "Empty Repo", location: folder, lastSyncedAt: null });
    const [event] = await eventsOf("directory.changed");
    expect(event).toMatchObject({ subjects: ["repository:empty-repo"], payload: { what: "repository.created" } });
  });

  test("accepts git URLs without touching the network", async () => {
    mkdirSync(path.join(root, "srv/skills.git"), { recursive: true });
    for (const [id, location] of [
      ["r-https", "https://github.com/acme/skills.git"],
      ["r-ssh", "ssh://git@example.com/acme/skills"],
      ["r-scp", "git@github.com:acme/skills.git"],
      ["r-file", `file://${root}/srv/skills.git`],
      ["r-dotgit", `${root}/srv/skills.git`],
    ]) {
      const data = await gw.ok(CREATE, { input: { id, name: id, location } });
      expect(data.createRepository.location).toBe(location);
    }
  });

  test("a local folder that does not exist, or a relative path, is BAD_USER_INPUT on input.location", async () => {
    for (const location of [path.join(root, "missing"), "relative/folder", "", "-upload-pack=x", "ext::sh -c x"]) {
      const r = await gw.run(CREATE, { input: { id: "bad-loc", name: "x", location } });
      expect(r.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", status: 400, field: "input.location" });
    }
  });

  test("a taken id is CONFLICT; an invalid id or empty name is BAD_USER_INPUT", async () => {
    const taken = await gw.run(CREATE, { input: { id: "r-https", name: "x", location: "https://example.com/x.git" } });
    expect(taken.errors![0].extensions).toMatchObject({ code: "CONFLICT", status: 409, field: "input.id" });
    const derived = await gw.run(CREATE, { input: { name: "Empty  repo", location: "https://example.com/x.git" } });
    expect(derived.errors![0].extensions).toMatchObject({ code: "CONFLICT", field: "input.name" });
    const badId = await gw.run(CREATE, { input: { id: "Not Valid", name: "x", location: "https://example.com/x.git" } });
    expect(badId.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.id" });
    const blank = await gw.run(CREATE, { input: { name: "  ", location: "https://example.com/x.git" } });
    expect(blank.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.name" });
  });

  test("needs skills:write", async () => {
    const r = await gw.run(CREATE, { input: { name: "x", location: root } }, { scopes: ["skills:read"] });
    expect(codeOf(r)).toBe("FORBIDDEN");
  });

  test("repositories are listed by id; another tenant sees none of them", async () => {
    const data = await gw.ok(`{ repositories { id } }`);
    const ids = data.repositories.map((r: { id: string }) => r.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toContain("empty-repo");
    expect(await gw.ok(`{ repositories { id } }`, {}, { tenant: "other" })).toEqual({ repositories: [] });
    expect(await gw.ok(`{ repository(id: "empty-repo") { id } }`, {}, { tenant: "other" })).toEqual({ repository: null });
  });
});

describe("syncRepository (local folder)", () => {
  let folder: string;
  beforeAll(async () => {
    folder = path.join(root, "local");
    write(folder, {
      ".claude/skills/alpha/SKILL.md": manifest("alpha", "Alpha does things", "# Alpha\nDo alpha.", "1.2.0"),
      ".claude/skills/alpha/references/GUIDE.md": "guide",
      ".claude/skills/alpha/notes.txt": "notes",
      ".claude/skills/alpha/data.json": "{}",
      ".claude/skills/alpha/docs/data.json": "[]",
      ".claude/skills/alpha/logo.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]),
      ".claude/skills/alpha/huge.md": "x".repeat(300 * 1024),
      ".claude/skills/alpha/scripts/collect.sh": "#!/bin/sh\necho hi\n",
      ".claude/skills/alpha/scripts/lib/util.py": "print(1)\n",
      ".claude/skills/alpha/nested/beta/SKILL.md": manifest("beta", "Beta", "Do beta."),
      ".claude/skills/alpha/nested/beta/references/B.md": "b",
      ".claude/skills/alpha/nested/beta/scripts/run.py": "print(2)\n",
      "delta/SKILL.md": manifest("delta", "Delta", "Do delta."),
      "epsilon/SKILL.md": manifest("epsilon", "Epsilon", "Do epsilon."),
      "zeta/SKILL.md": manifest("zeta", "Zeta", "Do zeta."),
      "taken/SKILL.md": manifest("taken-id", "Taken", "Do taken."),
      "twin/SKILL.md": manifest("delta", "Delta again", "Do delta twice."),
      "bad/SKILL.md": manifest("Bad-Name", "Uppercase", "Nope."),
      "long/SKILL.md": manifest("long", "d".repeat(1100), "Nope."),
      "node_modules/pkg/SKILL.md": manifest("hidden", "Never read", "Nope."),
      ".git/SKILL.md": manifest("hidden-git", "Never read", "Nope."),
    });
    await gw.ok(CREATE, { input: { id: "local", name: "Local", location: folder } });
    await gw.ok(`mutation { createSkill(input: { id: "taken-id", name: "Taken", instructions: "x" }) { skill { id } } }`);
  });

  test("discovers every readable SKILL.md and reports the others", async () => {
    const { syncRepository: r } = await gw.ok(SYNC, { id: "local" });
    expect(r.repository.lastSyncedAt).not.toBeNull();
    expect(r.discovered.map((s: { id: string }) => s.id).sort()).toEqual(["alpha", "beta", "delta", "epsilon", "zeta"]);
    expect(r.discovered.find((s: { id: string }) => s.id === "alpha")).toEqual({
      id: "alpha",
      name: "alpha",
      source: "DISCOVERED",
      lifecycle: "ACTIVE",
      currentVersion: "1.2.0",
      path: ".claude/skills/alpha/SKILL.md",
      description: "Alpha does things",
      repository: { id: "local" },
    });
    expect(r.discovered.find((s: { id: string }) => s.id === "beta")).toMatchObject({
      currentVersion: "1.0.0",
      path: ".claude/skills/alpha/nested/beta/SKILL.md",
    });
    expect(r.updated).toEqual([]);
    expect(r.pruned).toEqual([]);
    expect(r.errors).toHaveLength(4);
    expect(r.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^bad\/SKILL\.md: name "Bad-Name" must be lowercase/),
        expect.stringMatching(/^long\/SKILL\.md: description is 1100 characters long/),
        'taken/SKILL.md: skill id "taken-id" is already used by another catalog entry',
        'twin/SKILL.md: skill id "delta" is already used by delta/SKILL.md',
      ]),
    );
  });

  test("reference files and scripts come from the skill's own folder tree", async () => {
    const alpha = (await gw.ok(SKILL, { id: "alpha" })).skill;
    expect(alpha.versions).toHaveLength(1);
    const v = alpha.versions[0];
    expect(v).toMatchObject({ version: "1.2.0", isDraft: false, instructions: "# Alpha\nDo alpha." });
    expect(v.references).toEqual([
      { filename: "GUIDE.md", content: "guide" },
      { filename: "data.json", content: "{}" },
      { filename: "docs-data.json", content: "[]" },
      { filename: "notes.txt", content: "notes" },
    ]);
    expect(v.scripts).toEqual(["scripts/collect.sh", "scripts/lib/util.py"]);
    const beta = (await gw.ok(SKILL, { id: "beta" })).skill.versions[0];
    expect(beta.references).toEqual([{ filename: "B.md", content: "b" }]);
    expect(beta.scripts).toEqual(["scripts/run.py"]);
  });

  test("records repository.synced and skill.created in the same change", async () => {
    const [synced] = await eventsOf("repository.synced");
    expect(synced).toMatchObject({ subjects: ["repository:local"], payload: { pruned: [], updated: [], errors: 4 } });
    expect((synced.payload as { discovered: string[] }).discovered.sort()).toEqual(["alpha", "beta", "delta", "epsilon", "zeta"]);
    const created = (await eventsOf("skill.created")).filter((e) => (e.payload as { source: string }).source === "DISCOVERED");
    expect(created.map((e) => (e.subjects as string[])[0]).sort()).toEqual(["skill:alpha", "skill:beta", "skill:delta", "skill:epsilon", "skill:zeta"]);
    expect(created.every((e) => e.seq < synced.seq)).toBe(true);
  });

  test("an unchanged re-sync changes nothing", async () => {
    const { syncRepository: r } = await gw.ok(SYNC, { id: "local" });
    expect(r).toMatchObject({ discovered: [], updated: [], pruned: [] });
    expect(r.errors).toHaveLength(4);
  });

  test("changes update, vanished DISCOVERED skills are pruned, MANUAL ones and unreadable ones stay", async () => {
    const prisma = gw.app.db.prisma;
    await prisma.agent.create({ data: { tenantId: TENANT, id: "bot", name: "Bot" } });
    await prisma.agentSkillAssignment.create({
      data: { tenantId: TENANT, id: "a1", agentId: "bot", skillId: "delta", skillVersion: "1.0.0", config: {} },
    });
    await prisma.skill.update({ where: { tenantId_id: { tenantId: TENANT, id: "epsilon" } }, data: { source: "MANUAL" } });

    write(folder, {
      // same version, new content: the patch is bumped (versions are immutable)
      ".claude/skills/alpha/SKILL.md": manifest("alpha", "Alpha does more", "# Alpha\nDo alpha better.", "1.2.0"),
      // new version, same content
      ".claude/skills/alpha/nested/beta/SKILL.md": manifest("beta", "Beta", "Do beta.", "2.0.0"),
      // now unreadable: kept, reported
      "zeta/SKILL.md": "no front matter",
      "new/SKILL.md": manifest("gamma", "Gamma", "Do gamma."),
    });
    rmSync(path.join(folder, "delta"), { recursive: true });
    rmSync(path.join(folder, "twin"), { recursive: true });
    rmSync(path.join(folder, "epsilon"), { recursive: true });

    const { syncRepository: r } = await gw.ok(SYNC, { id: "local" });
    expect(r.discovered.map((s: { id: string }) => s.id)).toEqual(["gamma"]);
    expect(r.updated).toEqual([
      { id: "alpha", currentVersion: "1.2.1", description: "Alpha does more", path: ".claude/skills/alpha/SKILL.md" },
      { id: "beta", currentVersion: "2.0.0", description: "Beta", path: ".claude/skills/alpha/nested/beta/SKILL.md" },
    ]);
    expect(r.pruned).toEqual(["delta"]);
    expect(r.errors).toEqual(expect.arrayContaining([expect.stringMatching(/^zeta\/SKILL\.md: SKILL\.md must start/)]));

    const alpha = (await gw.ok(SKILL, { id: "alpha" })).skill;
    expect(alpha.versions.map((v: { version: string }) => v.version)).toEqual(["1.2.1", "1.2.0"]);
    expect(alpha.versions[1].instructions).toBe("# Alpha\nDo alpha.");
    const delta = (await gw.ok(SKILL, { id: "delta" })).skill;
    expect(delta).toMatchObject({ lifecycle: "DELETED", assignedAgentsCount: 0 });
    expect(delta.deletedAt).not.toBeNull();
    expect(await prisma.agentSkillAssignment.count({ where: { tenantId: TENANT, skillId: "delta" } })).toBe(0);
    const [pruneEvent] = (await eventsOf("skill.lifecycle_changed")).filter((e) => (e.subjects as string[]).includes("skill:delta"));
    expect(pruneEvent).toMatchObject({ subjects: ["skill:delta", "agent:bot"], payload: { to: "DELETED", removedAssignments: ["bot"] } });
    expect((await gw.ok(SKILL, { id: "epsilon" })).skill).toMatchObject({ source: "MANUAL", lifecycle: "ACTIVE" });
    expect((await gw.ok(SKILL, { id: "zeta" })).skill).toMatchObject({ lifecycle: "ACTIVE" });
  });

  test("a manifest that comes back restores its pruned skill", async () => {
    write(folder, { "delta/SKILL.md": manifest("delta", "Delta", "Do delta.") });
    const { syncRepository: r } = await gw.ok(SYNC, { id: "local" });
    expect(r.discovered).toEqual([expect.objectContaining({ id: "delta", lifecycle: "ACTIVE", currentVersion: "1.0.0" })]);
    expect(r.pruned).toEqual([]);
  });

  test("Repository.skills pages the non-deleted skills by id, in one query per level", async () => {
    const q = `query($after: String) { repository(id: "local") { id lastSyncedAt skills(first: 2, after: $after) {
      totalCount nodes { id } pageInfo { hasNextPage endCursor } } } }`;
    const first = await gw.ok(q);
    expect(first.repository.skills).toMatchObject({ totalCount: 6, nodes: [{ id: "alpha" }, { id: "beta" }], pageInfo: { hasNextPage: true } });
    const second = await gw.ok(q, { after: first.repository.skills.pageInfo.endCursor });
    expect(second.repository.skills.nodes).toEqual([{ id: "delta" }, { id: "epsilon" }]);

    const list = `{ repositories { id skills(first: 50) { nodes { id repository { id } } } } }`;
    const many = await gw.run(list);
    expect(many.errors).toBeUndefined();
    const local = many.data.repositories.find((r: { id: string }) => r.id === "local");
    expect(local.skills.nodes.map((n: { id: string }) => n.id)).toEqual(["alpha", "beta", "delta", "epsilon", "gamma", "zeta"]);
    const other = await gw.run(list, {}, { tenant: "other" });
    expect(many.statements).toBeLessThanOrEqual(3);
    expect(other.statements).toBeLessThanOrEqual(3);
  });

  test("unknown or another tenant's repository is NOT_FOUND; a vanished folder is BAD_USER_INPUT", async () => {
    const missing = await gw.run(SYNC, { id: "nope" });
    expect(missing.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", status: 404, field: "id" });
    const foreign = await gw.run(SYNC, { id: "local" }, { tenant: "other" });
    expect(foreign.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "id" });
    const gone = path.join(root, "gone");
    mkdirSync(gone);
    await gw.ok(CREATE, { input: { id: "gone", name: "Gone", location: gone } });
    rmSync(gone, { recursive: true });
    const r = await gw.run(SYNC, { id: "gone" });
    expect(r.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "id" });
  });

  test("needs skills:write", async () => {
    const r = await gw.run(SYNC, { id: "local" }, { scopes: ["skills:read"] });
    expect(codeOf(r)).toBe("FORBIDDEN");
  });

  test("a skill id used by another repository is reported, not taken over", async () => {
    const other = path.join(root, "other");
    write(other, { "x/SKILL.md": manifest("alpha", "Another alpha", "Hijack.") });
    await gw.ok(CREATE, { input: { id: "other-repo", name: "Other", location: other } });
    const { syncRepository: r } = await gw.ok(SYNC, { id: "other-repo" });
    expect(r.discovered).toEqual([]);
    expect(r.errors).toEqual(['x/SKILL.md: skill id "alpha" is already used by another catalog entry']);
  });
});

describe("syncRepository (git)", () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main", ...args], {
      cwd,
      stdio: "pipe",
    });

  test("clones a git URL shallowly and reads its manifests", async () => {
    const repo = path.join(root, "gitrepo");
    write(repo, {
      "skills/git-skill/SKILL.md": manifest("git-skill", "From git", "Do git things.", "0.3.0"),
      "skills/git-skill/references/REF.md": "ref",
    });
    git(repo, "init", "-q");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "skills");
    await gw.ok(CREATE, { input: { id: "git-repo", name: "Git", location: `file://${repo}` } });
    const { syncRepository: r } = await gw.ok(SYNC, { id: "git-repo" });
    expect(r.discovered).toEqual([
      expect.objectContaining({ id: "git-skill", currentVersion: "0.3.0", path: "skills/git-skill/SKILL.md", repository: { id: "git-repo" } }),
    ]);
    expect(r.errors).toEqual([]);
    const skill = (await gw.ok(SKILL, { id: "git-skill" })).skill;
    expect(skill.versions[0].references).toEqual([{ filename: "REF.md", content: "ref" }]);
  });

  test("a clone failure is BAD_USER_INPUT with a generic message, never git's words", async () => {
    mkdirSync(path.join(root, "not-a-repo.git"));
    await gw.ok(CREATE, { input: { id: "git-missing", name: "Missing", location: `file://${root}/not-a-repo.git` } });
    const r = await gw.run(SYNC, { id: "git-missing" });
    expect(r.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "id" });
    expect(r.errors![0].message).toBe("Repository could not be cloned: check the URL and that the gateway may reach it");
  });
});

describe("a sync changes what users see through the entitlement engine", () => {
  test("pruning a granted skill and bumping another's version record skill.entitlement_changed and queue publish jobs", async () => {
    const folder = path.join(root, "engine");
    write(folder, {
      "kept/SKILL.md": manifest("engine-kept", "Kept", "Do kept.", "1.0.0"),
      "pruned/SKILL.md": manifest("engine-pruned", "Pruned", "Do pruned.", "1.0.0"),
    });
    await gw.ok(CREATE, { input: { id: "engine", name: "Engine", location: folder } });
    await gw.ok(SYNC, { id: "engine" });
    await gw.ok(`mutation { upsertDistributionPlatform(input: { id: "engine-files", name: "Files", delivery: "FILE", target: "engine-out" }) { id } }`);
    await gw.ok(`mutation { upsertUsers(users: [{ id: "user:eve@acme.test", email: "eve@acme.test" }]) { users { id } } }`);
    for (const skillId of ["engine-kept", "engine-pruned"]) {
      await gw.ok(`mutation($s: ID!) { grantSkillToUser(input: { userId: "user:eve@acme.test", skillId: $s, reason: "test" }) { grant { id } } }`, { s: skillId });
    }
    const seen = async () =>
      (await gw.ok(`{ user(id: "user:eve@acme.test") { effectiveSkills { nodes { skill { id } skillVersion } } } }`)).user.effectiveSkills.nodes;
    expect(await seen()).toEqual([
      { skill: { id: "engine-kept" }, skillVersion: "1.0.0" },
      { skill: { id: "engine-pruned" }, skillVersion: "1.0.0" },
    ]);
    const before = (await eventsOf("skill.entitlement_changed")).length;
    // As the worker leaves them: the grants' jobs delivered, so a new change queues a new job.
    await gw.app.db.prisma.publishJob.updateMany({ where: { tenantId: TENANT }, data: { status: "SUCCEEDED", queuedKey: null } });

    rmSync(path.join(folder, "pruned"), { recursive: true });
    write(folder, { "kept/SKILL.md": manifest("engine-kept", "Kept", "Do kept, better.", "1.1.0") });
    await gw.ok(SYNC, { id: "engine" });

    expect(await seen()).toEqual([{ skill: { id: "engine-kept" }, skillVersion: "1.1.0" }]);
    const changes = await eventsOf("skill.entitlement_changed");
    expect(changes.length).toBe(before + 1);
    expect(changes.at(-1)).toMatchObject({ payload: { removed: ["engine-pruned"], affectedUsers: 1 } });
    expect(changes.at(-1)!.subjects).toEqual(expect.arrayContaining(["repository:engine", "user:user:eve@acme.test"]));
    const queued = await gw.app.db.prisma.publishJob.findMany({ where: { tenantId: TENANT, status: "QUEUED" } });
    expect(queued.map((j) => [j.platformId, j.scope, j.scopeId, j.eventSeq])).toEqual([
      ["engine-files", "USER", "user:eve@acme.test", changes.at(-1)!.seq],
    ]);
  });
});
