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
    ["acme.c", "ACTIVE"],
    ["acme.dep", "DEPRECATED"],
    ["acme.draft", "DRAFT"],
    ["acme.archived", "ARCHIVED"],
    ["acme.deleted", "DELETED"],
  ] as const);
  const db = gw.app.db.prisma;
  await db.archetype.createMany({ data: [{ tenantId: T, id: "eng", name: "Engineer" }, { tenantId: T, id: "sales", name: "Sales" }] });
  await db.user.createMany({
    data: [
      { tenantId: T, id: "u1", email: "u1@acme.test", searchText: "", archetypeId: "eng" },
      { tenantId: T, id: "u2", email: "u2@acme.test", searchText: "", archetypeId: "eng" },
      { tenantId: T, id: "u3", email: "u3@acme.test", searchText: "", archetypeId: "sales" },
    ],
  });
  await db.group.create({ data: { tenantId: T, id: "pilot", name: "Pilot" } });
  await db.groupMember.createMany({ data: [{ tenantId: T, groupId: "pilot", userId: "u1" }, { tenantId: T, groupId: "pilot", userId: "u3" }] });
  await db.distributionPlatform.create({ data: { tenantId: T, id: "claude", name: "Claude", delivery: "FILE", target: "claude" } });
});
afterAll(() => gw?.close());

const effective = (userId: string) => effectiveSkillIds(gw, T, userId);

async function snapshot() {
  const db = gw.app.db.prisma;
  return {
    archetypeSkills: await db.archetypeSkill.findMany({ orderBy: [{ archetypeId: "asc" }, { skillId: "asc" }] }),
    augments: await db.groupAugment.findMany({ orderBy: { skillId: "asc" } }),
    blocks: await db.groupBlock.findMany({ orderBy: { skillId: "asc" } }),
    events: await db.governanceEvent.count(),
    jobs: await db.publishJob.count(),
  };
}

const CHANGE = `change { dryRun added removed affectedUsers publishJobs { id scope scopeId status trigger platform { id } } publishLagEstimateSeconds event { id kind subjects payload } warnings }`;
const UPDATE_ARCHETYPE = `mutation($id: ID!, $add: [ID!], $remove: [ID!], $dryRun: Boolean) {
  updateArchetypeSkills(archetypeId: $id, addSkills: $add, removeSkills: $remove, dryRun: $dryRun) { archetype { id name } ${CHANGE} }
}`;
const groupMutation = (name: string) => `mutation($id: ID!, $skills: [ID!]!, $dryRun: Boolean) {
  ${name}(groupId: $id, skillIds: $skills, dryRun: $dryRun) { group { id name } ${CHANGE} }
}`;


