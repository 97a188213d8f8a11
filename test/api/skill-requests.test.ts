import "reflect-metadata";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { codeOf, createTestGateway, type As, type TestGateway } from "../helpers/harness.js";
import { assign, eventsOf, makeAgent, makeSkill } from "../helpers/agent-fixtures.js";

let gw: TestGateway;
beforeAll(async () => {
  gw = await createTestGateway();
  for (const id of ["scout", "other", "retired"]) await makeAgent(gw, id);
  await gw.ok(`mutation { updateAgent(input: { id: "retired", status: ARCHIVED }) { id } }`);
  await makeSkill(gw, "acme.search");
  await makeSkill(gw, "acme.summarize");
  await makeSkill(gw, "acme.translate");
  await makeSkill(gw, "acme.held");
  await makeSkill(gw, "acme.later");
  await makeSkill(gw, "acme.draft", "DRAFT");
  await assign(gw, "scout", "acme.held");
});
afterAll(() => gw?.close());

/** An agent's own token: it may read and request, as the skill_request tool does. */
const scout: As = { sub: "agent:scout", scopes: ["skills:read", "skills:write"] };

const REQUEST = `mutation($agentId: ID!, $skillId: ID!, $reason: String!) {
  requestSkill(agentId: $agentId, skillId: $skillId, reason: $reason) {
    id agent { id } skill { id } reason status decidedBy decidedAt decisionNote createdAt
  }
}`;
const DECIDE = `mutation($id: ID!, $approve: Boolean!, $note: String) {
  decideSkillRequest(id: $id, approve: $approve, note: $note) { id status decidedBy decidedAt decisionNote }
}`;
const request = (skillId: string, agentId = "scout", as: As = scout) =>
  gw.run(REQUEST, { agentId, skillId, reason: `need ${skillId}` }, as);
const ids: Record<string, string> = {};

describe("requestSkill", () => {
  test("an agent requests a skill for itself", async () => {
    const r = await request("acme.search");
    expect(r.errors).toBeUndefined();
    const req = r.data.requestSkill;
    expect(req).toMatchObject({
      agent: { id: "scout" },
      skill: { id: "acme.search" },
      reason: "need acme.search",
      status: "PENDING",
      decidedBy: null,
      decidedAt: null,
      decisionNote: null,
    });
    expect(req.id).toMatch(/^req_[0-9a-f]{16}$/);
    ids.search = req.id;
    const [event] = await eventsOf(gw, "skill.request_created");
    expect(event).toMatchObject({
      actor: "agent:scout",
      subjects: ["agent:scout", "skill:acme.search", `request:${req.id}`],
      payload: { reason: "need acme.search" },
    });
  });

  test("an agent cannot request for another agent", async () => {
    expect(codeOf(await request("acme.search", "other"))).toBe("FORBIDDEN");
  });

  test("a person may request for any agent", async () => {
    await sleep(5);
    const r = await request("acme.summarize", "other", {});
    expect(r.data.requestSkill.status).toBe("PENDING");
    ids.summarize = r.data.requestSkill.id;
  });

  test("a second PENDING request of the same skill is CONFLICT", async () => {
    const r = await request("acme.search");
    expect(r.errors![0].extensions).toMatchObject({ code: "CONFLICT", status: 409 });
  });

  test("a skill the agent holds is CONFLICT", async () => {
    expect(codeOf(await request("acme.held"))).toBe("CONFLICT");
  });

  test("a DRAFT skill is SKILL_NOT_GRANTABLE", async () => {
    const r = await request("acme.draft");
    expect(r.errors![0].extensions).toMatchObject({ code: "SKILL_NOT_GRANTABLE", field: "skillId" });
  });

  test("unknown agents and skills are NOT_FOUND; archived agents and empty reasons BAD_USER_INPUT", async () => {
    expect((await request("acme.nothing")).errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "skillId" });
    expect((await request("acme.search", "ghost", {})).errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "agentId" });
    expect((await request("acme.search", "retired", {})).errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    const blank = await gw.run(REQUEST, { agentId: "scout", skillId: "acme.translate", reason: "  " }, scout);
    expect(blank.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "reason" });
  });
});

