// An agent principal acts for itself only: it reads the catalog's metadata,
// loads the content of skills it holds, requests what it lacks; it never
// assigns, decides, or reads another agent's data, whatever scope its token
// carries (issue: agents bypassed approval with a skills:write token).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SCOPES } from "../../src/core/principal.js";
import { assign, makeAgent, makeSkill } from "../helpers/agent-fixtures.js";
import { codeOf, createTestGateway, type As, type TestGateway } from "../helpers/harness.js";

let gw: TestGateway;
const bot: As = { sub: "agent:bot", scopes: [...SCOPES] };
const botReadOnly: As = { sub: "agent:bot", scopes: ["skills:read"] };

beforeAll(async () => {
  gw = await createTestGateway();
  await makeSkill(gw, "acme.held");
  await makeSkill(gw, "acme.deal-desk");
  await makeAgent(gw, "bot");
  await makeAgent(gw, "other");
  await assign(gw, "bot", "acme.held");
  await assign(gw, "other", "acme.deal-desk");
  await gw.ok(`mutation { requestSkill(agentId: "other", skillId: "acme.held", reason: "needs it") { id } }`);
});
afterAll(() => gw?.close());

describe("an agent acts for itself only, whatever scope its token carries", () => {
  test.each([
    ["assign itself a skill", `mutation { assignSkill(input: { agentId: "bot", skillId: "acme.deal-desk" }) { assignment { id } } }`],
    ["pause another agent", `mutation { updateAgent(input: { id: "other", status: PAUSED }) { id } }`],
    ["disable another agent's assignment", `mutation { updateSkillAssignment(input: { agentId: "other", skillId: "acme.deal-desk", enabled: false }) { assignment { id } } }`],
    ["unassign", `mutation { unassignSkill(agentId: "other", skillId: "acme.deal-desk") }`],
    ["decide a request", `mutation { decideSkillRequest(id: "nope", approve: true) { id } }`],
    ["create a skill", `mutation { createSkill(input: { id: "acme.mine", name: "x", instructions: "y" }) { skill { id } } }`],
    ["read the directory", `{ users { nodes { id } } }`],
    ["read governance events", `{ governanceEvents { nodes { id } } }`],
    ["read a skill's content outside skillContent", `{ skill(id: "acme.deal-desk") { versions { instructions } } }`],
    ["read reference files outside skillContent", `{ skill(id: "acme.held") { versions { references { content } } } }`],
    ["read who else holds a skill", `{ skill(id: "acme.deal-desk") { assignedAgents { nodes { agent { id } } } } }`],
  ])("cannot %s: FORBIDDEN, nothing written", async (_what, query) => {
    const events = await gw.app.db.prisma.governanceEvent.count();
    const r = await gw.run(query, {}, bot);
    expect(codeOf(r)).toBe("FORBIDDEN");
    expect(r.errors![0].message).toMatch(/agent/i);
    expect(await gw.app.db.prisma.governanceEvent.count()).toBe(events);
    expect(await gw.ok(`{ agent(id: "other") { status skills { nodes { skill { id } enabled } } } }`)).toEqual({
      agent: { status: "ACTIVE", skills: { nodes: [{ skill: { id: "acme.deal-desk" }, enabled: true }] } },
    });
  });

  test("reads the catalog's metadata", async () => {
    const r = await gw.ok<any>(`{ skill(id: "acme.deal-desk") { id name currentVersion versions { version } } skills { totalCount } }`, {}, bot);
    expect(r.skill).toMatchObject({ id: "acme.deal-desk", currentVersion: "1.0.0", versions: [{ version: "1.0.0" }] });
    expect(r.skills.totalCount).toBe(2);
  });

  test("sees itself, never another agent: that one is indistinguishable from a missing one", async () => {
    expect(await gw.ok(`{ agent(id: "other") { id } }`, {}, bot)).toEqual({ agent: null });
    expect(await gw.ok(`{ agent(id: "bot") { id skills { nodes { skill { id } } } } }`, {}, bot)).toEqual({
      agent: { id: "bot", skills: { nodes: [{ skill: { id: "acme.held" } }] } },
    });
    expect(await gw.ok(`{ agents { totalCount nodes { id } } }`, {}, bot)).toEqual({ agents: { totalCount: 1, nodes: [{ id: "bot" }] } });
  });

  test("loads what it holds, not what another holds", async () => {
    const held = await gw.ok<any>(`{ skillContent(skillId: "acme.held") { instructions } }`, {}, botReadOnly);
    expect(held.skillContent.instructions).toBe("# Do it");
    expect(codeOf(await gw.run(`{ skillContent(skillId: "acme.deal-desk") { instructions } }`, {}, bot))).toBe("FORBIDDEN");
    expect(codeOf(await gw.run(`{ skillContent(skillId: "acme.deal-desk", agentId: "other") { instructions } }`, {}, bot))).toBe("FORBIDDEN");
  });

  test("requests what it lacks, even with a read-only token, and sees only its own requests", async () => {
    const r = await gw.ok<any>(`mutation { requestSkill(agentId: "bot", skillId: "acme.deal-desk", reason: "deals") { agent { id } status } }`, {}, botReadOnly);
    expect(r.requestSkill).toEqual({ agent: { id: "bot" }, status: "PENDING" });
    expect(codeOf(await gw.run(`mutation { requestSkill(agentId: "other", skillId: "acme.held", reason: "x") { id } }`, {}, bot))).toBe("FORBIDDEN");
    const mine = await gw.ok<any>(`{ skillRequests { agent { id } } }`, {}, bot);
    expect(mine.skillRequests).toEqual([{ agent: { id: "bot" } }]);
    const all = await gw.ok<any>(`{ skillRequests { agent { id } } }`);
    expect(all.skillRequests.map((x: { agent: { id: string } }) => x.agent.id).sort()).toEqual(["bot", "other"]);
  });

  test("a person with skills:read still reads content and assignments", async () => {
    const r = await gw.ok<any>(`{ skill(id: "acme.held") { versions { instructions } assignedAgents { nodes { agent { id } } } } }`, {}, { scopes: ["skills:read"] });
    expect(r.skill.versions[0].instructions).toBe("# Do it");
    expect(r.skill.assignedAgents.nodes).toEqual([{ agent: { id: "bot" } }]);
  });
});
