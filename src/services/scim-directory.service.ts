// The directory as an identity provider sees it (the SCIM edge's core). Users
// with a userName are its resources; users made through the API join when the
// provider creates the same id (they are linked, not duplicated). Membership
// changes run through the entitlement engine; active:false deprovisions and
// active:true provisions again (deprovision.service.ts). A SCIM DELETE of a user
// deprovisions it and unlinks it (the row stays, deprovisioned, for audit; the
// provider sees 404); of a group, deletes the group (directory-delete.service.ts).
// Errors raised here:
//   NOT_FOUND      the user or group is not a resource of this tenant
//   CONFLICT       the userName is taken; a member to add is deprovisioned
//   BAD_USER_INPUT invalid userName, e-mail, displayName or member id; more than 1000 members in a change
import type { RequestContext } from "../core/context.js";
import { generateId } from "../core/ids.js";
import { badInput, conflict, notFound } from "../core/errors.js";
import { KEY_PATTERN, idFromName } from "../catalog/keys.js";
import type { Prisma, Tx } from "../db/client.js";
import { eachChunk, idsPerStatement, readInChunks } from "./batch.js";
import { deprovisionUsers, reprovisionUser } from "./deprovision.service.js";
import { deleteGroup } from "./directory-delete.service.js";
import type { GroupRow, UserRow } from "./directory.service.js";
import { publishForUsers, runEntitlementChange } from "./entitlement-change.js";
import { runChange } from "./governance.js";
import { uniqueOrConflict } from "./ids.js";
import { searchTextOfUser } from "./users.service.js";

// ───────────── filters (the parsed form the edge hands over) ─────────────

export type FilterOp = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "ge" | "lt" | "le" | "pr";
export type FilterNode =
  | { kind: "cmp"; attr: string; op: FilterOp; value: string | number | boolean | null }
  | { kind: "and" | "or"; left: FilterNode; right: FilterNode }
  | { kind: "not"; node: FilterNode };

type Column = { column: string; fold: boolean } | { active: true };
const USER_ATTRS: Record<string, Column> = {
  id: { column: "id", fold: true },
  username: { column: "userNameKey", fold: true },
  externalid: { column: "externalId", fold: false },
  displayname: { column: "displayName", fold: false },
  emails: { column: "email", fold: true },
  "emails.value": { column: "email", fold: true },
  active: { active: true },
};
const GROUP_ATTRS: Record<string, Column> = {
  id: { column: "id", fold: false },
  displayname: { column: "name", fold: false },
  externalid: { column: "externalId", fold: false },
};

function unsupported(detail: string) {
  return badInput(detail, "filter");
}

function toWhere(node: FilterNode, attrs: Record<string, Column>): Record<string, unknown> {
  switch (node.kind) {
    case "and":
      return { AND: [toWhere(node.left, attrs), toWhere(node.right, attrs)] };
    case "or":
      return { OR: [toWhere(node.left, attrs), toWhere(node.right, attrs)] };
    case "not":
      return { NOT: toWhere(node.node, attrs) };
  }
  const attr = attrs[node.attr.toLowerCase().replace(/^urn:ietf:params:scim:schemas:core:2\.0:(user|group):/, "")];
  if (!attr) throw unsupported(`Filtering on "${node.attr}" is not supported`);
  if ("active" in attr) {
    if (node.op === "pr") return {};
    const wanted = node.value === true || (typeof node.value === "string" && node.value.toLowerCase() === "true");
    if (node.op !== "eq" && node.op !== "ne") throw unsupported("active supports eq, ne and pr");
    return { deprovisionedAt: (node.op === "eq") === wanted ? null : { not: null } };
  }
  if (node.op === "pr") return { [attr.column]: { not: null } };
  if (typeof node.value !== "string") throw unsupported(`"${node.attr}" compares with a string`);
  const v = attr.fold ? node.value.toLowerCase() : node.value;
  const cond: Record<FilterOp, unknown> = {
    eq: { equals: v },
    ne: { not: v },
    co: { contains: v },
    sw: { startsWith: v },
    ew: { endsWith: v },
    gt: { gt: v },
    ge: { gte: v },
    lt: { lt: v },
    le: { lte: v },
    pr: null,
  };
  return { [attr.column]: cond[node.op] };
}

export interface Page<T> {
  total: number;
  rows: T[];
}

export const MAX_PAGE = 200;

