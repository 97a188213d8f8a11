import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { codeOf, createTestGateway, type TestGateway } from "../helpers/harness.js";
import { comparable, effectiveSkillIds, eventsOf, makeSkill } from "../helpers/agent-fixtures.js";

let gw: TestGateway;
const T = "acme";

beforeAll(async () => {
  gw = await createTestGateway();
  for (const id of ["c.one", "c.two", "m.manual"]) await makeSkill(gw, id);
  await makeSkill(gw, "c.draft", "DRAFT");
  const db = gw.app.db.prisma;
  await db.archetype.createMany({
    data: [
      { tenantId: T, id: "fw", name: "Firmware" },
      { tenantId: T, id: "qa", name: "QA" },
    ],
  });
  await db.archetypeSkill.createMany({
    data: [
      { tenantId: T, archetypeId: "fw", skillId: "c.one", origin: "MANUAL" },
      { tenantId: T, archetypeId: "fw", skillId: "m.manual", origin: "MANUAL" },
      { tenantId: T, archetypeId: "qa", skillId: "m.manual", origin: "MANUAL" },
    ],
  });
  await db.user.createMany({
    data: [
      { tenantId: T, id: "f1", email: "f1@acme.test", searchText: "", archetypeId: "fw" },
      { tenantId: T, id: "f2", email: "f2@acme.test", searchText: "", archetypeId: "fw" },
      { tenantId: T, id: "q1", email: "q1@acme.test", searchText: "", archetypeId: "qa" },
      { tenantId: T, id: "p1", email: "p1@acme.test", searchText: "" },
    ],
  });
  await db.group.create({ data: { tenantId: T, id: "pilot", name: "Pilot" } });
  await db.groupMember.createMany({ data: ["f1", "p1"].map((userId) => ({ tenantId: T, groupId: "pilot", userId })) });
  await db.cowork.createMany({
    data: [
      { tenantId: T, id: "fw.v1", name: "Firmware v1" },
      { tenantId: T, id: "bad.v1", name: "Has a draft" },
    ],
  });
  await db.coworkSkill.createMany({
    data: [
      { tenantId: T, coworkId: "fw.v1", skillId: "c.one", skillVersion: "1.0.0" },
      { tenantId: T, coworkId: "fw.v1", skillId: "c.two", skillVersion: "1.0.0" },
      { tenantId: T, coworkId: "bad.v1", skillId: "c.draft", skillVersion: "1.0.0" },
    ],
  });
  await db.distributionPlatform.create({ data: { tenantId: T, id: "claude", name: "Claude", delivery: "FILE", target: "claude" } });
});
afterAll(() => gw?.close());

const effective = (userId: string) => effectiveSkillIds(gw, T, userId);

async function snapshot() {
  const db = gw.app.db.prisma;
  return {
    archetypes: await db.archetype.findMany({ orderBy: { id: "asc" } }),
    archetypeSkills: await db.archetypeSkill.findMany({ orderBy: [{ archetypeId: "asc" }, { skillId: "asc" }] }),
    augments: await db.groupAugment.findMany({ orderBy: { skillId: "asc" } }),
    events: await db.governanceEvent.count(),
    jobs: await db.publishJob.count(),
  };
}

const APPLY = `mutation($input: ApplyCoworkInput!, $dryRun: Boolean) {
  applyCowork(input: $input, dryRun: $dryRun) {
    archetypes { id name }
    change { dryRun added removed affectedUsers publishJobs { scope scopeId trigger } event { kind } warnings }
  }
}`;

