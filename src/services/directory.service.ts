// What the directory services share: row types, id checks for single ids and
// lists (every bad id named by its input path), existence checks inside a
// transaction, batched writes, and the user connections of nested fields
// (Archetype.users, Group.members, Role.members), paged in memory over ids
// loaded in one batch and hydrated through the per-request user loader.
import type { RequestContext as Context } from "../core/context.js";
import { badInput, conflict, notFound, notGrantable } from "../core/errors.js";
import { pageInMemory, type Connection, type ConnectionArgs, type Order } from "../core/paging.js";
import { checkKey } from "../catalog/keys.js";
import type { SkillRow } from "../catalog/store.js";
import type { Tx } from "../db/client.js";

export type UserRow = Awaited<ReturnType<Tx["user"]["findUniqueOrThrow"]>>;
export type GroupRow = Awaited<ReturnType<Tx["group"]["findUniqueOrThrow"]>>;
export type RoleRow = Awaited<ReturnType<Tx["role"]["findUniqueOrThrow"]>>;
export type ArchetypeRow = Awaited<ReturnType<Tx["archetype"]["findUniqueOrThrow"]>>;
export type CoworkRow = Awaited<ReturnType<Tx["cowork"]["findUniqueOrThrow"]>>;
export type UserGrantRow = Awaited<ReturnType<Tx["userGrant"]["findUniqueOrThrow"]>>;

/** User ids are keys whose e-mail part is case-insensitive: stored and looked up lower-case. */
export function userKey(id: string, field: string): string {
  return checkKey(id.toLowerCase(), field);
}

export function checkName(name: string, field: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw badInput("name must not be empty", field);
  if (trimmed.length > 200) throw badInput("name must be at most 200 characters", field);
  return trimmed;
}

/** The first id of `ids` (in input order) missing from `found` answers NOT_FOUND at `field.<i>`. */
export function requireAllFound(what: string, ids: readonly string[], found: Iterable<string>, field: string): void {
  const have = found instanceof Set ? (found as Set<string>) : new Set(found);
  ids.forEach((id, i) => {
    if (!have.has(id)) throw notFound(what, id, `${field}.${i}`);
  });
}

/** Every id must name a user of the tenant; the first that does not answers NOT_FOUND at `field.<i>`. */
export async function requireUsers(ctx: Context, tx: Tx, ids: string[], field: string, opts: { provisioned?: boolean } = {}): Promise<void> {
  const rows = await findInChunks(ctx, [...new Set(ids)], (chunk) =>
    tx.user.findMany({ where: { tenantId: ctx.tenantId, id: { in: chunk } }, select: { id: true, deprovisionedAt: true } }),
  );
  requireAllFound("User", ids, rows.map((r) => r.id), field);
  if (opts.provisioned) {
    const gone = new Set(rows.filter((r) => r.deprovisionedAt).map((r) => r.id));
    ids.forEach((id, i) => {
      if (gone.has(id)) throw deprovisioned(id, `${field}.${i}`);
    });
  }
}

/** A deprovisioned user can receive nothing until it is provisioned again (upsertUsers or SCIM active:true). */
export function deprovisioned(id: string, field: string) {
  return conflict(`User "${id}" is deprovisioned; provision it again (upsertUsers or SCIM active: true) first`, field);
}

export async function requireUser(tx: Tx, tenantId: string, id: string, field: string): Promise<UserRow> {
  const row = await tx.user.findUnique({ where: { tenantId_id: { tenantId, id } } });
  if (!row) throw notFound("User", id, field);
  if (row.deprovisionedAt) throw deprovisioned(id, field);
  return row;
}

export async function requireGroup(tx: Tx, tenantId: string, id: string, field: string): Promise<GroupRow> {
  const row = await tx.group.findUnique({ where: { tenantId_id: { tenantId, id } } });
  if (!row) throw notFound("Group", id, field);
  return row;
}

export async function requireRole(tx: Tx, tenantId: string, id: string, field: string): Promise<RoleRow> {
  const row = await tx.role.findUnique({ where: { tenantId_id: { tenantId, id } } });
  if (!row) throw notFound("Role", id, field);
  return row;
}

export async function requireArchetype(tx: Tx, tenantId: string, id: string, field: string): Promise<ArchetypeRow> {
  const row = await tx.archetype.findUnique({ where: { tenantId_id: { tenantId, id } } });
  if (!row) throw notFound("Archetype", id, field);
  return row;
}

/**
 * Bind parameters one statement may carry, with headroom: Prisma's query
 * compiler refuses more than 999 on SQLite and 32766 on PostgreSQL.
 */
export function paramBudget(ctx: Context): number {
  return ctx.app.db.kind === "sqlite" ? 900 : 30_000;
}

/** How many items fit one statement when each takes `paramsPerItem` bind parameters. */
export function chunkSize(ctx: Context, paramsPerItem: number): number {
  return Math.max(1, Math.floor(paramBudget(ctx) / paramsPerItem));
}

/** Items of a batched statement, a bounded number per statement. */
export async function inChunks<T>(items: T[], size: number, work: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await work(items.slice(i, i + size));
}

/** A read by a list of ids, one statement per chunk of ids that fits the bind-parameter budget. */
export async function findInChunks<Row>(ctx: Context, ids: string[], find: (chunk: string[]) => Promise<Row[]>): Promise<Row[]> {
  const out: Row[] = [];
  await inChunks(ids, chunkSize(ctx, 1) - 10, async (chunk) => {
    out.push(...(await find(chunk)));
  });
  return out;
}

export { grantableSkill } from "./skill-rules.js";

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted as pageInMemory compares (code units), whatever the database collation. */
export function sortedIds(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort(byCodeUnits);
}

export const userOrder: Order<{ id: string }> = [{ field: "id", dir: "asc", kind: "string" }];