// ───────────── users ─────────────

export interface ScimName {
  givenName?: string | null;
  familyName?: string | null;
  formatted?: string | null;
}

export interface ScimUserData {
  userName: string;
  email: string | null;
  displayName: string | null;
  externalId: string | null;
  name: ScimName | null;
  active: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

function checkUser(data: ScimUserData) {
  const userName = data.userName?.trim();
  if (!userName) throw badInput("userName is required", "userName");
  if (userName.length > 256) throw badInput("userName must be at most 256 characters", "userName");
  const key = userName.toLowerCase();
  const email = (data.email ?? (EMAIL.test(key) ? key : "")).trim().toLowerCase();
  if (!email || email.length > 320 || !EMAIL.test(email)) throw badInput("a work e-mail is required (emails, or a userName that is an e-mail address)", "emails");
  const displayName =
    data.displayName?.trim() || data.name?.formatted?.trim() || [data.name?.givenName, data.name?.familyName].filter(Boolean).join(" ").trim() || null;
  if (displayName && displayName.length > 200) throw badInput("displayName must be at most 200 characters", "displayName");
  const externalId = data.externalId?.trim() || null;
  if (externalId && externalId.length > 256) throw badInput("externalId must be at most 256 characters", "externalId");
  const name = data.name
    ? Object.fromEntries(Object.entries({ givenName: data.name.givenName, familyName: data.name.familyName, formatted: data.name.formatted }).filter(([, v]) => typeof v === "string" && v.length <= 200))
    : null;
  return { userName, key, email, displayName, externalId, name };
}

const visible = (tenantId: string) => ({ tenantId, userNameKey: { not: null } });

export function findScimUser(ctx: RequestContext, id: string): Promise<UserRow | null> {
  return ctx.app.db.prisma.user.findFirst({ where: { ...visible(ctx.tenantId), id } });
}

export async function listScimUsers(ctx: RequestContext, filter: FilterNode | null, skip: number, take: number): Promise<Page<UserRow>> {
  const where = { AND: [visible(ctx.tenantId), filter ? toWhere(filter, USER_ATTRS) : {}] } as Prisma.UserWhereInput;
  const prisma = ctx.app.db.prisma;
  const [total, rows] = await Promise.all([
    prisma.user.count({ where }),
    take > 0 ? prisma.user.findMany({ where, orderBy: { id: "asc" }, skip, take: Math.min(take, MAX_PAGE) }) : Promise.resolve([]),
  ]);
  return { total, rows };
}

/** Each user's groups (id and name), in one statement per chunk of users. */
export async function groupsOfUsers(ctx: RequestContext, userIds: string[]): Promise<Map<string, { id: string; name: string }[]>> {
  const tenantId = ctx.tenantId;
  const rows = await readInChunks(ctx, userIds, (chunk) =>
    ctx.app.db.prisma.groupMember.findMany({ where: { tenantId, userId: { in: chunk } }, orderBy: { groupId: "asc" } }),
  );
  const groupIds = [...new Set(rows.map((r) => r.groupId))];
  const groups = await readInChunks(ctx, groupIds, (chunk) => ctx.app.db.prisma.group.findMany({ where: { tenantId, id: { in: chunk } }, select: { id: true, name: true } }));
  const names = new Map(groups.map((g) => [g.id, g.name]));
  const out = new Map<string, { id: string; name: string }[]>(userIds.map((u) => [u, []]));
  for (const r of rows) out.get(r.userId)?.push({ id: r.groupId, name: names.get(r.groupId) ?? r.groupId });
  return out;
}

function candidateId(key: string): string {
  const id = `user:${key}`;
  return KEY_PATTERN.test(id) ? id : `user:${generateId("scim")}`;
}

export async function createScimUser(ctx: RequestContext, data: ScimUserData): Promise<UserRow> {
  const u = checkUser(data);
  const tenantId = ctx.tenantId;
  const taken = `userName "${u.userName}" is already in use`;
  const created = await uniqueOrConflict(
    runChange(ctx, async ({ tx, emit }) => {
      if (await tx.user.findFirst({ where: { tenantId, userNameKey: u.key }, select: { id: true } })) throw conflict(taken, "userName");
      let id = candidateId(u.key);
      const existing = await tx.user.findUnique({ where: { tenantId_id: { tenantId, id } } });
      // A user the API made with the same id is linked; one linked to another userName keeps it, and this one gets a fresh id.
      if (existing?.userNameKey) id = `user:${generateId("scim")}`;
      const linked = existing && !existing.userNameKey;
      const row = {
        email: u.email,
        displayName: u.displayName,
        externalId: u.externalId,
        userName: u.userName,
        userNameKey: u.key,
        scimName: (u.name ?? undefined) as Prisma.InputJsonValue | undefined,
        searchText: searchTextOfUser({ id, email: u.email, displayName: u.displayName }),
      };
      const user = linked
        ? await tx.user.update({ where: { tenantId_id: { tenantId, id } }, data: row })
        : await tx.user.create({ data: { tenantId, id, ...row } });
      await emit({
        kind: "directory.changed",
        subjects: [`user:${id}`],
        payload: { what: "user.provisioned", via: "scim", userId: id, userName: u.userName, externalId: u.externalId, linked: Boolean(linked) },
      });
      return user;
    }),
    taken,
    "userName",
  );
  return applyActive(ctx, created, data.active);
}

/** Brings the deprovisioned mark in line with SCIM's active. */
async function applyActive(ctx: RequestContext, user: UserRow, active: boolean): Promise<UserRow> {
  if (!active && !user.deprovisionedAt) return (await deprovisionUsers(ctx, [user.id], false)).users[0];
  if (active && user.deprovisionedAt) return reprovisionUser(ctx, user.id);
  return user;
}

/** Replaces the user's SCIM attributes (PUT, or the result of a PATCH). */
export async function replaceScimUser(ctx: RequestContext, id: string, data: ScimUserData): Promise<UserRow> {
  const u = checkUser(data);
  const tenantId = ctx.tenantId;
  const taken = `userName "${u.userName}" is already in use`;
  const updated = await uniqueOrConflict(
    runChange(ctx, async ({ tx, emit }) => {
      const user = await tx.user.findFirst({ where: { ...visible(tenantId), id } });
      if (!user) throw notFound("User", id, "id");
      if (u.key !== user.userNameKey && (await tx.user.findFirst({ where: { tenantId, userNameKey: u.key }, select: { id: true } }))) throw conflict(taken, "userName");
      const next = { email: u.email, displayName: u.displayName, externalId: u.externalId, userName: u.userName, userNameKey: u.key };
      const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== user[k]);
      const nameChanged = JSON.stringify(user.scimName ?? null) !== JSON.stringify(u.name ?? null);
      if (!changed.length && !nameChanged) return user;
      const row = await tx.user.update({
        where: { tenantId_id: { tenantId, id } },
        data: { ...next, scimName: (u.name ?? undefined) as Prisma.InputJsonValue | undefined, searchText: searchTextOfUser({ id, email: u.email, displayName: u.displayName }) },
      });
      await emit({ kind: "directory.changed", subjects: [`user:${id}`], payload: { what: "user.updated", via: "scim", userId: id, changed: nameChanged ? [...changed, "name"] : changed } });
      return row;
    }),
    taken,
    "userName",
  );
  return applyActive(ctx, updated, data.active);
}

