import "reflect-metadata";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TENANT, codeOf, createTestGateway, type TestGateway } from "../helpers/harness.js";
import { PublishWorker } from "../../src/jobs/worker.js";
import { manifestFileName } from "../../src/jobs/publishers/file.js";
import { waitFor } from "../helpers/wait.js";

let gw: TestGateway;
let publishDir: string;

beforeAll(async () => {
  publishDir = mkdtempSync(path.join(tmpdir(), "gw-life-"));
  gw = await createTestGateway({ PUBLISH_DIR: publishDir, REPOSITORY_ROOTS: publishDir });
});
afterAll(async () => {
  await gw?.close();
  rmSync(publishDir, { recursive: true, force: true });
});

async function skill(id: string) {
  await gw.ok(`mutation($input: CreateSkillInput!) { createSkill(input: $input) { skill { id } } }`, { input: { id, name: id, instructions: `# ${id}` } });
  await gw.ok(`mutation($id: ID!) { deploySkill(id: $id) { skill { id } } }`, { id });
}
const users = (...names: string[]) =>
  gw.ok(`mutation($users: [UpsertUserInput!]!) { upsertUsers(users: $users) { users { id } } }`, {
    users: names.map((n) => ({ id: `user:${n}@acme.test`, email: `${n}@acme.test` })),
  });
const uid = (n: string) => `user:${n}@acme.test`;
const effective = async (n: string): Promise<string[]> =>
  (await gw.ok(`query($id: ID!) { user(id: $id) { effectiveSkills(first: 100) { nodes { skill { id } } } } }`, { id: uid(n) })).user.effectiveSkills.nodes
    .map((e: { skill: { id: string } }) => e.skill.id)
    .sort();
const eventsOf = (kind: string) => gw.app.db.prisma.governanceEvent.findMany({ where: { tenantId: TENANT, kind }, orderBy: { seq: "asc" } });
const CHANGE = `change { dryRun added removed affectedUsers warnings event { kind } publishJobs { scope scopeId } }`;