describe("decideSkillRequest", () => {
  test("an agent cannot decide, not even its own request", async () => {
    const r = await gw.run(DECIDE, { id: ids.search, approve: true }, scout);
    expect(codeOf(r)).toBe("FORBIDDEN");
  });

  test("approving assigns the skill and records the decision", async () => {
    const data = await gw.ok(DECIDE, { id: ids.search, approve: true, note: " looks fine " }, { sub: "user:boss@acme.test" });
    expect(data.decideSkillRequest).toMatchObject({
      id: ids.search,
      status: "APPROVED",
      decidedBy: "user:boss@acme.test",
      decisionNote: "looks fine",
    });
    expect(new Date(data.decideSkillRequest.decidedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const agent = await gw.ok(`{ agent(id: "scout") { skills { nodes { skill { id } assignedBy skillVersion } } } }`);
    expect(agent.agent.skills.nodes).toContainEqual({ skill: { id: "acme.search" }, assignedBy: "user:boss@acme.test", skillVersion: "1.0.0" });
    const assigned = (await eventsOf(gw, "skill.assigned")).at(-1)!;
    expect(assigned).toMatchObject({ subjects: ["agent:scout", "skill:acme.search"], payload: { requestId: ids.search } });
    const [decided] = await eventsOf(gw, "skill.request_decided");
    expect(decided).toMatchObject({
      actor: "user:boss@acme.test",
      subjects: ["agent:scout", "skill:acme.search", `request:${ids.search}`],
      payload: { approved: true, note: "looks fine" },
    });
  });

  test("a decided request cannot be decided again", async () => {
    const r = await gw.run(DECIDE, { id: ids.search, approve: false });
    expect(r.errors![0].extensions).toMatchObject({ code: "CONFLICT", field: "id" });
  });

  test("rejecting assigns nothing", async () => {
    const data = await gw.ok(DECIDE, { id: ids.summarize, approve: false });
    expect(data.decideSkillRequest).toMatchObject({ status: "REJECTED", decisionNote: null });
    const skill = await gw.ok(`{ skill(id: "acme.summarize") { assignedAgentsCount } }`);
    expect(skill.skill.assignedAgentsCount).toBe(0);
    const decided = (await eventsOf(gw, "skill.request_decided")).at(-1)!;
    expect(decided.payload).toMatchObject({ approved: false, note: null });
  });

  test("approving a skill assigned meanwhile only records the decision", async () => {
    await sleep(5);
    const r = await request("acme.translate");
    ids.translate = r.data.requestSkill.id;
    await assign(gw, "scout", "acme.translate", 4);
    const before = (await eventsOf(gw, "skill.assigned")).length;
    const data = await gw.ok(DECIDE, { id: ids.translate, approve: true });
    expect(data.decideSkillRequest.status).toBe("APPROVED");
    expect(await eventsOf(gw, "skill.assigned")).toHaveLength(before);
    const agent = await gw.ok(`{ agent(id: "scout") { skills(first: 1) { nodes { skill { id } priority } } } }`);
    expect(agent.agent.skills.nodes).toEqual([{ skill: { id: "acme.translate" }, priority: 4 }]);
  });

  test("a skill archived meanwhile cannot be approved; the request stays PENDING", async () => {
    await sleep(5);
    const r = await request("acme.later");
    ids.later = r.data.requestSkill.id;
    await gw.ok(`mutation { setSkillLifecycle(id: "acme.later", lifecycle: ARCHIVED) { skill { id } } }`);
    const denied = await gw.run(DECIDE, { id: ids.later, approve: true });
    expect(codeOf(denied)).toBe("SKILL_NOT_GRANTABLE");
    const pending = await gw.ok(`{ skillRequests(status: PENDING) { id } }`);
    expect(pending.skillRequests).toEqual([{ id: ids.later }]);
    expect((await gw.ok(DECIDE, { id: ids.later, approve: false })).decideSkillRequest.status).toBe("REJECTED");
  });

  test("an unknown request is NOT_FOUND, also across tenants", async () => {
    expect(codeOf(await gw.run(DECIDE, { id: "req_0000000000000000", approve: true }))).toBe("NOT_FOUND");
    expect(codeOf(await gw.run(DECIDE, { id: ids.later, approve: true }, { tenant: "other" }))).toBe("NOT_FOUND");
  });
});

describe("concurrent writers", () => {
  test("of simultaneous requests for one skill, one is created and the rest are CONFLICT", async () => {
    await makeAgent(gw, "racer");
    const results = await Promise.all(
      Array.from({ length: 5 }, () => request("acme.summarize", "racer", { sub: "agent:racer" })),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors).map(codeOf)).toEqual(["CONFLICT", "CONFLICT", "CONFLICT", "CONFLICT"]);
    const id = results.find((r) => !r.errors)!.data.requestSkill.id;
    const decisions = await Promise.all([true, false, true].map((approve) => gw.run(DECIDE, { id, approve })));
    expect(decisions.filter((r) => !r.errors)).toHaveLength(1);
    expect(decisions.filter((r) => r.errors).map(codeOf)).toEqual(["CONFLICT", "CONFLICT"]);
    await gw.ok(`mutation { unassignSkill(agentId: "racer", skillId: "acme.summarize") }`).catch(() => undefined);
    await gw.app.db.prisma.skillRequest.deleteMany({ where: { agentId: "racer" } });
  });
});

describe("skillRequests", () => {
  test("lists newest first, filtered by status", async () => {
    const all = await gw.ok(`{ skillRequests { id status agent { id } skill { id } } }`);
    expect(all.skillRequests.map((r: any) => r.id)).toEqual([ids.later, ids.translate, ids.summarize, ids.search]);
    expect(all.skillRequests[2]).toMatchObject({ status: "REJECTED", agent: { id: "other" }, skill: { id: "acme.summarize" } });
    const approved = await gw.ok(`{ skillRequests(status: APPROVED) { id } }`);
    expect(approved.skillRequests.map((r: any) => r.id)).toEqual([ids.translate, ids.search]);
  });

  test("another tenant sees none of them", async () => {
    expect(await gw.ok(`{ skillRequests { id } }`, {}, { tenant: "other" })).toEqual({ skillRequests: [] });
  });
});