export async function deleteScimUser(ctx: RequestContext, id: string): Promise<void> {
  const user = await findScimUser(ctx, id);
  if (!user) throw notFound("User", id, "id");
  if (!user.deprovisionedAt) await deprovisionUsers(ctx, [id], false);
  await runChange(ctx, async ({ tx, emit }) => {
    await tx.user.update({ where: { tenantId_id: { tenantId: ctx.tenantId, id } }, data: { userName: null, userNameKey: null, externalId: null, scimName: undefined } });
    await emit({ kind: "directory.changed", subjects: [`user:${id}`], payload: { what: "user.unlinked", via: "scim", userId: id, userName: user.userName, externalId: user.externalId } });
  });
}

// ───────────── groups ─────────────

export function findScimGroup(ctx: RequestContext, id: string): Promise<GroupRow | null> {
  return ctx.app.db.prisma.group.findUnique({ where: { tenantId_id: { tenantId: ctx.tenantId, id } } });
}

export async function listScimGroups(ctx: RequestContext, filter: FilterNode | null, skip: number, take: number): Promise<Page<GroupRow>> {
  const where = { AND: [{ tenantId: ctx.tenantId }, filter ? toWhere(filter, GROUP_ATTRS) : {}] } as Prisma.GroupWhereInput;
  const prisma = ctx.app.db.prisma;
  const [total, rows] = await Promise.all([
    prisma.group.count({ where }),
    take > 0 ? prisma.group.findMany({ where, orderBy: { id: "asc" }, skip, take: Math.min(take, MAX_PAGE) }) : Promise.resolve([]),
  ]);
  return { total, rows };
}