describe("deprovisionUsers", () => {
  const DEPROVISION = `mutation($ids: [ID!]!, $dryRun: Boolean) { deprovisionUsers(ids: $ids, dryRun: $dryRun) {
    users { id deprovisionedAt archetype { id } groups { id } roles { id } } revokedGrants ${CHANGE} } }`;

  beforeAll(async () => {
    for (const s of ["life.arch", "life.aug", "life.role", "life.grant"]) await skill(s);
    await users("leaver", "stayer", "other");
    await gw.ok(`mutation { createArchetype(input: { id: "life-arch", name: "A" }) { id } }`);
    await gw.ok(`mutation { updateArchetypeSkills(archetypeId: "life-arch", addSkills: ["life.arch"]) { change { affectedUsers } } }`);
    await gw.ok(`mutation { createGroup(input: { id: "life-g", name: "G" }) { id } }`);
    await gw.ok(`mutation { addGroupAugment(groupId: "life-g", skillIds: ["life.aug"]) { change { affectedUsers } } }`);
    await gw.ok(`mutation { createRole(input: { id: "life-r", name: "R" }) { id } }`);
    await gw.ok(`mutation { setRoleSkills(roleId: "life-r", skills: [{ skillId: "life.role" }]) { change { affectedUsers } } }`);
    for (const n of ["leaver", "stayer"]) {
      await gw.ok(`mutation($u: ID!) { setUserArchetype(userId: $u, archetypeId: "life-arch") { user { id } } }`, { u: uid(n) });
      await gw.ok(`mutation($u: ID!) { assignRole(userId: $u, roleId: "life-r") { user { id } } }`, { u: uid(n) });
      await gw.ok(`mutation($u: ID!) { grantSkillToUser(input: { userId: $u, skillId: "life.grant", reason: "pilot" }) { grant { id } } }`, { u: uid(n) });
    }
    await gw.ok(`mutation($u: [ID!]!) { addGroupMembers(groupId: "life-g", userIds: $u) { group { id } } }`, { u: [uid("leaver"), uid("stayer")] });
    await gw.ok(`mutation { upsertDistributionPlatform(input: { id: "files", name: "Files", delivery: "FILE", target: "out" }) { id } }`);
  });

  test("a dry run says what the leaver loses and writes nothing", async () => {
    const before = await eventsOf("user.deprovisioned");
    const r = (await gw.ok(DEPROVISION, { ids: [uid("leaver")], dryRun: true })).deprovisionUsers;
    expect(r.change).toMatchObject({ dryRun: true, added: [], removed: ["life.arch", "life.aug", "life.grant", "life.role"], affectedUsers: 1, event: null, publishJobs: [] });
    expect(r.revokedGrants).toBe(1);
    expect(await effective("leaver")).toEqual(["life.arch", "life.aug", "life.grant", "life.role"]);
    expect(await eventsOf("user.deprovisioned")).toHaveLength(before.length);
  });

  test("empties the user: groups, roles, archetype, grants revoked DEPROVISIONED; never effective; manifest published empty", async () => {
    const r = (await gw.ok(DEPROVISION, { ids: [uid("leaver")] })).deprovisionUsers;
    expect(r.users[0]).toMatchObject({ id: uid("leaver"), archetype: null, groups: [], roles: [] });
    expect(r.users[0].deprovisionedAt).toBeTruthy();
    expect(r.change).toMatchObject({ removed: ["life.arch", "life.aug", "life.grant", "life.role"], affectedUsers: 1, event: { kind: "skill.entitlement_changed" } });
    expect(r.change.publishJobs).toEqual([{ scope: "USER", scopeId: uid("leaver") }]);
    expect(await effective("leaver")).toEqual([]);
    expect(await effective("stayer")).toEqual(["life.arch", "life.aug", "life.grant", "life.role"]);
    const grants = await gw.app.db.prisma.userGrant.findMany({ where: { tenantId: TENANT, userId: uid("leaver") } });
    expect(grants.map((g) => g.revokeReason)).toEqual(["DEPROVISIONED"]);
    const events = await eventsOf("user.deprovisioned");
    expect(events.at(-1)).toMatchObject({ subjects: [`user:${uid("leaver")}`, "archetype:life-arch"] });

    const worker = new PublishWorker(gw.app, { concurrency: 1, leaseMs: 5000, pollMs: 50, maxAttempts: 2, backoffBaseMs: 50, batchSize: 10 }).start();
    try {
      const file = path.join(publishDir, TENANT, "out", manifestFileName(uid("leaver")));
      const manifest = await waitFor(async () => {
        try {
          return JSON.parse(readFileSync(file, "utf8"));
        } catch {
          return null;
        }
      }, { timeoutMs: 15_000, what: "the leaver's manifest" });
      expect(manifest).toMatchObject({ userId: uid("leaver"), skills: [] });
    } finally {
      await worker.stop();
    }
  });

  test("listed only with the filter; cannot receive anything; deprovisioning again changes nothing", async () => {
    const Q = `query($d: Boolean) { users(deprovisioned: $d, first: 100) { nodes { id } } }`;
    expect((await gw.ok(Q, {})).users.nodes.map((u: { id: string }) => u.id)).not.toContain(uid("leaver"));
    expect((await gw.ok(Q, { d: true })).users.nodes).toEqual([{ id: uid("leaver") }]);
    expect((await gw.ok(Q, { d: null })).users.nodes.map((u: { id: string }) => u.id)).toContain(uid("leaver"));
    const add = await gw.run(`mutation($u: [ID!]!) { addGroupMembers(groupId: "life-g", userIds: $u) { group { id } } }`, { u: [uid("leaver")] });
    expect(add.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", field: "userIds.0" });
    const grant = await gw.run(`mutation($u: ID!) { grantSkillToUser(input: { userId: $u, skillId: "life.grant", reason: "x" }) { grant { id } } }`, { u: uid("leaver") });
    expect(codeOf(grant)).toBe("CONFLICT");
    // Rows written behind the services' back still never make a deprovisioned user effective.
    await gw.app.db.prisma.groupMember.create({ data: { tenantId: TENANT, groupId: "life-g", userId: uid("leaver") } });
    expect(await effective("leaver")).toEqual([]);
    await gw.app.db.prisma.groupMember.delete({ where: { tenantId_groupId_userId: { tenantId: TENANT, groupId: "life-g", userId: uid("leaver") } } });
    const again = (await gw.ok(DEPROVISION, { ids: [uid("leaver")] })).deprovisionUsers;
    expect(again.change).toMatchObject({ affectedUsers: 0, event: null });
    expect(again.change.warnings[0]).toContain(uid("leaver"));
  });

  test("provisioning the same id again starts clean", async () => {
    await users("leaver");
    const u = (await gw.ok(`query($id: ID!) { user(id: $id) { deprovisionedAt archetype { id } groups { id } grants { revokeReason } } }`, { id: uid("leaver") })).user;
    expect(u).toEqual({ deprovisionedAt: null, archetype: null, groups: [], grants: [{ revokeReason: "DEPROVISIONED" }] });
    expect(await effective("leaver")).toEqual([]);
    await gw.ok(`mutation($u: [ID!]!) { addGroupMembers(groupId: "life-g", userIds: $u) { group { id } } }`, { u: [uid("leaver")] });
    expect(await effective("leaver")).toEqual(["life.aug"]);
  });

  test("errors: unknown id NOT_FOUND at its index, duplicates and more than 1000 BAD_USER_INPUT, needs directory:write", async () => {
    expect((await gw.run(DEPROVISION, { ids: [uid("stayer"), "user:nobody@acme.test"] })).errors?.[0].extensions).toMatchObject({ code: "NOT_FOUND", field: "ids.1" });
    expect((await gw.run(DEPROVISION, { ids: [uid("stayer"), uid("stayer")] })).errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "ids.1" });
    const many = Array.from({ length: 1001 }, (_, i) => `user:u${i}@acme.test`);
    expect((await gw.run(DEPROVISION, { ids: many })).errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "ids" });
    expect(codeOf(await gw.run(DEPROVISION, { ids: [uid("stayer")] }, { scopes: ["skills:read", "skills:write"] }))).toBe("FORBIDDEN");
    expect(codeOf(await gw.run(DEPROVISION, { ids: [uid("stayer")] }, { tenant: "other" }))).toBe("NOT_FOUND");
    expect(await effective("stayer")).toHaveLength(4);
  });
});

