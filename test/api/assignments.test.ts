import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { codeOf, createTestGateway, type TestGateway } from "../helpers/harness.js";
import { eventsOf, makeAgent, makeSkills } from "../helpers/agent-fixtures.js";

let gw: TestGateway;
beforeAll(async () => {
  gw = await createTestGateway();
  await makeAgent(gw, "writer");
  await makeAgent(gw, "retired");
  await gw.ok(`mutation { updateAgent(input: { id: "retired", status: ARCHIVED }) { id } }`);
  await makeSkills(gw, [
    ["acme.active", "ACTIVE"],
    ["acme.deprecated", "DEPRECATED"],
    ["acme.draft", "DRAFT"],
    ["acme.archived", "ARCHIVED"],
    ["acme.deleted", "DELETED"],
  ] as const);
});
afterAll(() => gw?.close());

const ASSIGN = `mutation($input: AssignSkillInput!) {
  assignSkill(input: $input) {
    assignment { id agent { id } skill { id } skillVersion enabled priority config assignedAt assignedBy }
    warnings
  }
}`;
const UPDATE = `mutation($input: UpdateAssignmentInput!) {
  updateSkillAssignment(input: $input) { assignment { id enabled priority config skillVersion } warnings }
}`;
const UNASSIGN = `mutation($skillId: ID!, $agentId: ID!) { unassignSkill(skillId: $skillId, agentId: $agentId) }`;

describe("assignSkill", () => {
  test("assigns the current version with defaults and records the event", async () => {
    const data = await gw.ok(ASSIGN, { input: { agentId: "writer", skillId: "acme.active" } });
    const { assignment, warnings } = data.assignSkill;
    expect(warnings).toEqual([]);
    expect(assignment).toMatchObject({
      agent: { id: "writer" },
      skill: { id: "acme.active" },
      skillVersion: "1.0.0",
      enabled: true,
      priority: 0,
      config: {},
      assignedBy: "user:tester@acme.test",
    });
    expect(assignment.id).toMatch(/^asg_[0-9a-f]{16}$/);
    const [event] = await eventsOf(gw, "skill.assigned");
    expect(event).toMatchObject({
      actor: "user:tester@acme.test",
      subjects: ["agent:writer", "skill:acme.active"],
      payload: { assignmentId: assignment.id, skillVersion: "1.0.0" },
    });
  });

  test("keeps the version of assignment time when the skill moves on", async () => {
    await gw.ok(`mutation { updateSkill(input: { id: "acme.active", instructions: "# v2" }) { skill { id } } }`);
    await gw.ok(`mutation { deploySkill(id: "acme.active", version: "2.0.0") { skill { currentVersion } } }`);
    await makeAgent(gw, "late");
    const late = await gw.ok(ASSIGN, { input: { agentId: "late", skillId: "acme.active", priority: 3, config: { tone: "brief" } } });
    expect(late.assignSkill.assignment).toMatchObject({ skillVersion: "2.0.0", priority: 3, config: { tone: "brief" } });
    const early = await gw.ok(`{ agent(id: "writer") { skills { nodes { skillVersion } } } }`);
    expect(early.agent.skills.nodes).toEqual([{ skillVersion: "1.0.0" }]);
  });

  test("assigning twice is CONFLICT", async () => {
    const r = await gw.run(ASSIGN, { input: { agentId: "writer", skillId: "acme.active" } });
    expect(r.errors![0].extensions).toMatchObject({ code: "CONFLICT", status: 409 });
  });

  test("a DEPRECATED skill is assigned with a warning", async () => {
    const data = await gw.ok(ASSIGN, { input: { agentId: "writer", skillId: "acme.deprecated" } });
    expect(data.assignSkill.assignment.skill.id).toBe("acme.deprecated");
    expect(data.assignSkill.warnings).toHaveLength(1);
    expect(data.assignSkill.warnings[0]).toContain("DEPRECATED");
  });

  test.each(["acme.draft", "acme.archived", "acme.deleted"])("%s is SKILL_NOT_GRANTABLE", async (skillId) => {
    const r = await gw.run(ASSIGN, { input: { agentId: "writer", skillId } });
    expect(r.errors![0].extensions).toMatchObject({ code: "SKILL_NOT_GRANTABLE", status: 422, field: "input.skillId" });
  });

  test("unknown agent or skill is NOT_FOUND on its field, also across tenants", async () => {
    const agent = await gw.run(ASSIGN, { input: { agentId: "ghost", skillId: "acme.active" } });
    expect(agent.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "input.agentId" });
    const skill = await gw.run(ASSIGN, { input: { agentId: "writer", skillId: "acme.ghost" } });
    expect(skill.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "input.skillId" });
    const foreign = await gw.run(ASSIGN, { input: { agentId: "writer", skillId: "acme.active" } }, { tenant: "other" });
    expect(codeOf(foreign)).toBe("NOT_FOUND");
  });

  test("an ARCHIVED agent receives nothing", async () => {
    const r = await gw.run(ASSIGN, { input: { agentId: "retired", skillId: "acme.active" } });
    expect(r.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.agentId" });
  });

  test("config must be a JSON object", async () => {
    // A literal in the document fails validation (Apollo's code); a variable fails coercion.
    const r = await gw.run(`mutation { assignSkill(input: { agentId: "late", skillId: "acme.deprecated", config: [1, 2] }) { warnings } }`);
    expect(codeOf(r)).toBe("GRAPHQL_VALIDATION_FAILED");
    const v = await gw.run(`mutation($c: JSONObject) { assignSkill(input: { agentId: "late", skillId: "acme.deprecated", config: $c }) { warnings } }`, { c: [1, 2] });
    expect(codeOf(v)).toBe("BAD_USER_INPUT");
  });

  test("of simultaneous assignments of one skill, one wins and the rest are CONFLICT", async () => {
    await makeAgent(gw, "racer");
    const input = { agentId: "racer", skillId: "acme.active" };
    const results = await Promise.all(Array.from({ length: 5 }, () => gw.run(ASSIGN, { input })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors).map(codeOf)).toEqual(["CONFLICT", "CONFLICT", "CONFLICT", "CONFLICT"]);
    await gw.app.db.prisma.agentSkillAssignment.deleteMany({ where: { agentId: "racer" } });
  });

  test("needs skills:write", async () => {
    const r = await gw.run(ASSIGN, { input: { agentId: "late", skillId: "acme.deprecated" } }, { scopes: ["skills:read"] });
    expect(codeOf(r)).toBe("FORBIDDEN");
  });

  test("the skill sees its assigned agents", async () => {
    const data = await gw.ok(`{ skill(id: "acme.active") { assignedAgentsCount isAssignedTo(agentId: "late") assignedAgents { nodes { agent { id } } } } }`);
    expect(data.skill).toEqual({
      assignedAgentsCount: 2,
      isAssignedTo: true,
      assignedAgents: { nodes: [{ agent: { id: "writer" } }, { agent: { id: "late" } }] },
    });
  });
});

