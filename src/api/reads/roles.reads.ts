// Reads of the GraphQL edge for roles: lookups and relation fields through this
// request's DataLoaders (batched: one statement per relation per request).
import type { Connection, ConnectionArgs } from "../../core/paging.js";
import { type RoleRow, type UserRow } from "../../services/directory.service.js";
import { primed } from "./directory.reads.js";
import { pageUserIds } from "./directory.reads.js";
import type { RoleSkillNode } from "../../services/roles.service.js";
import type { Context } from "../context.js";

export function getRole(ctx: Context, id: string): Promise<RoleRow | null> {
  return ctx.loaders.role.load(id);
}

export async function listRoles(ctx: Context): Promise<RoleRow[]> {
  const rows = await ctx.app.db.prisma.role.findMany({ where: { tenantId: ctx.tenantId }, orderBy: { id: "asc" } });
  return primed(ctx.loaders.role, rows);
}

/** The role's skills in skill id order, soft-deleted skills left out. */
export async function roleSkills(ctx: Context, role: RoleRow): Promise<RoleSkillNode[]> {
  const rows = await ctx.loaders.roleSkills.load(role.id);
  primed(ctx.loaders.skill, rows.map((r) => r.skill));
  return rows.map((r) => ({ skill: r.skill, repositoryId: r.repositoryId }));
}

export async function roleMembers(ctx: Context, role: RoleRow, args: ConnectionArgs): Promise<Connection<UserRow>> {
  return pageUserIds(ctx, (await ctx.loaders.roleMemberIds.load(role.id)).map((m) => m.userId), args);
}
