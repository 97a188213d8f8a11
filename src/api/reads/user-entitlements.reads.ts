// Reads of the GraphQL edge for user-entitlements: a user's effective and
// blocked skills and a skill's entitled users come from the stored
// entitlements (index lookups by user and by skill); explainSkill runs the pure
// resolution over one batched load of the page's users and skills.
import type { FieldNode, GraphQLResolveInfo } from "graphql";
import { notFound } from "../../core/errors.js";
import { pageInMemory, type ConnectionArgs } from "../../core/paging.js";
import { explainSkill, type EffectiveEntry, type Explanation } from "../../entitlements/resolve.js";
import { entitledUserPage } from "../../services/stored-entitlements.js";
import { bySkillId } from "../../services/user-entitlements.service.js";
import type { Context } from "../context.js";
import { nodesSelectOnly, plainSubfields } from "../selection.js";

/** An `effectiveSkills` whose nodes (one response key's) select nothing but totalCount: its count is read, no row. */
export function countsOnly(fieldNodes: readonly FieldNode[]): boolean {
  return nodesSelectOnly(fieldNodes, ["totalCount"]);
}

/**
 * `user(id) { effectiveSkills … }` reads the user, then its stored rows: two statements,
 * one after the other. Started here beside the user's own read, the stored read that the
 * user's fields will make runs at the same time (on PostgreSQL on a second pooled
 * connection) and the fields find it in their loader. Only for a plain selection
 * (plainSubfields: no fragment, no directive), where the fields' reads are certain: the
 * same loader, key and choice (rows or count: countsOnly, as effectiveSkills decides) that the fields
 * will use, so the statements are the same two. A user that does not exist costs that one
 * unused read, tenant-scoped as every loader.
 */
export function prefetchUserEntitlements(ctx: Context, userId: string, info: GraphQLResolveInfo): void {
  const fields = plainSubfields(info);
  if (!fields) return;
  let rows = false;
  let count = false;
  for (const nodes of fields.values()) {
    const name = nodes[0]!.name.value;
    if (name === "blockedSkills") rows = true;
    else if (name === "effectiveSkills") {
      if (countsOnly(nodes)) count = true;
      else rows = true;
    }
  }
  // Nobody may await these (the user may not exist): a failure is the fields' to report.
  const unread = () => {};
  if (rows) ctx.loaders.entitlements.load(userId).catch(unread);
  if (count) ctx.loaders.effectiveCount.load(userId).catch(unread);
}

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
