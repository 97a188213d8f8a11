// Reading who sees what: a user's effective and blocked skills and the reverse
// lookup (a skill's entitled users) come from the stored entitlements, kept by
// the engine; why one skill is or is not effective comes from the pure
// resolution over that skill's sources, batched over a page of users.
import type { Context } from "../api/context.js";
import { notFound } from "../core/errors.js";
import { findPage, pageInMemory, type ConnectionArgs, type Order } from "../api/pagination.js";
import { explainSkill, type EffectiveEntry, type Explanation } from "../entitlements/resolve.js";
import { validAt } from "./stored-entitlements.js";

const bySkillId: Order<EffectiveEntry> = [{ field: "skillId", dir: "asc", kind: "string" }];
const byUserId: Order<{ userId: string }> = [{ field: "userId", dir: "asc", kind: "string" }];

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
  const world = await ctx.loaders.entitlementInputs.load(`${userId}\u0000${skillId}`);
  const input = world.users.get(userId) ?? { archetype: null, groups: [], roles: [], grants: [] };
  return explainSkill(input, world.skills, world.now, skillId);
}

export async function entitledUsers(ctx: Context, skillId: string, args: ConnectionArgs) {
  const prisma = ctx.app.db.prisma;
  const where = { tenantId: ctx.tenantId, skillId, blocked: false, ...validAt(new Date()) };
  const page = await findPage({
    args,
    order: byUserId,
    where,
    findMany: (q) => prisma.userEntitlement.findMany({ ...q, select: { userId: true } }),
    count: (q) => prisma.userEntitlement.count(q),
    toNode: (r) => r.userId,
  });
  const users = await ctx.loaders.user.loadMany(page.nodes);
  const nodes = users.map((u) => (u instanceof Error ? null : u)).filter((u) => u !== null);
  return { ...page, nodes, edges: page.edges.map((e, i) => ({ cursor: e.cursor, node: nodes[i] })) };
}
