import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TENANT, createTestGateway, type TestGateway } from "../helpers/harness.js";

let gw: TestGateway;

const CONTENT = `query($skillId: ID!, $agentId: ID, $ref: String) {
  skillContent(skillId: $skillId, agentId: $agentId, referenceFile: $ref) {
    skill { id lifecycle } version instructions references { filename content } availableReferences availableScripts
  }
}`;
const AS_BOT = { sub: "agent:bot", scopes: ["skills:read" as const] };

async function agent(id: string, status = "ACTIVE") {
  await gw.app.db.prisma.agent.create({ data: { tenantId: TENANT, id, name: id, status } });
}
async function assignment(agentId: string, skillId: string, skillVersion: string, enabled = true) {
  await gw.app.db.prisma.agentSkillAssignment.create({
    data: { tenantId: TENANT, id: `${agentId}/${skillId}`, agentId, skillId, skillVersion, enabled, config: {} },
  });
}
async function skill(id: string) {
  await gw.ok(
    `mutation($input: CreateSkillInput!) { createSkill(input: $input) { skill { id } } }`,
    {
      input: {
        id,
        name: id,
        instructions: "v1 instructions",
        references: [
          { filename: "A.md", content: "alpha" },
          { filename: "B.md", content: "beta" },
        ],
        scripts: ["scripts/run.sh"],
      },
    },
  );
  await gw.ok(`mutation($id: ID!) { deploySkill(id: $id) { skill { currentVersion } } }`, { id });
}

beforeAll(async () => {
  gw = await createTestGateway();
  await skill("acme.pinned");
  // a second version: the assignment keeps pointing at 1.0.0
  await gw.ok(`mutation { updateSkill(input: { id: "acme.pinned", instructions: "v2 instructions", references: [] }) { skill { id } } }`);
  await gw.ok(`mutation { deploySkill(id: "acme.pinned") { skill { currentVersion } } }`);
  for (const id of ["acme.archived", "acme.deleted", "acme.unassigned", "acme.disabled", "acme.flagged"]) await skill(id);
  await agent("bot");
  await agent("other-bot");
  await agent("paused-bot", "PAUSED");
  await agent("archived-bot", "ARCHIVED");
  await assignment("bot", "acme.pinned", "1.0.0");
  await assignment("other-bot", "acme.pinned", "1.0.1");
  await assignment("paused-bot", "acme.pinned", "1.0.0");
  await assignment("archived-bot", "acme.pinned", "1.0.0");
  await assignment("bot", "acme.archived", "1.0.0");
  await assignment("bot", "acme.deleted", "1.0.0");
  await assignment("bot", "acme.disabled", "1.0.0", false);
  await assignment("bot", "acme.flagged", "1.0.0");
  await gw.ok(`mutation { setSkillLifecycle(id: "acme.archived", lifecycle: ARCHIVED) { skill { id } } }`);
  await gw.app.db.prisma.skill.update({
    where: { tenantId_id: { tenantId: TENANT, id: "acme.deleted" } },
    data: { lifecycle: "DELETED", deletedAt: new Date() },
  });
});
afterAll(() => gw?.close());

describe("skillContent", () => {
  test("an agent loads the version its assignment pins, without reference bodies by default", async () => {
    const { skillContent } = await gw.ok(CONTENT, { skillId: "acme.pinned" }, AS_BOT);
    expect(skillContent).toEqual({
      skill: { id: "acme.pinned", lifecycle: "ACTIVE" },
      version: "1.0.0",
      instructions: "v1 instructions",
      references: [],
      availableReferences: ["A.md", "B.md"],
      availableScripts: ["scripts/run.sh"],
    });
  });

  test("referenceFile returns that file only", async () => {
    const { skillContent } = await gw.ok(CONTENT, { skillId: "acme.pinned", ref: "B.md" }, AS_BOT);
    expect(skillContent.references).toEqual([{ filename: "B.md", content: "beta" }]);
    const missing = await gw.run(CONTENT, { skillId: "acme.pinned", ref: "C.md" }, AS_BOT);
    expect(missing.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", status: 404, field: "referenceFile" });
  });

  test("a user names the agent; the agent's own version is used", async () => {
    const { skillContent } = await gw.ok(CONTENT, { skillId: "acme.pinned", agentId: "other-bot" });
    expect(skillContent).toMatchObject({ version: "1.0.1", instructions: "v2 instructions", availableReferences: [] });
    const self = await gw.ok(CONTENT, { skillId: "acme.pinned", agentId: "bot" }, AS_BOT);
    expect(self.skillContent.version).toBe("1.0.0");
  });

  test("without agentId a non-agent caller is BAD_USER_INPUT", async () => {
    const r = await gw.run(CONTENT, { skillId: "acme.pinned" });
    expect(r.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "agentId" });
  });

  test("an agent asking for another agent is FORBIDDEN", async () => {
    const r = await gw.run(CONTENT, { skillId: "acme.pinned", agentId: "other-bot" }, AS_BOT);
    expect(r.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", status: 403 });
  });

  test("unknown skill or agent is NOT_FOUND", async () => {
    const skill = await gw.run(CONTENT, { skillId: "acme.nope" }, AS_BOT);
    expect(skill.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "skillId" });
    const agent = await gw.run(CONTENT, { skillId: "acme.pinned", agentId: "ghost" });
    expect(agent.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "agentId" });
  });

  test("no enabled assignment, a PAUSED or ARCHIVED agent, an ARCHIVED or DELETED skill are FORBIDDEN", async () => {
    const cases: [string, string][] = [
      ["acme.unassigned", "bot"],
      ["acme.disabled", "bot"],
      ["acme.archived", "bot"],
      ["acme.deleted", "bot"],
      ["acme.pinned", "paused-bot"],
      ["acme.pinned", "archived-bot"],
    ];
    for (const [skillId, agentId] of cases) {
      const r = await gw.run(CONTENT, { skillId, agentId });
      expect(r.errors?.[0].extensions, `${skillId} for ${agentId}`).toMatchObject({ code: "FORBIDDEN" });
    }
  });

  test("a skill the quarantine policy holds is FORBIDDEN under BLOCK only", async () => {
    const prisma = gw.app.db.prisma;
    await prisma.skill.update({ where: { tenantId_id: { tenantId: TENANT, id: "acme.flagged" } }, data: { scanStatus: "FLAGGED" } });
    expect((await gw.ok(CONTENT, { skillId: "acme.flagged" }, AS_BOT)).skillContent.version).toBe("1.0.0");
    await prisma.tenant.update({ where: { id: TENANT }, data: { quarantineMode: "BLOCK" } });
    const r = await gw.run(CONTENT, { skillId: "acme.flagged" }, AS_BOT);
    expect(r.errors![0].extensions).toMatchObject({ code: "FORBIDDEN" });
    await prisma.tenant.update({ where: { id: TENANT }, data: { quarantineMode: "WARN" } });
  });

  test("another tenant sees neither the skill nor the agent", async () => {
    const r = await gw.run(CONTENT, { skillId: "acme.pinned" }, { ...AS_BOT, tenant: "other" });
    expect(r.errors![0].extensions).toMatchObject({ code: "NOT_FOUND" });
  });

  test("needs skills:read", async () => {
    const r = await gw.run(CONTENT, { skillId: "acme.pinned" }, { sub: "agent:bot", scopes: [] });
    expect(r.errors![0].extensions).toMatchObject({ code: "FORBIDDEN" });
  });
});
