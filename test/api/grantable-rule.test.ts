// One rule, one place (services/skill-rules.ts): every way of handing out a
// skill answers a DRAFT, ARCHIVED or DELETED skill alike, and a missing one as
// NOT_FOUND. (A DELETED skill was NOT_FOUND on directory lists but
// SKILL_NOT_GRANTABLE on grants.)
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { makeAgent, makeSkills } from "../helpers/agent-fixtures.js";
import { codeOf, createTestGateway, type TestGateway } from "../helpers/harness.js";

let gw: TestGateway;

beforeAll(async () => {
  gw = await createTestGateway();
  await makeSkills(gw, [["r.draft", "DRAFT"], ["r.archived", "ARCHIVED"], ["r.deleted", "DELETED"], ["r.ok", "ACTIVE"]]);
  await makeAgent(gw, "bot");
  await gw.ok(`mutation { upsertUsers(users: [{ id: "user:r@acme.test", email: "r@acme.test" }]) { users { id } } }`);
  await gw.ok(`mutation { createArchetype(input: { id: "arch", name: "A" }) { id } }`);
  await gw.ok(`mutation { createGroup(input: { id: "grp", name: "G" }) { id } }`);
  await gw.ok(`mutation { createRole(input: { id: "role", name: "R" }) { id } }`);
});
afterAll(() => gw?.close());

const ways: [string, (s: string) => string][] = [
  ["grant", (s) => `mutation { grantSkillToUser(input: { userId: "user:r@acme.test", skillId: "${s}", reason: "x" }) { grant { id } } }`],
  ["archetype list", (s) => `mutation { updateArchetypeSkills(archetypeId: "arch", addSkills: ["${s}"]) { archetype { id } } }`],
  ["archetype create", (s) => `mutation { createArchetype(input: { id: "a-${s.replace(".", "-")}", name: "x", skillIds: ["${s}"] }) { id } }`],
  ["group augment", (s) => `mutation { addGroupAugment(groupId: "grp", skillIds: ["${s}"]) { group { id } } }`],
  ["role skills", (s) => `mutation { setRoleSkills(roleId: "role", skills: [{ skillId: "${s}" }]) { role { id } } }`],
  ["assignment", (s) => `mutation { assignSkill(input: { agentId: "bot", skillId: "${s}" }) { assignment { id } } }`],
  ["request", (s) => `mutation { requestSkill(agentId: "bot", skillId: "${s}", reason: "x") { id } }`],
];

describe("the grantable rule is the same everywhere", () => {
  test.each(ways)("%s: DRAFT, ARCHIVED and DELETED are SKILL_NOT_GRANTABLE; a missing skill is NOT_FOUND", async (_way, q) => {
    const codes = [];
    for (const s of ["r.draft", "r.archived", "r.deleted", "r.missing"]) codes.push(codeOf(await gw.run(q(s))));
    expect(codes).toEqual(["SKILL_NOT_GRANTABLE", "SKILL_NOT_GRANTABLE", "SKILL_NOT_GRANTABLE", "NOT_FOUND"]);
  });
});