describe("deleting a group that blocks skills", () => {
  const DELETE = `mutation($id: ID!, $dryRun: Boolean) { deleteGroup(id: $id, dryRun: $dryRun) { deleted { id name } ${CHANGE} } }`;

  beforeAll(async () => {
    for (const s of ["blk.a", "blk.b"]) await skill(s);
    await users("blocked1", "blocked2", "outsider");
    await gw.ok(`mutation { createArchetype(input: { id: "blk-arch", name: "B" }) { id } }`);
    await gw.ok(`mutation { updateArchetypeSkills(archetypeId: "blk-arch", addSkills: ["blk.a", "blk.b"]) { change { affectedUsers } } }`);
    for (const n of ["blocked1", "blocked2", "outsider"]) {
      await gw.ok(`mutation($u: ID!) { setUserArchetype(userId: $u, archetypeId: "blk-arch") { user { id } } }`, { u: uid(n) });
    }
    await gw.ok(`mutation { createGroup(input: { id: "no-a", name: "No A" }) { id } }`);
    await gw.ok(`mutation { blockSkillsForGroup(groupId: "no-a", skillIds: ["blk.a"]) { change { affectedUsers } } }`);
    await gw.ok(`mutation($u: [ID!]!) { addGroupMembers(groupId: "no-a", userIds: $u) { group { id } } }`, { u: [uid("blocked1"), uid("blocked2")] });
  });

  test("the dry run shows the members getting the skill back and warns; nothing changes", async () => {
    const r = (await gw.ok(DELETE, { id: "no-a", dryRun: true })).deleteGroup;
    expect(r.deleted).toEqual({ id: "no-a", name: "No A" });
    expect(r.change).toMatchObject({ dryRun: true, added: ["blk.a"], removed: [], affectedUsers: 2, event: null });
    expect(r.change.warnings.join(" ")).toMatch(/blocked blk\.a.*back/);
    expect(await effective("blocked1")).toEqual(["blk.b"]);
    expect((await gw.ok(`{ group(id: "no-a") { id } }`)).group).toEqual({ id: "no-a" });
  });

  test("for real: members see the skill again, the group is NOT_FOUND, its id is free, the log keeps it", async () => {
    const r = (await gw.ok(DELETE, { id: "no-a" })).deleteGroup;
    expect(r.change).toMatchObject({ added: ["blk.a"], affectedUsers: 2, event: { kind: "skill.entitlement_changed" } });
    expect(r.change.warnings[0]).toContain("blk.a");
    expect(r.change.publishJobs.map((j: { scopeId: string }) => j.scopeId).sort()).toEqual([uid("blocked1"), uid("blocked2")]);
    expect(await effective("blocked1")).toEqual(["blk.a", "blk.b"]);
    expect((await gw.ok(`{ group(id: "no-a") { id } }`)).group).toBeNull();
    expect((await gw.ok(`query($id: ID!) { user(id: $id) { groups { id } blockedSkills { skill { id } } } }`, { id: uid("blocked1") })).user).toEqual({ groups: [], blockedSkills: [] });
    const logged = (await eventsOf("directory.changed")).filter((e) => (e.payload as { what?: string }).what === "group.deleted");
    expect(logged.at(-1)!.payload).toMatchObject({ groupId: "no-a", name: "No A", members: 2, blocks: ["blk.a"] });
    expect(codeOf(await gw.run(DELETE, { id: "no-a" }))).toBe("NOT_FOUND");
    expect((await gw.ok(`mutation { createGroup(input: { id: "no-a", name: "Again" }) { id memberCount blocks { id } } }`)).createGroup).toEqual({ id: "no-a", memberCount: 0, blocks: [] });
  });
});

