// Reads of the GraphQL edge for groups: lookups and relation fields through this
// request's DataLoaders (batched: one statement per relation per request).
import { findPage, type ConnectionArgs } from "../../core/paging.js";
import type { SkillRow } from "../../catalog/store.js";
import { type GroupRow, type UserRow } from "../../services/directory.service.js";
import type { Connection } from "../../core/paging.js";
import { primed } from "./directory.reads.js";
import { pageUserIds } from "./directory.reads.js";
import { byId } from "../../services/groups.service.js";
import type { Context } from "../context.js";

export function getGroup(ctx: Context, id: string): Promise<GroupRow | null> {
  return ctx.loaders.group.load(id);
}

export function listGroups(ctx: Context, args: ConnectionArgs) {
  const prisma = ctx.app.db.prisma;
  return findPage({
    args,
    order: byId,
    where: { tenantId: ctx.tenantId },
    findMany: (q) => prisma.group.findMany(q),
    count: (q) => prisma.group.count(q),
    toNode: (row) => {
      ctx.loaders.group.prime(row.id, row);
      return row;
    },
  });
}

export async function groupAugments(ctx: Context, group: GroupRow): Promise<SkillRow[]> {
  return primed(ctx.loaders.skill, (await ctx.loaders.groupAugments.load(group.id)).map((r) => r.skill));
}

export async function groupBlocks(ctx: Context, group: GroupRow): Promise<SkillRow[]> {
  return primed(ctx.loaders.skill, (await ctx.loaders.groupBlocks.load(group.id)).map((r) => r.skill));
}

export function groupMemberCount(ctx: Context, group: GroupRow): Promise<number> {
  return ctx.loaders.groupMemberCount.load(group.id);
}

export async function groupMembers(ctx: Context, group: GroupRow, args: ConnectionArgs): Promise<Connection<UserRow>> {
  return pageUserIds(ctx, (await ctx.loaders.groupMemberIds.load(group.id)).map((m) => m.userId), args);
}
