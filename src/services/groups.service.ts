// Groups of the directory: creation, membership changes (entitlement changes:
// a member gets the group's augments and loses its blocks) and the group's
// relations. Augments and blocks themselves are edited by the entitlement
// mutations. Errors raised here:
//   NOT_FOUND      the group or a user is not in this tenant
//   CONFLICT       the group id is taken
//   BAD_USER_INPUT invalid id or empty name
import type { RequestContext as Context } from "../core/context.js";
import { conflict } from "../core/errors.js";
import { findPage, type Connection, type ConnectionArgs, type Order } from "../core/paging.js";
import type { CreateGroupInput } from "./inputs.js";
import type { SkillRow } from "../catalog/store.js";
import { checkKey } from "../catalog/keys.js";
import type { Tx } from "../db/client.js";
import { publishForUsers, runEntitlementChange, type EntitlementChange } from "./entitlement-change.js";
import { runChange } from "./governance.js";
import { uniqueOrConflict } from "./ids.js";
import {
  checkName,
  chunkSize,
  findInChunks,
  inChunks,
  requireGroup,
  requireUsers,
  sortedIds,
  userKey,
  type GroupRow,
  type UserRow,
} from "./directory.service.js";

export const byId: Order<GroupRow> = [{ field: "id", dir: "asc", kind: "string" }];



export async function createGroup(ctx: Context, input: CreateGroupInput): Promise<GroupRow> {
  const id = checkKey(input.id, "input.id");
  const name = checkName(input.name, "input.name");
  const taken = `Group "${id}" already exists`;
  return uniqueOrConflict(
    runChange(ctx, async ({ tx, emit }) => {
      if (await tx.group.findUnique({ where: { tenantId_id: { tenantId: ctx.tenantId, id } } })) throw conflict(taken, "input.id");
      const group = await tx.group.create({ data: { tenantId: ctx.tenantId, id, name } });
      await emit({ kind: "directory.changed", subjects: [`group:${id}`], payload: { what: "group.created", name } });
      return group;
    }),
    taken,
    "input.id",
  );
}

/** Skills a membership change can affect: the group's augments and blocks. */
async function groupSkillIds(tx: Tx, tenantId: string, groupId: string): Promise<string[]> {
  const select = { skillId: true } as const;
  const [augments, blocks] = await Promise.all([
    tx.groupAugment.findMany({ where: { tenantId, groupId }, select }),
    tx.groupBlock.findMany({ where: { tenantId, groupId }, select }),
  ]);
  return [...new Set([...augments, ...blocks].map((r) => r.skillId))];
}

async function changeMembers(
  ctx: Context,
  groupIdArg: string,
  userIdsArg: string[],
  mode: "add" | "remove",
): Promise<{ group: GroupRow; change: EntitlementChange }> {
  const tenantId = ctx.tenantId;
  const groupId = checkKey(groupIdArg, "groupId");
  const checked = userIdsArg.map((u, i) => userKey(u, `userIds.${i}`));
  const userIds = [...new Set(checked)];
  const { value, change } = await uniqueOrConflict(runEntitlementChange(ctx, false, {
    users: { kind: "users", ids: userIds },
    skills: (tx) => groupSkillIds(tx, tenantId, groupId),
    subjects: [`group:${groupId}`],
    publish: publishForUsers,
    apply: async ({ tx }) => {
      const group = await requireGroup(tx, tenantId, groupId, "groupId");
      await requireUsers(ctx, tx, checked, "userIds", { provisioned: mode === "add" });
      const members = await findInChunks(ctx, userIds, (chunk) =>
        tx.groupMember.findMany({ where: { tenantId, groupId, userId: { in: chunk } }, select: { userId: true } }),
      );
      const current = new Set(members.map((m) => m.userId));
      const changed = sortedIds(mode === "add" ? userIds.filter((u) => !current.has(u)) : userIds.filter((u) => current.has(u)));
      if (mode === "add") {
        await inChunks(changed, chunkSize(ctx, 4), (chunk) =>
          tx.groupMember.createMany({ data: chunk.map((userId) => ({ tenantId, groupId, userId })) }),
        );
      } else {
        await inChunks(changed, chunkSize(ctx, 1) - 10, (chunk) =>
          tx.groupMember.deleteMany({ where: { tenantId, groupId, userId: { in: chunk } } }),
        );
      }
      return {
        value: group,
        event: changed.length
          ? {
              kind: "directory.changed",
              subjects: [`group:${groupId}`, ...changed.map((u) => `user:${u}`)],
              payload: { what: mode === "add" ? "group.members_added" : "group.members_removed", groupId, userIds: changed },
            }
          : null,
      };
    },
  }), `A concurrent change edited the members of group "${groupId}"; retry`, "userIds");
  return { group: value, change };
}

/** Adding a user who is already a member changes nothing. */
export function addGroupMembers(ctx: Context, groupId: string, userIds: string[]) {
  return changeMembers(ctx, groupId, userIds, "add");
}

/** Removing a user who is not a member changes nothing. */
export function removeGroupMembers(ctx: Context, groupId: string, userIds: string[]) {
  return changeMembers(ctx, groupId, userIds, "remove");
}

// ───────────── relations (through the per-request loaders) ─────────────




