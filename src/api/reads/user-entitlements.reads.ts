// Reads of the GraphQL edge for user-entitlements: lookups and relation fields through this
// request's DataLoaders (batched: one statement per relation per request).
import { notFound } from "../../core/errors.js";
import { pageInMemory, type ConnectionArgs } from "../../core/paging.js";
import { explainSkill, type Explanation } from "../../entitlements/resolve.js";
import { byUserId } from "../../services/user-entitlements.service.js";
import { bySkillId } from "../../services/user-entitlements.service.js";
import { isQuarantined } from "../../services/skill-rules.js";
import type { Context } from "../context.js";

export async function effectiveSkills(ctx: Context, userId: string, args: ConnectionArgs) {
  const resolved = await ctx.loaders.entitlements.load(userId);
  return pageInMemory(resolved?.effective ?? [], args, bySkillId, (e) => e);
}

export async function blockedSkills(ctx: Context, userId: string) {
  return (await ctx.loaders.entitlements.load(userId))?.blocked ?? [];
}

export async function explainUserSkill(ctx: Context, userId: string, skillId: string): Promise<Explanation> {
  const skill = await ctx.loaders.skill.load(skillId);
  if (!skill) throw notFound("Skill", skillId, "skillId");
  // The same batched load as effectiveSkills: a page of users costs a constant number of statements.
  const [loaded, tenant] = await Promise.all([ctx.loaders.entitlements.load(userId), ctx.loaders.tenant.load(ctx.tenantId)]);
  const input = loaded?.input ?? { archetype: null, groups: [], roles: [], grants: [] };
  // The batch's world holds the skills some source names; a skill nobody grants is added from its row.
  const skills = new Map(loaded?.world.skills ?? []);
  if (!skills.has(skillId)) {
    skills.set(skillId, {
      id: skill.id,
      lifecycle: skill.lifecycle,
      currentVersion: skill.currentVersion,
      quarantined: isQuarantined(skill.scanStatus, tenant?.quarantineMode),
    });
  }
  return explainSkill(input, skills, loaded?.world.now ?? new Date(), skillId);
}

export async function entitledUsers(ctx: Context, skillId: string, args: ConnectionArgs) {
  const ids = await ctx.loaders.entitledUserIds.load(skillId);
  const page = pageInMemory(
    ids.map((id) => ({ id })),
    args,
    byUserId,
    (u) => u.id,
  );
  const users = await ctx.loaders.user.loadMany(page.nodes);
  const nodes = users.map((u) => (u instanceof Error ? null : u)).filter((u) => u !== null);
  return { ...page, nodes, edges: page.edges.map((e, i) => ({ cursor: e.cursor, node: nodes[i] })) };
}
