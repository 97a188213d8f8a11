// Users of the directory: reads, the bulk upsert (set-based: a fixed number of
// statements plus batched writes whatever the number of users), the archetype
// move and the user's relations. Errors raised here:
//   NOT_FOUND      the user, or an archetype, group or role an input names, is not in this tenant
//   BAD_USER_INPUT invalid id or e-mail, duplicate ids, more than 1000 users, withinHours out of range
import type { RequestContext as Context } from "../core/context.js";
import { badInput, notFound } from "../core/errors.js";
import { findPage, type ConnectionArgs, type Order } from "../core/paging.js";
import type { UpsertUserInput } from "./inputs.js";
import { checkKey } from "../catalog/keys.js";
import type { Prisma, Tx } from "../db/client.js";
import { isGrantActive } from "../entitlements/resolve.js";
import { publishForUsers, runEntitlementChange, type EntitlementChange } from "./entitlement-change.js";
import { uniqueOrConflict } from "./ids.js";
import {
  chunkSize,
  findInChunks,
  inChunks,
  paramBudget,
  requireAllFound,
  requireArchetype,
  requireUser,
  userKey,
  type GroupRow,
  type RoleRow,
  type UserGrantRow,
  type UserRow,
} from "./directory.service.js";

export const MAX_UPSERT_USERS = 1000;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export const byId: Order<UserRow> = [{ field: "id", dir: "asc", kind: "string" }];

export function searchTextOfUser(u: { id: string; email: string; displayName?: string | null }): string {
  return [u.id, u.email, u.displayName ?? ""].join("\n").toLowerCase();
}


export interface UserFilter {
  /** false (the default at the edges): active users only; true: deprovisioned only; null: everyone. */
  deprovisioned?: boolean | null;
  archetypeId?: string | null;
  groupId?: string | null;
  roleId?: string | null;
  search?: string | null;
}



// ───────────── relations (through the per-request loaders) ─────────────




export function grantActive(grant: UserGrantRow, now = Date.now()): boolean {
  return isGrantActive(grant, now);
}

// ───────────── upsertUsers ─────────────

interface PlannedUser {
  index: number;
  id: string;
  email: string;
  displayName: string | null;
  /** undefined: leave as it is (null in the input also leaves it; setUserArchetype clears). */
  archetypeId: string | undefined;
  /** undefined: leave memberships as they are; checked ids in input order (may repeat). */
  groupIds: string[] | undefined;
  roleIds: string[] | undefined;
}

function planUsers(inputs: UpsertUserInput[]): PlannedUser[] {
  if (inputs.length > MAX_UPSERT_USERS) {
    throw badInput(`At most ${MAX_UPSERT_USERS} users a call (got ${inputs.length})`, "users");
  }
  const seen = new Map<string, number>();
  return inputs.map((u, i) => {
    const id = userKey(u.id, `users.${i}.id`);
    const first = seen.get(id);
    if (first !== undefined) throw badInput(`User "${id}" appears twice (users.${first} and users.${i})`, `users.${i}.id`);
    seen.set(id, i);
    const email = u.email.trim().toLowerCase();
    if (email.length > 320 || !EMAIL.test(email)) throw badInput(`"${u.email}" is not an e-mail address`, `users.${i}.email`);
    const displayName = u.displayName?.trim() || null;
    if (displayName && displayName.length > 200) throw badInput("displayName must be at most 200 characters", `users.${i}.displayName`);
    return {
      index: i,
      id,
      email,
      displayName,
      archetypeId: u.archetypeId == null ? undefined : checkKey(u.archetypeId, `users.${i}.archetypeId`),
      groupIds: u.groupIds == null ? undefined : u.groupIds.map((g, j) => checkKey(g, `users.${i}.groupIds.${j}`)),
      roleIds: u.roleIds == null ? undefined : u.roleIds.map((r, j) => checkKey(r, `users.${i}.roleIds.${j}`)),
    };
  });
}

