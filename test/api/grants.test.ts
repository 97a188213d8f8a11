import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { codeOf, createTestGateway, type TestGateway } from "../helpers/harness.js";
import { comparable, effectiveSkillIds, eventsOf, makeSkills } from "../helpers/agent-fixtures.js";

let gw: TestGateway;
const T = "acme";

beforeAll(async () => {
  gw = await createTestGateway();
  await makeSkills(gw, [
    ["acme.a", "ACTIVE"],
    ["acme.b", "ACTIVE"],
    ["acme.blocked", "ACTIVE"],
    ["acme.dep", "DEPRECATED"],
    ["acme.draft", "DRAFT"],
    ["acme.archived", "ARCHIVED"],
    ["acme.deleted", "DELETED"],
  ] as const);
  // Through the API, as an admin would: rows the services can produce.
  await gw.ok(`mutation { createArchetype(input: { id: "eng", name: "Engineer", skillIds: ["acme.b"] }) { id } }`, {}, { tenant: T });
  await gw.ok(
    `mutation { upsertUsers(users: [{ id: "u1", email: "u1@acme.test", archetypeId: "eng" }, { id: "u2", email: "u2@acme.test" }]) { users { id } } }`,
    {},
    { tenant: T },
  );
  await gw.ok(`mutation { createGroup(input: { id: "locked-down", name: "Locked down" }) { id } }`, {}, { tenant: T });
  await gw.ok(`mutation { addGroupMembers(groupId: "locked-down", userIds: ["u1"]) { group { id } } }`, {}, { tenant: T });
  await gw.ok(`mutation { blockSkillsForGroup(groupId: "locked-down", skillIds: ["acme.blocked"]) { group { id } } }`, {}, { tenant: T });
  await gw.ok(`mutation { upsertDistributionPlatform(input: { id: "claude", name: "Claude", delivery: "FILE", target: "claude" }) { id } }`, {}, { tenant: T });
});
afterAll(() => gw?.close());

const effective = (userId: string) => effectiveSkillIds(gw, T, userId);

async function snapshot() {
  const db = gw.app.db.prisma;
  return {
    grants: await db.userGrant.findMany({ orderBy: { id: "asc" } }),
    events: await db.governanceEvent.count(),
    jobs: await db.publishJob.count(),
  };
}

const CHANGE = `change { dryRun added removed affectedUsers publishJobs { scope scopeId trigger platform { id } } event { id kind subjects } warnings }`;
const GRANT = `mutation($input: GrantSkillInput!, $dryRun: Boolean) {
  grantSkillToUser(input: $input, dryRun: $dryRun) { grant { id reason grantedBy grantedAt expiresAt revokedAt revokeReason active user { id } skill { id } } ${CHANGE} }
}`;
const REVOKE = `mutation($id: ID!, $dryRun: Boolean) {
  revokeUserGrant(grantId: $id, dryRun: $dryRun) { grant { id revokedAt revokeReason active } ${CHANGE} }
}`;
const inFuture = (ms: number) => new Date(Date.now() + ms).toISOString();

let grantId: string;

