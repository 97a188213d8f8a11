import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { codeOf, createTestGateway, TENANT, type TestGateway } from "../helpers/harness.js";
import { eventsOf, makeSkill } from "../helpers/agent-fixtures.js";

let gw: TestGateway;
beforeAll(async () => {
  gw = await createTestGateway();
  await makeSkill(gw, "acme.review");
  await makeSkill(gw, "acme.notes");
  await makeSkill(gw, "acme.draft", "DRAFT");
  // A second version, and a pending draft that must not be pinnable.
  await gw.ok(`mutation { updateSkill(input: { id: "acme.review", instructions: "# v1.1" }) { skill { id } } }`);
  await gw.ok(`mutation { deploySkill(id: "acme.review") { skill { currentVersion } } }`);
  await gw.ok(`mutation { updateSkill(input: { id: "acme.review", instructions: "# v1.2 draft" }) { skill { id } } }`);
  // Groups come from the directory; written directly so this file tests configs only.
  await gw.app.db.prisma.group.createMany({
    data: [
      { tenantId: TENANT, id: "eng", name: "Engineering" },
      { tenantId: TENANT, id: "ops", name: "Operations" },
      { tenantId: TENANT, id: "qa", name: "Quality" },
      { tenantId: "other", id: "foreign", name: "Foreign" },
    ],
  });
});
afterAll(() => gw?.close());

const FIELDS = `id skill { id } scope team { id name } enabled pinnedVersion settings createdBy createdAt updatedAt`;
const CREATE = `mutation($input: CreateSkillConfigInput!) { createSkillConfig(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($input: UpdateSkillConfigInput!) { updateSkillConfig(input: $input) { ${FIELDS} } }`;
const ids: Record<string, string> = {};