async function checkReferences(ctx: Context, tx: Tx, planned: PlannedUser[]): Promise<void> {
  const tenantId = ctx.tenantId;
  const distinct = (pick: (p: PlannedUser) => string[] | undefined) => [...new Set(planned.flatMap((p) => pick(p) ?? []))];
  const select = { id: true } as const;
  const [archetypes, groups, roles] = await Promise.all([
    findInChunks(ctx, distinct((p) => (p.archetypeId ? [p.archetypeId] : undefined)), (chunk) =>
      tx.archetype.findMany({ where: { tenantId, id: { in: chunk } }, select }),
    ),
    findInChunks(ctx, distinct((p) => p.groupIds), (chunk) => tx.group.findMany({ where: { tenantId, id: { in: chunk } }, select })),
    findInChunks(ctx, distinct((p) => p.roleIds), (chunk) => tx.role.findMany({ where: { tenantId, id: { in: chunk } }, select })),
  ]);
  const found = (rows: { id: string }[]) => new Set(rows.map((r) => r.id));
  const [haveArchetypes, haveGroups, haveRoles] = [found(archetypes), found(groups), found(roles)];
  for (const p of planned) {
    if (p.archetypeId && !haveArchetypes.has(p.archetypeId)) throw notFound("Archetype", p.archetypeId, `users.${p.index}.archetypeId`);
    if (p.groupIds) requireAllFound("Group", p.groupIds, haveGroups, `users.${p.index}.groupIds`);
    if (p.roleIds) requireAllFound("Role", p.roleIds, haveRoles, `users.${p.index}.roleIds`);
  }
}

interface Pair {
  userId: string;
  target: string;
}

/**
 * Makes the membership rows of the users that gave a list match it, touching
 * only the pairs that change (kept rows keep their addedAt, which dates the
 * grant). Returns the users whose memberships changed.
 */
async function syncMemberships(
  ctx: Context,
  wanted: Map<string, string[]>,
  read: (userIds: string[]) => Promise<Pair[]>,
  remove: (pairs: Pair[]) => Promise<unknown>,
  create: (pairs: Pair[]) => Promise<unknown>,
): Promise<Set<string>> {
  if (!wanted.size) return new Set();
  const key = (p: Pair) => `${p.userId}\u0000${p.target}`;
  const current = await findInChunks(ctx, [...wanted.keys()], read);
  const have = new Set(current.map(key));
  const wantedPairs = [...wanted].flatMap(([userId, targets]) => [...new Set(targets)].map((target) => ({ userId, target })));
  const want = new Set(wantedPairs.map(key));
  const removed = current.filter((p) => !want.has(key(p)));
  const added = wantedPairs.filter((p) => !have.has(key(p)));
  await inChunks(removed, chunkSize(ctx, 2) - 5, remove);
  await inChunks(added, chunkSize(ctx, 4), create);
  return new Set([...removed, ...added].map((p) => p.userId));
}