describe("deleting roles and archetypes", () => {
  beforeAll(async () => {
    await skill("del.r");
    await skill("del.a");
    await users("del1");
    await gw.ok(`mutation { createRole(input: { id: "del-role", name: "R" }) { id } }`);
    await gw.ok(`mutation { setRoleSkills(roleId: "del-role", skills: [{ skillId: "del.r" }]) { change { affectedUsers } } }`);
    await gw.ok(`mutation { assignRole(userId: "user:del1@acme.test", roleId: "del-role") { user { id } } }`);
    await gw.ok(`mutation { createArchetype(input: { id: "del-arch", name: "A" }) { id } }`);
    await gw.ok(`mutation { updateArchetypeSkills(archetypeId: "del-arch", addSkills: ["del.a"]) { change { affectedUsers } } }`);
    await gw.ok(`mutation { setUserArchetype(userId: "user:del1@acme.test", archetypeId: "del-arch") { user { id } } }`);
  });

  test("deleteRole: dry run, then members lose its skills; NOT_FOUND afterwards", async () => {
    const M = `mutation($d: Boolean) { deleteRole(id: "del-role", dryRun: $d) { deleted { id } ${CHANGE} } }`;
    expect((await gw.ok(M, { d: true })).deleteRole.change).toMatchObject({ dryRun: true, removed: ["del.r"], affectedUsers: 1 });
    expect(await effective("del1")).toEqual(["del.a", "del.r"]);
    expect((await gw.ok(M, {})).deleteRole.change).toMatchObject({ removed: ["del.r"], affectedUsers: 1 });
    expect(await effective("del1")).toEqual(["del.a"]);
    expect((await gw.ok(`{ role(id: "del-role") { id } }`)).role).toBeNull();
    expect(codeOf(await gw.run(M, {}))).toBe("NOT_FOUND");
  });

  test("deleteArchetype: its users have none and lose its skills", async () => {
    const M = `mutation($d: Boolean) { deleteArchetype(id: "del-arch", dryRun: $d) { deleted { id } ${CHANGE} } }`;
    expect((await gw.ok(M, { d: true })).deleteArchetype.change).toMatchObject({ dryRun: true, removed: ["del.a"], affectedUsers: 1 });
    expect((await gw.ok(M, {})).deleteArchetype.change).toMatchObject({ removed: ["del.a"], affectedUsers: 1 });
    expect((await gw.ok(`{ user(id: "user:del1@acme.test") { archetype { id } } }`)).user.archetype).toBeNull();
    expect(await effective("del1")).toEqual([]);
    expect(codeOf(await gw.run(M, {}))).toBe("NOT_FOUND");
    expect(codeOf(await gw.run(`mutation { deleteArchetype(id: "Bad Id") { deleted { id } } }`))).toBe("BAD_USER_INPUT");
    expect(codeOf(await gw.run(M, {}, { scopes: ["skills:write"] }))).toBe("FORBIDDEN");
  });
});