/** Members of each group with their display names (two statements per chunk of groups). */
export async function membersOfGroups(ctx: RequestContext, groupIds: string[]): Promise<Map<string, { id: string; displayName: string | null }[]>> {
  const tenantId = ctx.tenantId;
  const prisma = ctx.app.db.prisma;
  const rows = await readInChunks(ctx, groupIds, (chunk) => prisma.groupMember.findMany({ where: { tenantId, groupId: { in: chunk } }, orderBy: { userId: "asc" } }));
  const users = await readInChunks(ctx, [...new Set(rows.map((r) => r.userId))], (chunk) =>
    prisma.user.findMany({ where: { tenantId, id: { in: chunk } }, select: { id: true, displayName: true, email: true } }),
  );
  const names = new Map(users.map((u) => [u.id, u.displayName ?? u.email]));
  const out = new Map<string, { id: string; displayName: string | null }[]>(groupIds.map((g) => [g, []]));
  for (const r of rows) out.get(r.groupId)?.push({ id: r.userId, displayName: names.get(r.userId) ?? null });
  return out;
}

export interface ScimGroupChange {
  displayName?: string;
  /** undefined: unchanged; null: cleared. */
  externalId?: string | null;
  /** Member user ids to add and to remove; `replace` sets the member list whole (add and remove are then ignored). */
  add?: string[];
  remove?: string[];
  replace?: string[];
}

export const MAX_MEMBERS_PER_CHANGE = 10_000;

function checkGroupName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const trimmed = name?.trim();
  if (!trimmed) throw badInput("displayName is required", "displayName");
  if (trimmed.length > 200) throw badInput("displayName must be at most 200 characters", "displayName");
  return trimmed;
}

function checkMembers(ids: string[] | undefined, field: string): string[] {
  if (!ids) return [];
  if (ids.length > MAX_MEMBERS_PER_CHANGE) throw badInput(`At most ${MAX_MEMBERS_PER_CHANGE} members a request`, field);
  return [...new Set(ids.map((id) => String(id).toLowerCase()))];
}

/**
 * One transaction through the entitlement engine: rename, relink and change
 * members together, so a PATCH with several operations applies whole or not at all.
 */
async function changeGroup(ctx: RequestContext, tx: Tx, emit: (e: { kind: string; subjects: string[]; payload: Record<string, unknown> }) => Promise<unknown>, group: GroupRow, change: ScimGroupChange) {
  const tenantId = ctx.tenantId;
  const groupId = group.id;
  const current = new Set((await tx.groupMember.findMany({ where: { tenantId, groupId }, select: { userId: true } })).map((m) => m.userId));
  let add = checkMembers(change.add, "members");
  let remove = checkMembers(change.remove, "members");
  if (change.replace) {
    const wanted = new Set(checkMembers(change.replace, "members"));
    add = [...wanted].filter((u) => !current.has(u));
    remove = [...current].filter((u) => !wanted.has(u));
  }
  add = add.filter((u) => !current.has(u));
  remove = remove.filter((u) => current.has(u) && !add.includes(u));
  if (add.length) {
    const found = await readInChunks(ctx, add, (chunk) => tx.user.findMany({ where: { tenantId, id: { in: chunk } }, select: { id: true, deprovisionedAt: true } }));
    const byId = new Map(found.map((u) => [u.id, u]));
    for (const id of add) {
      if (!byId.has(id)) throw badInput(`Member "${id}" is not a user of this directory`, "members");
      if (byId.get(id)!.deprovisionedAt) throw conflict(`Member "${id}" is deprovisioned (active: false); activate the user first`, "members");
    }
    await eachChunk(add, idsPerStatement(ctx, 3), (chunk) => tx.groupMember.createMany({ data: chunk.map((userId) => ({ tenantId, groupId, userId })) }));
  }
  if (remove.length) await eachChunk(remove, idsPerStatement(ctx), (chunk) => tx.groupMember.deleteMany({ where: { tenantId, groupId, userId: { in: chunk } } }));
  const name = checkGroupName(change.displayName);
  const externalId = change.externalId === undefined ? undefined : change.externalId?.trim() || null;
  const renamed = name !== undefined && name !== group.name;
  const relinked = externalId !== undefined && externalId !== group.externalId;
  const updated = renamed || relinked
    ? await tx.group.update({ where: { tenantId_id: { tenantId, id: groupId } }, data: { name: renamed ? name : undefined, externalId: relinked ? externalId : undefined } })
    : group;
  if (add.length || remove.length || renamed || relinked) {
    await emit({
      kind: "directory.changed",
      subjects: [`group:${groupId}`, ...[...add, ...remove].slice(0, 100).map((u) => `user:${u}`)],
      payload: { what: "group.scim_updated", via: "scim", groupId, added: add, removed: remove, ...(renamed ? { name: { from: group.name, to: name } } : {}), ...(relinked ? { externalId } : {}) },
    });
  }
  return { group: updated, touched: [...add, ...remove] };
}