export async function upsertUsers(
  ctx: Context,
  inputs: UpsertUserInput[],
): Promise<{ users: UserRow[]; change: EntitlementChange }> {
  const planned = planUsers(inputs);
  const tenantId = ctx.tenantId;
  const ids = planned.map((p) => p.id);
  const readUsers = (tx: Tx) => findInChunks(ctx, ids, (chunk) => tx.user.findMany({ where: { tenantId, id: { in: chunk } } }));
  const { value, change } = await uniqueOrConflict(runEntitlementChange(ctx, false, {
    users: { kind: "users", ids },
    skills: null,
    subjects: ids.map((id) => `user:${id}`),
    publish: publishForUsers,
    apply: async ({ tx }) => {
      await checkReferences(ctx, tx, planned);
      const existing = new Map((await readUsers(tx)).map((u) => [u.id, u]));
      const written = new Set<string>();
      let created = 0;
      const inserts: Prisma.UserCreateManyInput[] = [];
      for (const p of planned) {
        const old = existing.get(p.id);
        const archetypeId = p.archetypeId !== undefined ? p.archetypeId : (old?.archetypeId ?? null);
        const row = { tenantId, id: p.id, email: p.email, displayName: p.displayName, archetypeId, searchText: searchTextOfUser(p) };
        // Upserting a deprovisioned user re-provisions it (it starts clean: deprovisioning emptied it).
        if (old && !old.deprovisionedAt && old.email === row.email && old.displayName === row.displayName && old.archetypeId === row.archetypeId && old.searchText === row.searchText) {
          continue;
        }
        if (!old) created++;
        written.add(p.id);
        // The identity provider's link (SCIM ids and name parts) survives the replacement.
        inserts.push(old ? { ...row, createdAt: old.createdAt, ...scimLinkOf(old) } : row);
      }
      // A replaced row is deleted and re-inserted with its createdAt: batched
      // statements each way instead of one UPDATE per user.
      const replaced = inserts.filter((r) => existing.has(r.id)).map((r) => r.id);
      await inChunks(replaced, chunkSize(ctx, 1) - 10, (chunk) => tx.user.deleteMany({ where: { tenantId, id: { in: chunk } } }));
      await inChunks(inserts, chunkSize(ctx, 8), (chunk) => tx.user.createMany({ data: chunk }));

      const groupsChanged = await syncMemberships(
        ctx,
        new Map(planned.flatMap((p) => (p.groupIds ? [[p.id, p.groupIds] as const] : []))),
        async (userIds) =>
          (await tx.groupMember.findMany({ where: { tenantId, userId: { in: userIds } }, select: { userId: true, groupId: true } })).map(
            (m) => ({ userId: m.userId, target: m.groupId }),
          ),
        (pairs) => tx.groupMember.deleteMany({ where: { tenantId, OR: pairs.map((x) => ({ userId: x.userId, groupId: x.target })) } }),
        (pairs) => tx.groupMember.createMany({ data: pairs.map((x) => ({ tenantId, userId: x.userId, groupId: x.target })) }),
      );
      const rolesChanged = await syncMemberships(
        ctx,
        new Map(planned.flatMap((p) => (p.roleIds ? [[p.id, p.roleIds] as const] : []))),
        async (userIds) =>
          (await tx.roleMember.findMany({ where: { tenantId, userId: { in: userIds } }, select: { userId: true, roleId: true } })).map(
            (m) => ({ userId: m.userId, target: m.roleId }),
          ),
        (pairs) => tx.roleMember.deleteMany({ where: { tenantId, OR: pairs.map((x) => ({ userId: x.userId, roleId: x.target })) } }),
        (pairs) => tx.roleMember.createMany({ data: pairs.map((x) => ({ tenantId, userId: x.userId, roleId: x.target })) }),
      );
      for (const id of [...groupsChanged, ...rolesChanged]) written.add(id);

      const after = new Map((await readUsers(tx)).map((u) => [u.id, u]));
      return {
        value: ids.map((id) => after.get(id)!),
        event: written.size
          ? {
              kind: "directory.changed",
              subjects: ids.filter((id) => written.has(id)).map((id) => `user:${id}`),
              payload: { what: "users.upserted", created, updated: written.size - created },
            }
          : null,
      };
    },
  }), "A concurrent upsert wrote the same users; retry", "users");
  return { users: value, change };
}

// ───────────── setUserArchetype ─────────────

export async function setUserArchetype(
  ctx: Context,
  userIdArg: string,
  archetypeIdArg: string | null | undefined,
): Promise<{ user: UserRow; change: EntitlementChange }> {
  const tenantId = ctx.tenantId;
  const userId = userKey(userIdArg, "userId");
  const archetypeId = archetypeIdArg == null ? null : checkKey(archetypeIdArg, "archetypeId");
  const { value, change } = await runEntitlementChange(ctx, false, {
    users: { kind: "users", ids: [userId] },
    skills: async (tx) => {
      const user = await tx.user.findUnique({ where: { tenantId_id: { tenantId, id: userId } }, select: { archetypeId: true } });
      const archetypes = [...new Set([user?.archetypeId, archetypeId].filter((a): a is string => a != null))];
      if (!archetypes.length) return [];
      const rows = await tx.archetypeSkill.findMany({ where: { tenantId, archetypeId: { in: archetypes } }, select: { skillId: true } });
      return [...new Set(rows.map((r) => r.skillId))];
    },
    subjects: [`user:${userId}`, ...(archetypeId ? [`archetype:${archetypeId}`] : [])],
    publish: publishForUsers,
    apply: async ({ tx }) => {
      const user = await requireUser(tx, tenantId, userId, "userId");
      if (archetypeId) await requireArchetype(tx, tenantId, archetypeId, "archetypeId");
      if (user.archetypeId === archetypeId) return { value: user, event: null };
      const updated = await tx.user.update({ where: { tenantId_id: { tenantId, id: userId } }, data: { archetypeId } });
      return {
        value: updated,
        event: {
          kind: "directory.changed",
          subjects: [`user:${userId}`, ...[user.archetypeId, archetypeId].filter((a) => a != null).map((a) => `archetype:${a}`)],
          payload: { what: "user.archetype_set", userId, from: user.archetypeId, to: archetypeId },
        },
      };
    },
  });
  return { user: value, change };
}

function scimLinkOf(u: UserRow): Pick<Prisma.UserCreateManyInput, "externalId" | "userName" | "userNameKey" | "scimName"> {
  return { externalId: u.externalId, userName: u.userName, userNameKey: u.userNameKey, scimName: (u.scimName ?? undefined) as Prisma.InputJsonValue | undefined };
}
