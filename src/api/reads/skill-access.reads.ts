// Reads of the GraphQL edge for skill owners, managers and transfers. Their
// loaders hang off this request's loader set (a WeakMap, so they die with it):
// a page of skills costs one statement per relation, not one per skill.
import { listLoader, rowLoader } from "../loaders/dataloader.js";
import type { SkillRow } from "../../catalog/store.js";
import type { GroupRow, UserRow } from "../../services/directory.service.js";
import { canManage, type TransferRow } from "../../services/skill-access.service.js";
import type { Context } from "../context.js";

function makeLoaders(ctx: Context) {
  const prisma = ctx.app.db.prisma;
  const tenantId = ctx.tenantId;
  return {
    managers: listLoader(
      (skillIds: string[]) =>
        prisma.skillManager.findMany({ where: { tenantId, skillId: { in: skillIds } }, orderBy: [{ skillId: "asc" }, { kind: "asc" }, { principalId: "asc" }] }),
      (r) => r.skillId,
    ),
    pending: rowLoader(
      (skillIds: string[]) => prisma.skillOwnershipTransfer.findMany({ where: { tenantId, pendingKey: { in: skillIds } } }),
      (r) => r.pendingKey!,
    ),
  };
}

const perRequest = new WeakMap<object, ReturnType<typeof makeLoaders>>();

function loaders(ctx: Context) {
  let l = perRequest.get(ctx.loaders);
  if (!l) perRequest.set(ctx.loaders, (l = makeLoaders(ctx)));
  return l;
}

const present = <T>(rows: (T | null | Error)[]): T[] => rows.filter((r): r is T => r !== null && !(r instanceof Error));

export async function skillManagers(ctx: Context, skill: SkillRow): Promise<{ users: UserRow[]; groups: GroupRow[] }> {
  const rows = await loaders(ctx).managers.load(skill.id);
  const [users, groups] = await Promise.all([
    ctx.loaders.user.loadMany(rows.filter((r) => r.kind === "USER").map((r) => r.principalId)),
    ctx.loaders.group.loadMany(rows.filter((r) => r.kind === "GROUP").map((r) => r.principalId)),
  ]);
  return { users: present(users), groups: present(groups) };
}

export function pendingTransfer(ctx: Context, skill: SkillRow): Promise<TransferRow | null> {
  return loaders(ctx).pending.load(skill.id);
}

export function transferRecipient(ctx: Context, transfer: TransferRow): Promise<UserRow | null> {
  return ctx.loaders.user.load(transfer.toUserId);
}

/**
 * Whether the caller may manage the skill: the service's one rule. Skills open
 * to everyone with skills:write answer without a read; a restricted one costs up
 * to two small statements.
 */
export function viewerCanManage(ctx: Context, skill: SkillRow): Promise<boolean> {
  return canManage(ctx, ctx.app.db.prisma, skill);
}