describe("updateSkillAssignment", () => {
  test("changes enabled, priority and config", async () => {
    const data = await gw.ok(UPDATE, {
      input: { agentId: "writer", skillId: "acme.active", enabled: false, priority: 9, config: { a: 1 } },
    });
    expect(data.updateSkillAssignment.assignment).toMatchObject({ enabled: false, priority: 9, config: { a: 1 }, skillVersion: "1.0.0" });
    const [event] = await eventsOf(gw, "skill.assignment_updated");
    expect(event).toMatchObject({
      subjects: ["agent:writer", "skill:acme.active"],
      payload: { changed: ["enabled", "priority", "config"], enabled: false, priority: 9 },
    });
    const skill = await gw.ok(`{ skill(id: "acme.active") { isAssignedTo(agentId: "writer") } }`);
    expect(skill.skill.isAssignedTo).toBe(false);
  });

  test("leaves omitted fields alone", async () => {
    const data = await gw.ok(UPDATE, { input: { agentId: "writer", skillId: "acme.active", enabled: true } });
    expect(data.updateSkillAssignment.assignment).toMatchObject({ enabled: true, priority: 9, config: { a: 1 } });
  });

  test("no such assignment is NOT_FOUND", async () => {
    const r = await gw.run(UPDATE, { input: { agentId: "late", skillId: "acme.draft", priority: 1 } });
    expect(codeOf(r)).toBe("NOT_FOUND");
  });
});

describe("unassignSkill", () => {
  test("removes the assignment and records the event", async () => {
    expect(await gw.ok(UNASSIGN, { agentId: "writer", skillId: "acme.deprecated" })).toEqual({ unassignSkill: true });
    const [event] = await eventsOf(gw, "skill.unassigned");
    expect(event).toMatchObject({ subjects: ["agent:writer", "skill:acme.deprecated"] });
    const data = await gw.ok(`{ agent(id: "writer") { skills { nodes { skill { id } } totalCount } } }`);
    expect(data.agent.skills).toEqual({ nodes: [{ skill: { id: "acme.active" } }], totalCount: 1 });
  });

  test("a second time is NOT_FOUND, and nothing is recorded", async () => {
    const r = await gw.run(UNASSIGN, { agentId: "writer", skillId: "acme.deprecated" });
    expect(r.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", status: 404 });
    expect(await eventsOf(gw, "skill.unassigned")).toHaveLength(1);
  });
});