describe("updateArchetypeSkills", () => {
  test("a dry run writes nothing and answers exactly as the real call", async () => {
    const before = await snapshot();
    const dry = (await gw.ok(UPDATE_ARCHETYPE, { id: "eng", add: ["acme.a", "acme.b"], dryRun: true })).updateArchetypeSkills;
    expect(dry.archetype).toEqual({ id: "eng", name: "Engineer" });
    expect(dry.change).toMatchObject({ dryRun: true, added: ["acme.a", "acme.b"], removed: [], affectedUsers: 2, publishJobs: [], event: null });
    expect(await snapshot()).toEqual(before);

    const real = (await gw.ok(UPDATE_ARCHETYPE, { id: "eng", add: ["acme.a", "acme.b"] })).updateArchetypeSkills;
    expect(real.change.dryRun).toBe(false);
    expect(comparable(real.change)).toEqual(comparable(dry.change));
    expect(real.change.publishJobs).toMatchObject([
      { scope: "ARCHETYPE", scopeId: "eng", status: "QUEUED", trigger: "entitlement_change", platform: { id: "claude" } },
    ]);
    expect(real.change.publishLagEstimateSeconds).toBeGreaterThan(0);
    expect(real.change.event).toMatchObject({
      kind: "skill.entitlement_changed",
      payload: { added: ["acme.a", "acme.b"], removed: [], affectedUsers: 2 },
    });
    expect(real.change.event.subjects).toEqual(expect.arrayContaining(["archetype:eng", "user:u1", "user:u2"]));
    const rows = await gw.app.db.prisma.archetypeSkill.findMany({ where: { archetypeId: "eng" }, orderBy: { skillId: "asc" } });
    expect(rows.map((r) => [r.skillId, r.origin, r.pinnedVersion])).toEqual([
      ["acme.a", "MANUAL", null],
      ["acme.b", "MANUAL", null],
    ]);
    expect(await effective("u1")).toEqual(["acme.a", "acme.b"]);
    expect(await effective("u3")).toEqual([]);
  });

  test("already present skills are not repeated; an unchanged list records nothing", async () => {
    const before = await snapshot();
    const r = (await gw.ok(UPDATE_ARCHETYPE, { id: "eng", add: ["acme.a"] })).updateArchetypeSkills;
    expect(r.change).toMatchObject({ added: [], removed: [], affectedUsers: 0, publishJobs: [], event: null });
    expect(await snapshot()).toEqual(before);
  });

  test("removes only what is present, and adds in the same call", async () => {
    const r = (await gw.ok(UPDATE_ARCHETYPE, { id: "eng", add: ["acme.c", "acme.c"], remove: ["acme.b", "acme.a", "acme.dep"] }))
      .updateArchetypeSkills;
    expect(r.change).toMatchObject({ added: ["acme.c"], removed: ["acme.a", "acme.b"], affectedUsers: 2 });
    expect(await effective("u2")).toEqual(["acme.c"]);
  });

  test("a DEPRECATED skill is added with a warning", async () => {
    const r = (await gw.ok(UPDATE_ARCHETYPE, { id: "sales", add: ["acme.dep"] })).updateArchetypeSkills;
    expect(r.change.added).toEqual(["acme.dep"]);
    expect(r.change.warnings).toEqual([expect.stringContaining("DEPRECATED")]);
    expect(await effective("u3")).toEqual(["acme.dep"]);
  });

  test.each([
    ["acme.draft", "DRAFT"],
    ["acme.archived", "ARCHIVED"],
    ["acme.deleted", "DELETED"],
  ])("adding %s is SKILL_NOT_GRANTABLE and writes nothing", async (skill) => {
    const before = await snapshot();
    const r = await gw.run(UPDATE_ARCHETYPE, { id: "eng", add: ["acme.b", skill] });
    expect(codeOf(r)).toBe("SKILL_NOT_GRANTABLE");
    expect(r.errors![0].extensions).toMatchObject({ status: 422, field: "addSkills.1" });
    expect(await snapshot()).toEqual(before);
  });

  test("errors name the input at fault", async () => {
    let r = await gw.run(UPDATE_ARCHETYPE, { id: "nope", add: ["acme.a"] });
    expect(codeOf(r)).toBe("NOT_FOUND");
    expect(r.errors![0].extensions!.field).toBe("archetypeId");
    r = await gw.run(UPDATE_ARCHETYPE, { id: "eng", add: ["acme.a", "acme.missing"] });
    expect(r.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "addSkills.1" });
    r = await gw.run(UPDATE_ARCHETYPE, { id: "eng", remove: ["acme.missing"] });
    expect(r.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "removeSkills.0" });
    r = await gw.run(UPDATE_ARCHETYPE, { id: "eng", add: ["acme.a", "acme.b"], remove: ["acme.c", "acme.b"] });
    expect(r.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "removeSkills.1" });
  });

  test("another tenant's archetype does not exist, and the scope is required", async () => {
    const r = await gw.run(UPDATE_ARCHETYPE, { id: "eng", add: ["acme.a"] }, { tenant: "other" });
    expect(r.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "archetypeId" });
    const denied = await gw.run(UPDATE_ARCHETYPE, { id: "eng", add: ["acme.a"] }, { scopes: ["skills:read", "skills:write"] });
    expect(codeOf(denied)).toBe("FORBIDDEN");
  });
});