describe("grantSkillToUser", () => {
  test("a dry run returns the would-be grant and writes nothing", async () => {
    const before = await snapshot();
    const expiresAt = inFuture(86_400_000);
    const dry = (await gw.ok(GRANT, { input: { userId: "u2", skillId: "acme.a", reason: "pilot", expiresAt }, dryRun: true }))
      .grantSkillToUser;
    expect(dry.grant).toMatchObject({ reason: "pilot", expiresAt: new Date(expiresAt), revokedAt: null, grantedBy: "user:tester@acme.test" });
    expect(dry.grant.id).toMatch(/^grant_[0-9a-f]{16}$/);
    expect(dry.grant).toMatchObject({ active: true, user: { id: "u2" }, skill: { id: "acme.a" } });
    expect(dry.change).toMatchObject({ dryRun: true, added: ["acme.a"], removed: [], affectedUsers: 1, publishJobs: [], event: null });
    expect(await snapshot()).toEqual(before);
    expect(await effective("u2")).toEqual([]);
  });

  test("grants the skill, records skill.grant_created and queues a USER publish", async () => {
    const expiresAt = inFuture(86_400_000);
    const real = (await gw.ok(GRANT, { input: { userId: "u2", skillId: "acme.a", reason: "  pilot  ", expiresAt } })).grantSkillToUser;
    grantId = real.grant.id;
    expect(grantId).toMatch(/^grant_[0-9a-f]{16}$/);
    expect(real.grant).toMatchObject({ reason: "pilot", expiresAt: new Date(expiresAt), revokedAt: null, revokeReason: null });
    expect(real.change).toMatchObject({ dryRun: false, added: ["acme.a"], removed: [], affectedUsers: 1, warnings: [] });
    expect(real.change.publishJobs).toEqual([{ scope: "USER", scopeId: "u2", trigger: "entitlement_change", platform: { id: "claude" } }]);
    expect(real.change.event.kind).toBe("skill.entitlement_changed");
    const [created] = await eventsOf(gw, "skill.grant_created");
    expect(created).toMatchObject({ subjects: ["user:u2", "skill:acme.a"], payload: { grantId, reason: "pilot", expiresAt } });
    expect(await effective("u2")).toEqual(["acme.a"]);
    const row = await gw.app.db.prisma.userGrant.findUniqueOrThrow({ where: { tenantId_id: { tenantId: T, id: grantId } } });
    expect(row).toMatchObject({ userId: "u2", skillId: "acme.a", grantedBy: "user:tester@acme.test", revokedAt: null });
  });

  test("an active grant of the same skill is CONFLICT", async () => {
    const r = await gw.run(GRANT, { input: { userId: "u2", skillId: "acme.a", reason: "again" } });
    expect(r.errors![0].extensions).toMatchObject({ code: "CONFLICT", status: 409, field: "input.skillId" });
  });

  test("an expired grant does not conflict and does not grant", async () => {
    const db = gw.app.db.prisma;
    await db.userGrant.create({
      data: { tenantId: T, id: "grant_old", userId: "u2", skillId: "acme.dep", reason: "old", expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await effective("u2")).toEqual(["acme.a"]);
    const r = (await gw.ok(GRANT, { input: { userId: "u2", skillId: "acme.dep", reason: "renewed", expiresAt: inFuture(60_000) } }))
      .grantSkillToUser;
    expect(r.change.added).toEqual(["acme.dep"]);
    expect(r.change.warnings).toEqual([expect.stringContaining("DEPRECATED")]);
    expect(await effective("u2")).toEqual(["acme.a", "acme.dep"]);
  });

  test("a skill the user already has, or a blocked one, changes nobody's set", async () => {
    const has = (await gw.ok(GRANT, { input: { userId: "u1", skillId: "acme.b", reason: "belt and braces" } })).grantSkillToUser;
    expect(has.change).toMatchObject({ added: ["acme.b"], affectedUsers: 0, publishJobs: [] });
    expect(has.change.event.kind).toBe("skill.entitlement_changed");
    const dry = (await gw.ok(GRANT, { input: { userId: "u1", skillId: "acme.blocked", reason: "please" }, dryRun: true })).grantSkillToUser;
    expect(dry.change.warnings).toEqual([expect.stringContaining("blocks beat grants")]);
    const blocked = (await gw.ok(GRANT, { input: { userId: "u1", skillId: "acme.blocked", reason: "please" } })).grantSkillToUser;
    expect(blocked.change.warnings).toEqual(dry.change.warnings);
    expect(blocked.change).toMatchObject({ added: ["acme.blocked"], affectedUsers: 0, publishJobs: [] });
    // The payload says why nothing changed: the block beats the grant.
    expect(blocked.change.warnings).toEqual([expect.stringContaining("blocked by group:locked-down")]);
    expect(has.change.warnings).toEqual([]);
    expect(await effective("u1")).toEqual(["acme.b"]);
  });


  test.each([
    ["acme.draft", "DRAFT"],
    ["acme.archived", "ARCHIVED"],
    ["acme.deleted", "DELETED"],
  ])("%s is SKILL_NOT_GRANTABLE", async (skillId) => {
    const before = await snapshot();
    const r = await gw.run(GRANT, { input: { userId: "u2", skillId, reason: "x" } });
    expect(r.errors![0].extensions).toMatchObject({ code: "SKILL_NOT_GRANTABLE", status: 422, field: "input.skillId" });
    expect(await snapshot()).toEqual(before);
  });

  test("bad input is refused before anything is written", async () => {
    const before = await snapshot();
    let r = await gw.run(GRANT, { input: { userId: "u2", skillId: "acme.b", reason: "   " } });
    expect(r.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.reason" });
    r = await gw.run(GRANT, { input: { userId: "u2", skillId: "acme.b", reason: "x", expiresAt: new Date(Date.now() - 1).toISOString() } });
    expect(r.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.expiresAt" });
    r = await gw.run(GRANT, { input: { userId: "nobody", skillId: "acme.b", reason: "x" } });
    expect(r.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "input.userId" });
    r = await gw.run(GRANT, { input: { userId: "u2", skillId: "acme.nope", reason: "x" } });
    expect(r.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "input.skillId" });
    r = await gw.run(GRANT, { input: { userId: "u2", skillId: "acme.b", reason: "x" } }, { tenant: "other" });
    expect(r.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "input.userId" });
    r = await gw.run(GRANT, { input: { userId: "u2", skillId: "acme.b", reason: "x" } }, { scopes: ["skills:read", "skills:write"] });
    expect(codeOf(r)).toBe("FORBIDDEN");
    expect(await snapshot()).toEqual(before);
  });
});

describe("revokeUserGrant", () => {
  test("a dry run writes nothing and answers as the real call", async () => {
    const before = await snapshot();
    const dry = (await gw.ok(REVOKE, { id: grantId, dryRun: true })).revokeUserGrant;
    expect(dry.grant).toMatchObject({ id: grantId, revokeReason: "MANUAL", active: false });
    expect(dry.grant.revokedAt).not.toBeNull();
    expect(dry.change).toMatchObject({ dryRun: true, added: [], removed: ["acme.a"], affectedUsers: 1, publishJobs: [], event: null });
    expect(await snapshot()).toEqual(before);

    const real = (await gw.ok(REVOKE, { id: grantId })).revokeUserGrant;
    expect(comparable(real.change)).toEqual(comparable(dry.change));
    expect(real.change.publishJobs).toMatchObject([{ scope: "USER", scopeId: "u2" }]);
    expect(real.change.event.subjects).toEqual(expect.arrayContaining(["user:u2", "skill:acme.a", `grant:${grantId}`]));
    const row = await gw.app.db.prisma.userGrant.findUniqueOrThrow({ where: { tenantId_id: { tenantId: T, id: grantId } } });
    expect(row.revokeReason).toBe("MANUAL");
    expect(row.revokedAt).not.toBeNull();
    const [revoked] = await eventsOf(gw, "skill.grant_revoked");
    expect(revoked).toMatchObject({ subjects: ["user:u2", "skill:acme.a"], payload: { grantId } });
    expect(await effective("u2")).toEqual(["acme.dep"]);
  });

  test("the skill can be granted again once revoked", async () => {
    const r = (await gw.ok(GRANT, { input: { userId: "u2", skillId: "acme.a", reason: "back" }, dryRun: true })).grantSkillToUser;
    expect(r.change.added).toEqual(["acme.a"]);
  });

  test("revoked or expired grants are CONFLICT; unknown ones NOT_FOUND", async () => {
    let r = await gw.run(REVOKE, { id: grantId });
    expect(r.errors![0].extensions).toMatchObject({ code: "CONFLICT", field: "grantId" });
    r = await gw.run(REVOKE, { id: "grant_old" });
    expect(r.errors![0].extensions).toMatchObject({ code: "CONFLICT", field: "grantId" });
    r = await gw.run(REVOKE, { id: "grant_0000000000000000" });
    expect(r.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", status: 404, field: "grantId" });
    const live = await gw.app.db.prisma.userGrant.findFirstOrThrow({ where: { userId: "u2", skillId: "acme.dep", revokedAt: null, reason: "renewed" } });
    r = await gw.run(REVOKE, { id: live.id }, { tenant: "other" });
    expect(codeOf(r)).toBe("NOT_FOUND");
  });
});