describe("applyCowork", () => {
  test("REPLACE_ARCHETYPE_DEFAULT: dry run, then the real call overwrites the list", async () => {
    const input = { coworkId: "fw.v1", scopeArchetypes: ["fw"], mergeMode: "REPLACE_ARCHETYPE_DEFAULT" };
    const before = await snapshot();
    const dry = (await gw.ok(APPLY, { input, dryRun: true })).applyCowork;
    expect(dry.change).toMatchObject({ dryRun: true, added: ["c.two"], removed: ["m.manual"], affectedUsers: 2, publishJobs: [], event: null });
    expect(dry.archetypes).toEqual([{ id: "fw", name: "Firmware" }]);
    expect(await snapshot()).toEqual(before);

    const real = (await gw.ok(APPLY, { input })).applyCowork;
    expect(comparable(real.change)).toEqual(comparable(dry.change));
    expect(real.change.publishJobs).toEqual([{ scope: "ARCHETYPE", scopeId: "fw", trigger: "cowork_apply" }]);
    expect(real.change.event).toEqual({ kind: "skill.entitlement_changed" });
    const rows = await gw.app.db.prisma.archetypeSkill.findMany({ where: { archetypeId: "fw" }, orderBy: { skillId: "asc" } });
    expect(rows.map((r) => [r.skillId, r.origin, r.pinnedVersion])).toEqual([
      ["c.one", "COWORK", "1.0.0"],
      ["c.two", "COWORK", "1.0.0"],
    ]);
    const fw = await gw.app.db.prisma.archetype.findUniqueOrThrow({ where: { tenantId_id: { tenantId: T, id: "fw" } } });
    expect(fw.coworkId).toBe("fw.v1");
    const [applied] = await eventsOf(gw, "cowork.applied");
    expect(applied).toMatchObject({
      subjects: ["cowork:fw.v1", "archetype:fw"],
      payload: { coworkId: "fw.v1", mergeMode: "REPLACE_ARCHETYPE_DEFAULT", added: ["c.two"], removed: ["m.manual"] },
    });
    expect(await effective("f2")).toEqual(["c.one", "c.two"]);
  });

  test("MERGE adds the Cowork's skills and removes nothing", async () => {
    const input = { coworkId: "fw.v1", scopeArchetypes: ["qa", "fw"], mergeMode: "MERGE" };
    const dry = (await gw.ok(APPLY, { input, dryRun: true })).applyCowork;
    const real = (await gw.ok(APPLY, { input })).applyCowork;
    expect(real.change).toMatchObject({ added: ["c.one", "c.two"], removed: [], affectedUsers: 1 });
    expect(comparable(real.change)).toEqual(comparable(dry.change));
    expect(real.archetypes.map((a: { id: string }) => a.id)).toEqual(["qa", "fw"]);
    expect(real.change.publishJobs.map((j: { scopeId: string }) => j.scopeId).sort()).toEqual(["fw", "qa"]);
    const rows = await gw.app.db.prisma.archetypeSkill.findMany({ where: { archetypeId: "qa" }, orderBy: { skillId: "asc" } });
    expect(rows.map((r) => [r.skillId, r.origin, r.pinnedVersion])).toEqual([
      ["c.one", "COWORK", "1.0.0"],
      ["c.two", "COWORK", "1.0.0"],
      ["m.manual", "MANUAL", null],
    ]);
    const qa = await gw.app.db.prisma.archetype.findUniqueOrThrow({ where: { tenantId_id: { tenantId: T, id: "qa" } } });
    expect(qa.coworkId).toBeNull();
  });

  test("ADDITIVE_ONLY_FOR_PILOT_GROUP gives the skills to the group as augments", async () => {
    const input = { coworkId: "fw.v1", scopeArchetypes: ["qa"], mergeMode: "ADDITIVE_ONLY_FOR_PILOT_GROUP", pilotGroupId: "pilot" };
    const before = await snapshot();
    const dry = (await gw.ok(APPLY, { input, dryRun: true })).applyCowork;
    expect(await snapshot()).toEqual(before);
    const real = (await gw.ok(APPLY, { input })).applyCowork;
    // f1 already had both through fw; p1 (no archetype) gains them.
    expect(real.change).toMatchObject({ added: ["c.one", "c.two"], removed: [], affectedUsers: 1 });
    expect(comparable(real.change)).toEqual(comparable(dry.change));
    expect(real.change.publishJobs).toEqual([{ scope: "GROUP", scopeId: "pilot", trigger: "cowork_apply" }]);
    const augments = await gw.app.db.prisma.groupAugment.findMany({ where: { groupId: "pilot" }, orderBy: { skillId: "asc" } });
    expect(augments.map((a) => a.skillId)).toEqual(["c.one", "c.two"]);
    expect(await effective("p1")).toEqual(["c.one", "c.two"]);
    const after = await snapshot();
    expect(after.archetypeSkills).toEqual(before.archetypeSkills);
  });

  test("LOCKED while a publish job of a scoped archetype is RUNNING", async () => {
    const db = gw.app.db.prisma;
    await db.publishJob.create({
      data: { tenantId: T, id: "pub_running", platformId: "claude", scope: "ARCHETYPE", scopeId: "fw", status: "RUNNING", trigger: "test", causedAt: new Date() },
    });
    const before = await snapshot();
    const r = await gw.run(APPLY, { input: { coworkId: "fw.v1", scopeArchetypes: ["qa", "fw"], mergeMode: "MERGE" } });
    expect(r.errors![0].extensions).toMatchObject({ code: "LOCKED", status: 423, retryAfterSeconds: 5 });
    expect(await snapshot()).toEqual(before);
    await db.publishJob.update({ where: { tenantId_id: { tenantId: T, id: "pub_running" } }, data: { status: "SUCCEEDED" } });
    await gw.ok(APPLY, { input: { coworkId: "fw.v1", scopeArchetypes: ["qa", "fw"], mergeMode: "MERGE" }, dryRun: true });
  });

  test("errors name the input at fault", async () => {
    const before = await snapshot();
    const base = { coworkId: "fw.v1", scopeArchetypes: ["fw"], mergeMode: "MERGE" };
    let r = await gw.run(APPLY, { input: { ...base, scopeArchetypes: [] } });
    expect(r.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.scopeArchetypes" });
    r = await gw.run(APPLY, { input: { ...base, scopeArchetypes: ["fw", "nope"] } });
    expect(r.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "input.scopeArchetypes.1" });
    r = await gw.run(APPLY, { input: { ...base, coworkId: "nope" } });
    expect(r.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "input.coworkId" });
    r = await gw.run(APPLY, { input: { ...base, mergeMode: "ADDITIVE_ONLY_FOR_PILOT_GROUP" } });
    expect(r.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.pilotGroupId" });
    r = await gw.run(APPLY, { input: { ...base, mergeMode: "ADDITIVE_ONLY_FOR_PILOT_GROUP", pilotGroupId: "nope" } });
    expect(r.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "input.pilotGroupId" });
    r = await gw.run(APPLY, { input: { ...base, coworkId: "bad.v1" } });
    expect(r.errors![0].extensions).toMatchObject({ code: "SKILL_NOT_GRANTABLE", field: "input.coworkId" });
    r = await gw.run(APPLY, { input: base }, { tenant: "other" });
    expect(codeOf(r)).toBe("NOT_FOUND");
    r = await gw.run(APPLY, { input: base }, { scopes: ["skills:read", "skills:write", "directory:write"] });
    expect(codeOf(r)).toBe("FORBIDDEN");
    expect(await snapshot()).toEqual(before);
  });
});