describe("createSkillConfig", () => {
  test("a GLOBAL config with defaults", async () => {
    const data = await gw.ok(CREATE, { input: { skillId: "acme.review", scope: "GLOBAL" } });
    const config = data.createSkillConfig;
    expect(config).toMatchObject({
      skill: { id: "acme.review" },
      scope: "GLOBAL",
      team: null,
      enabled: true,
      pinnedVersion: null,
      settings: {},
      createdBy: "user:tester@acme.test",
    });
    expect(config.id).toMatch(/^cfg_[0-9a-f]{16}$/);
    ids.global = config.id;
    const [event] = await eventsOf(gw, "directory.changed");
    expect(event).toMatchObject({
      subjects: [`config:${config.id}`, "skill:acme.review"],
      payload: { what: "config.created", skillId: "acme.review", scope: "GLOBAL", teamId: null },
    });
  });

  test("a TEAM config with a pin and settings", async () => {
    const input = { skillId: "acme.review", scope: "TEAM", teamId: "eng", enabled: false, pinnedVersion: "1.0.0", settings: { depth: 2 } };
    const config = (await gw.ok(CREATE, { input })).createSkillConfig;
    expect(config).toMatchObject({ scope: "TEAM", team: { id: "eng", name: "Engineering" }, enabled: false, pinnedVersion: "1.0.0", settings: { depth: 2 } });
    ids.eng = config.id;
    const other = await gw.ok(CREATE, { input: { skillId: "acme.review", scope: "TEAM", teamId: "ops" } });
    ids.ops = other.createSkillConfig.id;
    const notes = await gw.ok(CREATE, { input: { skillId: "acme.notes", scope: "GLOBAL" } });
    ids.notes = notes.createSkillConfig.id;
  });

  test("one config per skill, scope and team", async () => {
    const global = await gw.run(CREATE, { input: { skillId: "acme.review", scope: "GLOBAL" } });
    expect(global.errors![0].extensions).toMatchObject({ code: "CONFLICT", status: 409 });
    expect(codeOf(await gw.run(CREATE, { input: { skillId: "acme.review", scope: "TEAM", teamId: "eng" } }))).toBe("CONFLICT");
  });

  test("scope and teamId must agree", async () => {
    const globalWithTeam = await gw.run(CREATE, { input: { skillId: "acme.notes", scope: "GLOBAL", teamId: "eng" } });
    expect(globalWithTeam.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.teamId" });
    const teamWithout = await gw.run(CREATE, { input: { skillId: "acme.notes", scope: "TEAM" } });
    expect(teamWithout.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.teamId" });
  });

  test("unknown teams (also other tenants') and skills are NOT_FOUND", async () => {
    const team = await gw.run(CREATE, { input: { skillId: "acme.notes", scope: "TEAM", teamId: "foreign" } });
    expect(team.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "input.teamId" });
    const skill = await gw.run(CREATE, { input: { skillId: "acme.ghost", scope: "GLOBAL" } });
    expect(skill.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "input.skillId" });
  });

  test.each([
    ["acme.notes", "9.9.9"],
    ["acme.review", "1.0.2"], // the pending draft's version
    ["acme.draft", "1.0.0"], // never deployed
  ])("pinning %s to %s is BAD_USER_INPUT", async (skillId, pinnedVersion) => {
    const r = await gw.run(CREATE, { input: { skillId, scope: "TEAM", teamId: "qa", pinnedVersion } });
    expect(r.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.pinnedVersion" });
  });

  test("needs skills:write", async () => {
    const r = await gw.run(CREATE, { input: { skillId: "acme.notes", scope: "TEAM", teamId: "ops" } }, { scopes: ["skills:read"] });
    expect(codeOf(r)).toBe("FORBIDDEN");
  });
});

describe("updateSkillConfig", () => {
  test("changes the given fields only", async () => {
    const data = await gw.ok(UPDATE, { input: { id: ids.eng, pinnedVersion: "1.0.1", settings: { depth: 3 } } });
    expect(data.updateSkillConfig).toMatchObject({ enabled: false, pinnedVersion: "1.0.1", settings: { depth: 3 } });
    const event = (await eventsOf(gw, "directory.changed")).at(-1)!;
    expect(event).toMatchObject({
      subjects: [`config:${ids.eng}`, "skill:acme.review", "group:eng"],
      payload: { what: "config.updated", changed: ["pinnedVersion", "settings"] },
    });
  });

  test("an explicit null pin follows currentVersion again", async () => {
    const data = await gw.ok(UPDATE, { input: { id: ids.eng, pinnedVersion: null, enabled: true } });
    expect(data.updateSkillConfig).toMatchObject({ enabled: true, pinnedVersion: null, settings: { depth: 3 } });
  });

  test("rejects a pin that is not deployed, and unknown ids", async () => {
    const pin = await gw.run(UPDATE, { input: { id: ids.eng, pinnedVersion: "1.0.2" } });
    expect(pin.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.pinnedVersion" });
    const missing = await gw.run(UPDATE, { input: { id: "cfg_0000000000000000", enabled: true } });
    expect(missing.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "input.id" });
  });
});

describe("skillConfig and skillConfigs", () => {
  test("skillConfig(id) answers null for unknown ids and other tenants", async () => {
    expect((await gw.ok(`query($id: ID!) { skillConfig(id: $id) { id scope } }`, { id: ids.ops })).skillConfig).toEqual({ id: ids.ops, scope: "TEAM" });
    expect((await gw.ok(`{ skillConfig(id: "cfg_0000000000000000") { id } }`)).skillConfig).toBeNull();
    expect((await gw.ok(`query($id: ID!) { skillConfig(id: $id) { id } }`, { id: ids.ops }, { tenant: "other" })).skillConfig).toBeNull();
  });

  test("filters by skill, scope and team, ordered by id", async () => {
    const list = async (args: string) =>
      (await gw.ok(`{ skillConfigs${args} { nodes { id } totalCount } }`)).skillConfigs;
    const sorted = (...keys: string[]) => keys.map((k) => ids[k]).sort();
    expect((await list("")).nodes.map((n: any) => n.id)).toEqual(sorted("global", "eng", "ops", "notes"));
    expect((await list(`(skillId: "acme.review")`)).totalCount).toBe(3);
    expect((await list(`(scope: GLOBAL)`)).nodes.map((n: any) => n.id)).toEqual(sorted("global", "notes"));
    expect((await list(`(teamId: "eng")`)).nodes).toEqual([{ id: ids.eng }]);
    expect((await list(`(skillId: "acme.notes", scope: TEAM)`)).totalCount).toBe(0);
  });

  test("pages both ways", async () => {
    const all = [ids.global, ids.eng, ids.ops, ids.notes].sort();
    const PAGE = `query($first: Int, $after: String, $last: Int, $before: String) {
      skillConfigs(first: $first, after: $after, last: $last, before: $before) { nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
    }`;
    const p1 = (await gw.ok(PAGE, { first: 3 })).skillConfigs;
    expect(p1.nodes.map((n: any) => n.id)).toEqual(all.slice(0, 3));
    const p2 = (await gw.ok(PAGE, { first: 3, after: p1.pageInfo.endCursor })).skillConfigs;
    expect(p2.nodes.map((n: any) => n.id)).toEqual(all.slice(3));
    expect(p2.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const back = (await gw.ok(PAGE, { last: 2, before: p2.pageInfo.startCursor })).skillConfigs;
    expect(back.nodes.map((n: any) => n.id)).toEqual(all.slice(1, 3));
    expect(back.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  });
});

describe("deleteSkillConfig", () => {
  test("deletes, records the event, then is NOT_FOUND", async () => {
    expect(await gw.ok(`mutation($id: ID!) { deleteSkillConfig(id: $id) }`, { id: ids.ops })).toEqual({ deleteSkillConfig: true });
    const event = (await eventsOf(gw, "directory.changed")).at(-1)!;
    expect(event).toMatchObject({ subjects: [`config:${ids.ops}`, "skill:acme.review", "group:ops"], payload: { what: "config.deleted" } });
    const again = await gw.run(`mutation($id: ID!) { deleteSkillConfig(id: $id) }`, { id: ids.ops });
    expect(again.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "id" });
  });

  test("the slot is free again", async () => {
    const data = await gw.ok(CREATE, { input: { skillId: "acme.review", scope: "TEAM", teamId: "ops" } });
    expect(data.createSkillConfig.team).toEqual({ id: "ops", name: "Operations" });
  });
});