describe("deleting coworks, agents, repositories and platforms", () => {
  test("deleteCowork: archetypes keep the applied skills and forget it", async () => {
    await skill("cw.a");
    await gw.ok(`mutation { createCowork(input: { id: "cw", name: "CW", skills: [{ skillId: "cw.a" }] }) { id } }`);
    await gw.ok(`mutation { createArchetype(input: { id: "cw-arch", name: "A" }) { id } }`);
    await gw.ok(`mutation { applyCowork(input: { coworkId: "cw", scopeArchetypes: ["cw-arch"], mergeMode: MERGE }) { change { affectedUsers } } }`);
    expect((await gw.ok(`mutation { deleteCowork(id: "cw") { id name } }`)).deleteCowork).toEqual({ id: "cw", name: "CW" });
    expect((await gw.ok(`{ cowork(id: "cw") { id } archetype(id: "cw-arch") { cowork { id } skills { skill { id } } } }`))).toEqual({
      cowork: null,
      archetype: { cowork: null, skills: [{ skill: { id: "cw.a" } }] },
    });
    expect(codeOf(await gw.run(`mutation { deleteCowork(id: "cw") { id } }`))).toBe("NOT_FOUND");
  });

  test("deleteAgent: assignments go with it; the id is free again", async () => {
    await skill("ag.s");
    await gw.ok(`mutation { createAgent(input: { id: "bot", name: "Bot" }) { id } }`);
    await gw.ok(`mutation { assignSkill(input: { agentId: "bot", skillId: "ag.s" }) { assignment { id } } }`);
    expect((await gw.ok(`mutation { deleteAgent(id: "bot") { id name } }`)).deleteAgent).toEqual({ id: "bot", name: "Bot" });
    expect((await gw.ok(`{ agent(id: "bot") { id } skill(id: "ag.s") { assignedAgents { totalCount } } }`))).toEqual({ agent: null, skill: { assignedAgents: { totalCount: 0 } } });
    expect((await gw.ok(`mutation { createAgent(input: { id: "bot", name: "Bot 2" }) { id name } }`)).createAgent).toEqual({ id: "bot", name: "Bot 2" });
  });

  test("deleteRepository: DISCOVERED skills follow it (DELETED), MANUAL ones stay without it", async () => {
    const p = gw.app.db.prisma;
    const folder = path.join(publishDir, TENANT, "repo-src", ".claude", "skills", "found");
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, "SKILL.md"), "---\nname: repo-found\ndescription: Found\nversion: 1.0.0\n---\n# Found\n");
    await gw.ok(`mutation($loc: String!) { createRepository(input: { id: "repo", name: "Repo", location: $loc }) { id } }`, { loc: path.join(publishDir, TENANT, "repo-src") });
    expect((await gw.ok(`mutation { syncRepository(id: "repo") { discovered { id source } errors } }`)).syncRepository).toEqual({ discovered: [{ id: "repo-found", source: "DISCOVERED" }], errors: [] });
    await skill("repo.manual");
    await p.skill.update({ where: { tenantId_id: { tenantId: TENANT, id: "repo.manual" } }, data: { repositoryId: "repo", source: "MANUAL" } });
    await users("repo1");
    await gw.ok(`mutation { grantSkillToUser(input: { userId: "user:repo1@acme.test", skillId: "repo-found", reason: "x" }) { grant { id } } }`);
    const M = `mutation($d: Boolean) { deleteRepository(id: "repo", dryRun: $d) { deleted { id } deletedSkills keptSkills ${CHANGE} } }`;
    const dry = (await gw.ok(M, { d: true })).deleteRepository;
    expect(dry).toMatchObject({ deletedSkills: ["repo-found"], keptSkills: ["repo.manual"], change: { dryRun: true, removed: ["repo-found"], affectedUsers: 1 } });
    expect(await effective("repo1")).toEqual(["repo-found"]);
    const real = (await gw.ok(M, {})).deleteRepository;
    expect(real.change).toMatchObject({ removed: ["repo-found"], affectedUsers: 1 });
    expect(await effective("repo1")).toEqual([]);
    const q = await gw.ok(`{ repository(id: "repo") { id } a: skill(id: "repo-found") { lifecycle } b: skill(id: "repo.manual") { lifecycle repository { id } } }`);
    expect(q).toEqual({ repository: null, a: { lifecycle: "DELETED" }, b: { lifecycle: "ACTIVE", repository: null } });
  });

  test("deleteDistributionPlatform: queued jobs are cancelled and go with it; admin only", async () => {
    await gw.ok(`mutation { upsertDistributionPlatform(input: { id: "gone", name: "Gone", delivery: "FILE", target: "gone-out" }) { id } }`);
    const jobs = (await gw.ok(`mutation { republish(input: { scope: TENANT, platforms: ["gone"] }) { id status } }`)).republish;
    expect(jobs).toHaveLength(1);
    expect(codeOf(await gw.run(`mutation { deleteDistributionPlatform(id: "gone") { cancelledJobs } }`, {}, { scopes: ["skills:write", "directory:write", "skill_entitlement:write"] }))).toBe("FORBIDDEN");
    const r = (await gw.ok(`mutation { deleteDistributionPlatform(id: "gone") { deleted { id name } cancelledJobs } }`)).deleteDistributionPlatform;
    expect(r).toEqual({ deleted: { id: "gone", name: "Gone" }, cancelledJobs: [jobs[0].id] });
    expect((await gw.ok(`query($id: ID!) { publishJob(id: $id) { id } }`, { id: jobs[0].id })).publishJob).toBeNull();
    expect((await gw.ok(`{ distributionPlatforms { id } }`)).distributionPlatforms.map((p: { id: string }) => p.id)).not.toContain("gone");
    const [event] = (await eventsOf("distribution.platform_deleted")).slice(-1);
    expect(event.payload).toMatchObject({ platformId: "gone", cancelledJobs: [jobs[0].id] });
  });
});

