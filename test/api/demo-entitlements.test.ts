// The demo tenant as a user would explore it: marco's picker follows the rules
// (archetype from the Cowork with pinned versions, pilot-group augments, the role,
// his grants, and the restricted group's blocks beating a grant).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestGateway, type TestGateway } from "../helpers/harness.js";
import { DEMO_TENANT, DEMO_USER, seedDemo } from "../../src/demo/seed.js";

let gw: TestGateway;
const as = { tenant: DEMO_TENANT };

beforeAll(async () => {
  gw = await createTestGateway();
  expect(await seedDemo(gw.app)).toBe(true);
  expect(await seedDemo(gw.app)).toBe(false); // seeded once
});
afterAll(() => gw?.close());

describe("marco's entitlements in the demo tenant", () => {
  test("effective skills, versions and first sources", async () => {
    const data = await gw.ok<any>(
      `query($u: ID!) { user(id: $u) { effectiveSkills(first: 100) { totalCount nodes { skill { id } skillVersion source sources { kind label } deprecated } } } }`,
      { u: DEMO_USER },
      as,
    );
    const nodes = data.user.effectiveSkills.nodes;
    expect(nodes.map((n: any) => [n.skill.id, n.skillVersion, n.source])).toEqual([
      ["boss.standup-notes", "1.1.0", "group:claresia-eng-pilot"],
      ["boss.team-weekly-digest", "1.0.0", "user_grant"],
      ["gatespic.change-risk-review", "1.1.1", "archetype:firmware_engineer"],
      ["gatespic.firmware-changelog-qa", "1.0.4", "archetype:firmware_engineer"],
      ["gatespic.incident-postmortem", "1.4.2", "archetype:firmware_engineer"],
      ["gatespic.runbook-suggest", "1.0.6", "archetype:firmware_engineer"],
      ["gatespic.security-advisory-triage", "1.0.2", "archetype:firmware_engineer"],
      ["steve.prd-review", "1.2.0", "group:claresia-eng-pilot"],
    ]);
    // The role adds a second source to change-risk-review, after the archetype.
    const risk = nodes.find((n: any) => n.skill.id === "gatespic.change-risk-review");
    expect(risk.sources.map((s: any) => s.label)).toEqual(["archetype:firmware_engineer", "role:release-captain"]);
  });

  test("blocked skills: the restricted group's block beats the vendor-spend grant", async () => {
    const data = await gw.ok<any>(
      `query($u: ID!) { user(id: $u) { blockedSkills { skill { id } blockedBy groups { id } overridesGrant } } }`,
      { u: DEMO_USER },
      as,
    );
    expect(data.user.blockedSkills).toEqual([
      { skill: { id: "clawshield.deal-desk" }, blockedBy: "group:claresia-restricted-no-pii", groups: [{ id: "claresia-restricted-no-pii" }], overridesGrant: false },
      { skill: { id: "ledger.vendor-spend-review" }, blockedBy: "group:claresia-restricted-no-pii", groups: [{ id: "claresia-restricted-no-pii" }], overridesGrant: true },
    ]);
  });

  test("explainSkill agrees with effectiveSkills for every skill of the tenant", async () => {
    const skills = await gw.ok<any>(`{ skills(first: 100) { nodes { id } } }`, {}, as);
    const effective = await gw.ok<any>(`query($u: ID!) { user(id: $u) { effectiveSkills(first: 100) { nodes { skill { id } } } } }`, { u: DEMO_USER }, as);
    const effectiveIds = new Set(effective.user.effectiveSkills.nodes.map((n: any) => n.skill.id));
    for (const { id } of skills.skills.nodes) {
      const x = await gw.ok<any>(`query($u: ID!, $s: ID!) { user(id: $u) { explainSkill(skillId: $s) { effective reasons sources { label } blockedBy { id } } } }`, { u: DEMO_USER, s: id }, as);
      expect(x.user.explainSkill.effective, id).toBe(effectiveIds.has(id));
      if (id === "ledger.vendor-spend-review") expect(x.user.explainSkill.reasons).toEqual(["BLOCKED"]);
      if (id === "terraform") expect(x.user.explainSkill.reasons).toEqual(["NO_SOURCE"]);
    }
  });

  test("the reverse lookup finds marco for an archetype skill, not for a blocked one", async () => {
    const data = await gw.ok<any>(
      `{ a: skill(id: "gatespic.incident-postmortem") { entitledUsers { totalCount nodes { id } } } b: skill(id: "ledger.vendor-spend-review") { entitledUsers { totalCount } } }`,
      {},
      as,
    );
    expect(data.a.entitledUsers).toEqual({ totalCount: 1, nodes: [{ id: DEMO_USER }] });
    expect(data.b.entitledUsers.totalCount).toBe(0);
  });

  test("the DevOps Agent loads terraform's instructions", async () => {
    const data = await gw.ok<any>(
      `{ skillContent(skillId: "terraform", agentId: "devops-agent") { version instructions availableReferences } }`,
      {},
      as,
    );
    expect(data.skillContent.version).toBe("1.0.0");
    expect(data.skillContent.instructions).toContain("Terraform");
  });
});
