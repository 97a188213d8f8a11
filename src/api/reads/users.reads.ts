// Reads of the GraphQL edge for users: lookups and relation fields through this
// request's DataLoaders (batched: one statement per relation per request).
import type { GraphQLResolveInfo } from "graphql";
import { badInput } from "../../core/errors.js";
import { findPage, type ConnectionArgs } from "../../core/paging.js";
import { paramBudget, type GroupRow, type RoleRow, type UserGrantRow, type UserRow } from "../../services/directory.service.js";
import { primed } from "./directory.reads.js";
import { pageUserIds } from "./directory.reads.js";
import { prefetchUserEntitlements } from "./user-entitlements.reads.js";
import { byId } from "../../services/users.service.js";
import type { UserFilter } from "../../services/users.service.js";
import type { Context } from "../context.js";

/** With the query's `info`, the user's stored entitlements its fields will read start beside it (prefetchUserEntitlements). */
export function getUser(ctx: Context, id: string, info?: GraphQLResolveInfo): Promise<UserRow | null> {
  const key = id.toLowerCase();
  const user = ctx.loaders.user.load(key);
  if (info) prefetchUserEntitlements(ctx, key, info);
  return user;
}

export async function listUsers(ctx: Context, filter: UserFilter, args: ConnectionArgs) {
  const prisma = ctx.app.db.prisma;
  const tenantId = ctx.tenantId;
  const where: Record<string, unknown> = { tenantId };
  if (filter.archetypeId != null) where.archetypeId = filter.archetypeId;
  if (filter.deprovisioned != null) where.deprovisionedAt = filter.deprovisioned ? { not: null } : null;
  const search = filter.search?.trim().toLowerCase();
  if (search) where.searchText = { contains: search };

  let members: Set<string> | null = null;
  const narrow = (ids: string[]) => {
    members = members ? new Set(ids.filter((id) => members!.has(id))) : new Set(ids);
  };
  if (filter.groupId != null) {
    narrow((await prisma.groupMember.findMany({ where: { tenantId, groupId: filter.groupId }, select: { userId: true } })).map((m) => m.userId));
  }
  if (filter.roleId != null) {
    narrow((await prisma.roleMember.findMany({ where: { tenantId, roleId: filter.roleId }, select: { userId: true } })).map((m) => m.userId));
  }
  // Beyond what one IN list may carry, the membership filter is applied in memory.
  if (members !== null && (members as Set<string>).size > paramBudget(ctx) - 10) {
    const wanted: Set<string> = members;
    const ids = (await prisma.user.findMany({ where, select: { id: true } })).map((u) => u.id).filter((id) => wanted.has(id));
    return pageUserIds(ctx, ids, args);
  }
  if (members !== null) where.id = { in: [...(members as Set<string>)] };
  return findPage({
    args,
    order: byId,
    where,
    findMany: (q) => prisma.user.findMany(q),
    count: (q) => prisma.user.count(q),
    toNode: (row) => {
      ctx.loaders.user.prime(row.id, row);
      return row;
    },
  });
}

export async function groupsOfUser(ctx: Context, user: UserRow): Promise<GroupRow[]> {
  const memberships = await ctx.loaders.userGroupMemberships.load(user.id);
  const rows = await ctx.loaders.group.loadMany(memberships.map((m) => m.groupId));
  return rows.filter((g): g is GroupRow => g !== null && !(g instanceof Error));
}

export async function rolesOfUser(ctx: Context, user: UserRow): Promise<RoleRow[]> {
  const memberships = await ctx.loaders.userRoleMemberships.load(user.id);
  const rows = await ctx.loaders.role.loadMany(memberships.map((m) => m.roleId));
  return rows.filter((r): r is RoleRow => r !== null && !(r instanceof Error));
}

/** Active and past user-level grants, newest first. */
export async function grantsOfUser(ctx: Context, user: UserRow): Promise<UserGrantRow[]> {
  return primed(ctx.loaders.userGrant, await ctx.loaders.userGrants.load(user.id));
}

export async function expiringGrants(ctx: Context, withinHours: number): Promise<UserGrantRow[]> {
  if (!Number.isInteger(withinHours) || withinHours < 1 || withinHours > 8760) {
    throw badInput("withinHours must be between 1 and 8760 (one year)", "withinHours");
  }
  const now = new Date();
  const rows = await ctx.app.db.prisma.userGrant.findMany({
    where: {
      tenantId: ctx.tenantId,
      revokedAt: null,
      expiresAt: { gt: now, lte: new Date(now.getTime() + withinHours * 3_600_000) },
    },
    orderBy: [{ expiresAt: "asc" }, { id: "asc" }],
  });
  return primed(ctx.loaders.userGrant, rows);
}