describe("renaming and describing", () => {
  test("updateGroup, updateRole, updateArchetype, updateCowork, updateAgent", async () => {
    await gw.ok(`mutation { createGroup(input: { id: "ren-g", name: "Old" }) { id } }`);
    expect((await gw.ok(`mutation { updateGroup(input: { id: "ren-g", name: " New ", description: "Pilot team" }) { id name description } }`)).updateGroup).toEqual({
      id: "ren-g",
      name: "New",
      description: "Pilot team",
    });
    expect((await gw.ok(`mutation { updateGroup(input: { id: "ren-g", description: "" }) { name description } }`)).updateGroup).toEqual({ name: "New", description: null });
    await gw.ok(`mutation { createRole(input: { id: "ren-r", name: "R" }) { id } }`);
    expect((await gw.ok(`mutation { updateRole(input: { id: "ren-r", description: "Ships releases" }) { name description } }`)).updateRole).toEqual({ name: "R", description: "Ships releases" });
    await gw.ok(`mutation { createArchetype(input: { id: "ren-a", name: "A" }) { id } }`);
    expect((await gw.ok(`mutation { updateArchetype(input: { id: "ren-a", name: "Firmware" }) { name } }`)).updateArchetype).toEqual({ name: "Firmware" });
    await gw.ok(`mutation { createCowork(input: { id: "ren-c", name: "C", skills: [] }) { id } }`);
    expect((await gw.ok(`mutation { updateCowork(input: { id: "ren-c", description: "v1" }) { name description } }`)).updateCowork).toEqual({ name: "C", description: "v1" });
    await gw.ok(`mutation { createAgent(input: { id: "ren-bot", name: "Bot" }) { id } }`);
    expect((await gw.ok(`mutation { updateAgent(input: { id: "ren-bot", description: "Triage" }) { name description } }`)).updateAgent).toEqual({ name: "Bot", description: "Triage" });
    const logged = (await eventsOf("directory.changed")).filter((e) => (e.payload as { what?: string }).what === "group.updated");
    expect(logged.at(-1)!.payload).toMatchObject({ changes: { description: { from: "Pilot team", to: null } } });
  });

  test("errors: empty name BAD_USER_INPUT at input.name, unknown NOT_FOUND, another tenant's NOT_FOUND", async () => {
    expect((await gw.run(`mutation { updateGroup(input: { id: "ren-g", name: "  " }) { id } }`)).errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.name" });
    expect((await gw.run(`mutation { updateRole(input: { id: "nope", name: "x" }) { id } }`)).errors?.[0].extensions).toMatchObject({ code: "NOT_FOUND", field: "input.id" });
    expect(codeOf(await gw.run(`mutation { updateGroup(input: { id: "ren-g", name: "x" }) { id } }`, {}, { tenant: "other" }))).toBe("NOT_FOUND");
    expect(codeOf(await gw.run(`mutation { updateCowork(input: { id: "ren-c", description: "${"x".repeat(2001)}" }) { id } }`))).toBe("BAD_USER_INPUT");
  });
});
