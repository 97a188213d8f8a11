// Demo data for the tenant "dainese", written on first start (SEED_DEMO_DATA=0
// skips it). Taken from the examples in our reference material: a firmware team
// whose archetype comes from a Cowork, a pilot group with augments, a
// restricted group with blocks, one user, one agent, two LLM platforms.
import { systemContext, type Core } from "../core/context.js";
import type { Tx } from "../db/client.js";
import { insertSkill } from "../catalog/store.js";
import { publishForUsers, runEntitlementChange } from "../services/entitlement-change.js";
import type { EventDraft } from "../services/governance.js";
import { ensureTenant } from "../services/tenants.js";
import { loadDemoSkills } from "./skills.js";

export const DEMO_TENANT = "dainese";
export const DEMO_USER = "user:marco.mazzolin@dainese.it";
const COWORK = "firmware-engineer.dainese.v1";
const ARCHETYPE = "firmware_engineer";
const PILOT = "claresia-eng-pilot";
const RESTRICTED = "claresia-restricted-no-pii";
const DAY = 24 * 3600 * 1000;

/** Store listings are locked: they can be assigned, not edited. */
const STORE_LISTINGS: Record<string, string> = { "clawshield.deal-desk": "store:clawshield/deal-desk" };

/** Seeds the demo tenant unless it already holds skills. Returns whether it seeded. */
export async function seedDemo(app: Core): Promise<boolean> {
  const prisma = app.db.prisma;
  await ensureTenant(prisma, DEMO_TENANT);
  if ((await prisma.skill.count({ where: { tenantId: DEMO_TENANT } })) > 0) return false;
  // Through the entitlement engine like any change: the demo user's answers are
  // recorded and the platforms receive them. Checked again under the tenant lock,
  // so gateway processes starting together seed once.
  const { value } = await runEntitlementChange(systemContext(app, DEMO_TENANT, "system:seed"), false, {
    users: { kind: "tenant" },
    skills: null,
    publish: publishForUsers,
    trigger: "demo_seed",
    subjects: [`tenant:${DEMO_TENANT}`],
    apply: async ({ tx }) => {
      if ((await tx.skill.count({ where: { tenantId: DEMO_TENANT } })) > 0) return { value: false };
      return { value: true, event: await seed(tx) };
    },
  });
  return value;
}

async function seed(tx: Tx): Promise<EventDraft> {
  const tenantId = DEMO_TENANT;
  const now = Date.now();
  const skills = loadDemoSkills();
  const version = new Map(skills.map((s) => [s.id, s.version]));
  for (const s of skills) {
    const listing = STORE_LISTINGS[s.id];
    await insertSkill(tx, tenantId, {
      id: s.id,
      name: s.name,
      description: s.description,
      category: s.category,
      source: listing ? "STORE" : "CUSTOM",
      locked: Boolean(listing),
      listingRef: listing ?? null,
      listingVersion: listing ? s.version : null,
      toolIds: s.toolIds,
      version: s.version,
      content: { instructions: s.instructions, references: s.references, scripts: [] },
      deployed: true,
      createdBy: "system",
    });
  }
  const gatespic = skills.map((s) => s.id).filter((id) => id.startsWith("gatespic."));

  await tx.cowork.create({ data: { tenantId, id: COWORK, name: "Firmware Engineer (Dainese) v1" } });
  await tx.coworkSkill.createMany({
    data: gatespic.map((skillId) => ({ tenantId, coworkId: COWORK, skillId, skillVersion: version.get(skillId)! })),
  });
  await tx.archetype.create({ data: { tenantId, id: ARCHETYPE, name: "Firmware Engineer", coworkId: COWORK } });
  await tx.archetypeSkill.createMany({
    data: gatespic.map((skillId) => ({
      tenantId,
      archetypeId: ARCHETYPE,
      skillId,
      pinnedVersion: version.get(skillId)!,
      origin: "COWORK",
    })),
  });

  await tx.group.createMany({
    data: [
      { tenantId, id: PILOT, name: "Claresia engineering pilot" },
      { tenantId, id: RESTRICTED, name: "Claresia restricted (no PII)" },
    ],
  });
  await tx.groupAugment.createMany({
    data: ["steve.prd-review", "boss.standup-notes"].map((skillId) => ({ tenantId, groupId: PILOT, skillId })),
  });
  await tx.groupBlock.createMany({
    data: ["clawshield.deal-desk", "ledger.vendor-spend-review"].map((skillId) => ({ tenantId, groupId: RESTRICTED, skillId })),
  });

  await tx.role.create({
    data: { tenantId, id: "release-captain", name: "Release captain", description: "Signs off firmware releases" },
  });
  await tx.roleSkill.create({ data: { tenantId, roleId: "release-captain", skillId: "gatespic.change-risk-review" } });

  await tx.user.create({
    data: {
      tenantId,
      id: DEMO_USER,
      email: "marco.mazzolin@dainese.it",
      displayName: "Marco Mazzolin",
      archetypeId: ARCHETYPE,
      searchText: `${DEMO_USER}\nmarco.mazzolin@dainese.it\nmarco mazzolin`,
    },
  });
  await tx.groupMember.createMany({
    data: [PILOT, RESTRICTED].map((groupId) => ({ tenantId, groupId, userId: DEMO_USER })),
  });
  await tx.roleMember.create({ data: { tenantId, roleId: "release-captain", userId: DEMO_USER } });
  await tx.userGrant.createMany({
    data: [
      {
        tenantId,
        id: "grant_demo_weekly_digest",
        userId: DEMO_USER,
        skillId: "boss.team-weekly-digest",
        reason: "Covering the team lead's weekly digest during the D-air release",
        grantedBy: "system",
        expiresAt: new Date(now + 30 * DAY),
      },
      {
        tenantId,
        id: "grant_demo_vendor_spend",
        userId: DEMO_USER,
        skillId: "ledger.vendor-spend-review",
        reason: "Supplier audit (held back by the restricted group's block)",
        grantedBy: "system",
        expiresAt: new Date(now + 7 * DAY),
      },
    ],
  });

  await tx.agent.create({ data: { tenantId, id: "devops-agent", name: "DevOps Agent" } });
  await tx.agentSkillAssignment.create({
    data: {
      tenantId,
      id: "asg_demo_devops_terraform",
      agentId: "devops-agent",
      skillId: "terraform",
      skillVersion: version.get("terraform")!,
      priority: 10,
      config: {},
      assignedBy: "system",
    },
  });

  await tx.distributionPlatform.createMany({
    data: [
      { tenantId, id: "anthropic-claude-enterprise", name: "Anthropic Claude Enterprise", delivery: "FILE", target: "anthropic-claude-enterprise" },
      { tenantId, id: "microsoft-copilot-m365", name: "Microsoft Copilot (M365)", delivery: "FILE", target: "microsoft-copilot-m365" },
    ],
  });

  return {
    kind: "directory.changed",
    subjects: [`archetype:${ARCHETYPE}`, `user:${DEMO_USER}`, "agent:devops-agent"],
    payload: { what: "demo.seeded", skills: skills.length },
  };
}
