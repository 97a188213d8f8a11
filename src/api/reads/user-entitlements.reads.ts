// Reads of the GraphQL edge for user-entitlements: a user's effective and
// blocked skills and a skill's entitled users come from the stored
// entitlements (index lookups by user and by skill); explainSkill runs the pure
// resolution over one batched load of the page's users and skills.
import { notFound } from "../../core/errors.js";
import { pageInMemory, type ConnectionArgs } from "../../core/paging.js";
import { explainSkill, type EffectiveEntry, type Explanation } from "../../entitlements/resolve.js";
import { entitledUserPage } from "../../services/stored-entitlements.js";
import { bySkillId } from "../../services/user-entitlements.service.js";
import type { Context } from "../context.js";

/** `countOnly`: the caller selected nothing but totalCount, so no row is decoded. */
export async function effectiveSkills(ctx: Context, userId: string, args: ConnectionArgs, countOnly = false) {
  if (countOnly) {
    const page = pageInMemory<EffectiveEntry, EffectiveEntry>([], args, bySkillId, (e) => e);
    return { ...page, totalCount: await ctx.loaders.effectiveCount.load(userId) };
  }
  const stored = await ctx.loaders.entitlements.load(userId);
  return pageInMemory(stored.effective, args, bySkillId, (e) => e);
}

export async function blockedSkills(ctx: Context, userId: string) {
  return (await ctx.loaders.entitlements.load(userId)).blocked;
}

export async function explainUserSkill(ctx: Context, userId: string, skillId: string): Promise<Explanation> {
  const skill = await ctx.loaders.skill.load(skillId);
  if (!skill) throw notFound("Skill", skillId, "skillId");
  // One load for every (user, skill) the request explains: constant statements for a page of users.
  const world = await ctx.loaders.entitlementInputs.load(`${userId}\u0000${skillId}`);
  const input = world.users.get(userId) ?? { archetype: null, groups: [], roles: [], grants: [] };
  return explainSkill(input, world.skills, world.now, skillId);
}

export async function entitledUsers(ctx: Context, skillId: string, args: ConnectionArgs) {
  const page = await entitledUserPage(ctx.app.db, ctx.tenantId, skillId, args);
  const users = await ctx.loaders.user.loadMany(page.nodes);
  const nodes = users.map((u) => (u instanceof Error ? null : u)).filter((u) => u !== null);
  return { ...page, nodes, edges: page.edges.map((e, i) => ({ cursor: e.cursor, node: nodes[i] })) };
}