describe("group augments and blocks", () => {
  test("addGroupAugment: dry run, then the real call", async () => {
    const before = await snapshot();
    const dry = (await gw.ok(groupMutation("addGroupAugment"), { id: "pilot", skills: ["acme.b"], dryRun: true })).addGroupAugment;
    expect(dry.change).toMatchObject({ dryRun: true, added: ["acme.b"], removed: [], affectedUsers: 2, publishJobs: [], event: null });
    expect(await snapshot()).toEqual(before);
    const real = (await gw.ok(groupMutation("addGroupAugment"), { id: "pilot", skills: ["acme.b"] })).addGroupAugment;
    expect(real.group).toEqual({ id: "pilot", name: "Pilot" });
    expect(comparable(real.change)).toEqual(comparable(dry.change));
    expect(real.change.publishJobs).toMatchObject([{ scope: "GROUP", scopeId: "pilot" }]);
    expect(real.change.event.kind).toBe("skill.entitlement_changed");
    expect(await effective("u1")).toEqual(["acme.b", "acme.c"]);
    expect(await effective("u3")).toEqual(["acme.b", "acme.dep"]);
    const again = (await gw.ok(groupMutation("addGroupAugment"), { id: "pilot", skills: ["acme.b"] })).addGroupAugment;
    expect(again.change).toMatchObject({ added: [], affectedUsers: 0, event: null });
  });

  test("augmenting a DRAFT or ARCHIVED skill is SKILL_NOT_GRANTABLE; DEPRECATED warns", async () => {
    let r = await gw.run(groupMutation("addGroupAugment"), { id: "pilot", skills: ["acme.a", "acme.draft"] });
    expect(r.errors![0].extensions).toMatchObject({ code: "SKILL_NOT_GRANTABLE", field: "skillIds.1" });
    r = await gw.run(groupMutation("addGroupAugment"), { id: "pilot", skills: ["acme.archived"] });
    expect(r.errors![0].extensions).toMatchObject({ code: "SKILL_NOT_GRANTABLE", field: "skillIds.0" });
    const dep = (await gw.ok(groupMutation("addGroupAugment"), { id: "pilot", skills: ["acme.dep"], dryRun: true })).addGroupAugment;
    expect(dep.change.warnings).toEqual([expect.stringContaining("DEPRECATED")]);
  });

  test("a block beats every grant; blocking a DRAFT skill is allowed", async () => {
    const before = await snapshot();
    const dry = (await gw.ok(groupMutation("blockSkillsForGroup"), { id: "pilot", skills: ["acme.c", "acme.draft"], dryRun: true }))
      .blockSkillsForGroup;
    expect(await snapshot()).toEqual(before);
    const real = (await gw.ok(groupMutation("blockSkillsForGroup"), { id: "pilot", skills: ["acme.c", "acme.draft"] })).blockSkillsForGroup;
    // u1 (archetype eng) loses acme.c; u3 never had it.
    expect(real.change).toMatchObject({ added: ["acme.c", "acme.draft"], removed: [], affectedUsers: 1 });
    expect(comparable(real.change)).toEqual(comparable(dry.change));
    expect(real.change.event.payload.changes).toEqual([{ added: [], removed: ["acme.c"], users: ["u1"] }]);
    expect(await effective("u1")).toEqual(["acme.b"]);
    expect(await effective("u2")).toEqual(["acme.c"]);
  });

  test("unblockSkillsForGroup and removeGroupAugment remove only what is there", async () => {
    const unblock = (await gw.ok(groupMutation("unblockSkillsForGroup"), { id: "pilot", skills: ["acme.c", "acme.a"] })).unblockSkillsForGroup;
    expect(unblock.change).toMatchObject({ added: [], removed: ["acme.c"], affectedUsers: 1 });
    expect(await effective("u1")).toEqual(["acme.b", "acme.c"]);
    const dry = (await gw.ok(groupMutation("removeGroupAugment"), { id: "pilot", skills: ["acme.b", "acme.a"], dryRun: true }))
      .removeGroupAugment;
    const real = (await gw.ok(groupMutation("removeGroupAugment"), { id: "pilot", skills: ["acme.b", "acme.a"] })).removeGroupAugment;
    expect(real.change).toMatchObject({ added: [], removed: ["acme.b"], affectedUsers: 2 });
    expect(comparable(real.change)).toEqual(comparable(dry.change));
    expect(await effective("u3")).toEqual(["acme.dep"]);
  });

  test("errors name the input at fault", async () => {
    for (const name of ["addGroupAugment", "removeGroupAugment", "blockSkillsForGroup", "unblockSkillsForGroup"]) {
      let r = await gw.run(groupMutation(name), { id: "nope", skills: ["acme.a"] });
      expect(r.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "groupId" });
      r = await gw.run(groupMutation(name), { id: "pilot", skills: ["acme.a", "acme.b", "acme.missing"] });
      expect(r.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "skillIds.2" });
      r = await gw.run(groupMutation(name), { id: "pilot", skills: ["acme.a"] }, { tenant: "other" });
      expect(codeOf(r)).toBe("NOT_FOUND");
      r = await gw.run(groupMutation(name), { id: "pilot", skills: ["acme.a"] }, { scopes: ["skills:read"] });
      expect(codeOf(r)).toBe("FORBIDDEN");
    }
  });

  test("every real change recorded one skill.entitlement_changed", async () => {
    const events = await eventsOf(gw, "skill.entitlement_changed");
    expect(events.every((e) => e.actor === "user:tester@acme.test")).toBe(true);
    expect(events.length).toBe(7);
  });
});