async function groupSkills(tx: Tx, tenantId: string, groupId: string): Promise<string[]> {
  const select = { skillId: true } as const;
  const [a, b] = await Promise.all([tx.groupAugment.findMany({ where: { tenantId, groupId }, select }), tx.groupBlock.findMany({ where: { tenantId, groupId }, select })]);
  return [...new Set([...a, ...b].map((r) => r.skillId))];
}

export async function updateScimGroup(ctx: RequestContext, id: string, change: ScimGroupChange): Promise<GroupRow> {
  const tenantId = ctx.tenantId;
  const touched = [...(change.add ?? []), ...(change.remove ?? []), ...(change.replace ?? [])].map((u) => String(u).toLowerCase());
  const { value } = await uniqueOrConflict(
    runEntitlementChange(ctx, false, {
      // Replacing the list may also remove members the request does not name: the old members are in scope too.
      users: async (tx) => ({
        kind: "users" as const,
        ids: change.replace
          ? [...new Set([...touched, ...(await tx.groupMember.findMany({ where: { tenantId, groupId: id }, select: { userId: true } })).map((m) => m.userId)])]
          : touched,
      }),
      skills: (tx) => groupSkills(tx, tenantId, id),
      subjects: [`group:${id}`],
      publish: publishForUsers,
      trigger: "scim",
      apply: async ({ tx, emit }) => {
        const group = await tx.group.findUnique({ where: { tenantId_id: { tenantId, id } } });
        if (!group) throw notFound("Group", id, "id");
        const { group: updated, touched: changed } = await changeGroup(ctx, tx, emit, group, change);
        return { value: updated, recorded: changed.length > 0 || updated !== group };
      },
    }),
    `A concurrent change edited the members of group "${id}"; retry`,
    "members",
  );
  return value;
}

export async function createScimGroup(ctx: RequestContext, input: { displayName: string; externalId?: string | null; members?: string[] }): Promise<GroupRow> {
  const name = checkGroupName(input.displayName)!;
  const tenantId = ctx.tenantId;
  const base = idFromName(name).replace(/\./g, "-").slice(0, 100) || "group";
  const members = checkMembers(input.members, "members");
  const { value } = await runEntitlementChange(ctx, false, {
    users: { kind: "users", ids: members },
    skills: [],
    subjects: [],
    publish: publishForUsers,
    trigger: "scim",
    apply: async ({ tx, emit }) => {
      let id = base;
      const existing = await tx.group.findUnique({ where: { tenantId_id: { tenantId, id } } });
      // A group the API made under the same name is linked; otherwise a taken id gets a suffix.
      const linked = existing && existing.externalId === null && existing.name === name;
      if (existing && !linked) id = `${base.slice(0, 90)}-${generateId("g", 4).slice(2)}`;
      const group = linked ? existing : await tx.group.create({ data: { tenantId, id, name, externalId: input.externalId?.trim() || null } });
      await emit({ kind: "directory.changed", subjects: [`group:${id}`], payload: { what: linked ? "group.linked" : "group.created", via: "scim", name, externalId: input.externalId ?? null } });
      const { group: after } = await changeGroup(ctx, tx, emit, group, { add: members, externalId: input.externalId ?? undefined });
      return { value: after, recorded: true };
    },
  });
  return value;
}

export async function deleteScimGroup(ctx: RequestContext, id: string): Promise<void> {
  await deleteGroup(ctx, id, false);
}
