// The stored side of who sees what (table UserEntitlement): written by the
// entitlement engine in the transaction of every change, read by the API and
// the publisher. A change (storeChange) rewrites only the (user, skill) pairs
// whose rows differ between the engine's before and after resolutions, reading
// no stored row; verify and rebuild (writeRows) compare with the stored rows,
// in a fixed number of statements per batch of users.
import { lazy, pageByKey, type ConnectionArgs, type Order } from "../core/paging.js";
import type { Database, Db, Tx } from "../db/client.js";
import {
  entitlementTimeline,
  normalizeAt,
  sameRows,
  toBlockedEntry,
  storedEffectiveEntry,
  type EntitlementRow,
} from "../entitlements/timeline.js";
import type { BlockedEntry, EffectiveEntry } from "../entitlements/types.js";
import { groupBy, loadWorld, type SkillScope, type World } from "./entitlement-data.js";

type Reader = Db | Tx;

/** Users per statement: IN lists stay short on both databases. */
const CHUNK = 500;

export interface StoredEntitlements {
  effective: EffectiveEntry[];
  blocked: BlockedEntry[];
}

/** Prisma filter: rows that hold at `now`. */
export function validAt(now: Date) {
  const ms = BigInt(now.getTime());
  return { validFrom: { lte: ms }, OR: [{ validUntil: null }, { validUntil: { gt: ms } }] };
}

type DbRow = Omit<EntitlementRow, "validFrom" | "validUntil"> & { validFrom: bigint; validUntil: bigint | null };

function fromDb(r: DbRow): EntitlementRow {
  return { ...r, validFrom: Number(r.validFrom), validUntil: r.validUntil === null ? null : Number(r.validUntil) };
}

const COLUMNS = ["tenantId", "userId", "skillId", "validFrom", "validUntil", "blocked", "skillVersion", "sources", "deprecated", "overridesGrant"];
const PG_TYPES = ["text", "text", "text", "bigint", "bigint", "boolean", "text", "text", "boolean", "boolean"];
/** Rows per SQLite INSERT: under its 32,766 bound parameters. */
const SQLITE_ROWS_PER_INSERT = 3_000;

/**
 * Bulk INSERTs: on PostgreSQL one statement of column arrays (unnest) per
 * 10,000 rows, on SQLite multi-row VALUES. Prisma's createMany costs several
 * times as much per row, and a 10,000-user change writes 10,000 rows.
 */
async function insertRows(tx: Tx, tenantId: string, rows: EntitlementRow[]): Promise<void> {
  if (rows.length === 0) return;
  // The client names its provider; one schema per provider, so this is the dialect.
  const postgres = isPostgres(tx);
  const head = `INSERT INTO "UserEntitlement" (${COLUMNS.map((c) => `"${c}"`).join(", ")}) `;
  const values = (r: EntitlementRow) => [tenantId, r.userId, r.skillId, r.validFrom, r.validUntil, r.blocked, r.skillVersion, r.sources, r.deprecated, r.overridesGrant];
  if (postgres) {
    for (let i = 0; i < rows.length; i += 10_000) {
      const part = rows.slice(i, i + 10_000).map(values);
      const arrays = COLUMNS.map((_, j) => part.map((v) => v[j]));
      await tx.$executeRawUnsafe(`${head}SELECT * FROM unnest(${PG_TYPES.map((t, j) => `$${j + 1}::${t}[]`).join(", ")})`, ...arrays);
    }
    return;
  }
  const tuple = `(${COLUMNS.map(() => "?").join(",")})`;
  for (let i = 0; i < rows.length; i += SQLITE_ROWS_PER_INSERT) {
    const part = rows.slice(i, i + SQLITE_ROWS_PER_INSERT);
    await tx.$executeRawUnsafe(`${head}VALUES ${part.map(() => tuple).join(",")}`, ...part.flatMap(values));
  }
}

const rowSelect = {
  userId: true,
  skillId: true,
  validFrom: true,
  validUntil: true,
  blocked: true,
  skillVersion: true,
  sources: true,
  deprecated: true,
  overridesGrant: true,
} as const;

function chunks<T>(list: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function byPair<R extends { userId: string; skillId: string }>(rows: R[]): Map<string, R[]> {
  const out = new Map<string, R[]>();
  for (const r of rows) {
    const key = `${r.userId}\u0000${r.skillId}`;
    const list = out.get(key);
    if (list) list.push(r);
    else out.set(key, [r]);
  }
  return out;
}

export interface WriteCounts {
  /** (user, skill) pairs rewritten. */
  pairs: number;
  inserted: number;
}

/**
 * Makes the stored rows of `expected` users (restricted to `skills`) equal
 * to `expected`: pairs that differ from now on, and rows that have ended, are
 * deleted and rewritten. A user absent from `expected` loses every row in scope.
 */
export async function writeRows(
  tx: Tx,
  tenantId: string,
  userIds: string[],
  skills: SkillScope,
  expected: Map<string, EntitlementRow[]>,
  nowMs: number,
  onDiff?: (kind: "missing" | "extra" | "changed", userId: string, skillId: string) => void,
  apply = true,
): Promise<WriteCounts> {
  const counts: WriteCounts = { pairs: 0, inserted: 0 };
  const skillSet = skills ? new Set(skills) : null;
  const skillFilter = skills && skills.length <= CHUNK ? { skillId: { in: skills } } : {};
  for (const chunk of chunks([...new Set(userIds)])) {
    const stored = (await tx.userEntitlement.findMany({ where: { tenantId, userId: { in: chunk }, ...skillFilter }, select: rowSelect }))
      .filter((r) => !skillSet || skillSet.has(r.skillId))
      .map(fromDb);
    const storedPairs = byPair(stored);
    const wanted = byPair(chunk.flatMap((u) => (expected.get(u) ?? []).filter((r) => !skillSet || skillSet.has(r.skillId))));
    const changed: [userId: string, skillId: string][] = [];
    const inserts: EntitlementRow[] = [];
    const rewritten = new Set<string>();
    for (const [key, rows] of wanted) {
      const have = storedPairs.get(key);
      const ended = have?.some((r) => r.validUntil !== null && r.validUntil <= nowMs) ?? false;
      if (have && !ended && sameRows(normalizeAt(have, nowMs), normalizeAt(rows, nowMs))) continue;
      const [userId, skillId] = [rows[0].userId, rows[0].skillId];
      if (!have || normalizeAt(have, nowMs).length === 0) onDiff?.("missing", userId, skillId);
      else if (!sameRows(normalizeAt(have, nowMs), normalizeAt(rows, nowMs))) onDiff?.("changed", userId, skillId);
      if (have) changed.push([userId, skillId]);
      rewritten.add(key);
      inserts.push(...rows);
    }
    for (const [key, rows] of storedPairs) {
      if (wanted.has(key)) continue;
      const [userId, skillId] = [rows[0].userId, rows[0].skillId];
      if (normalizeAt(rows, nowMs).length > 0) onDiff?.("extra", userId, skillId);
      changed.push([userId, skillId]);
      rewritten.add(key);
    }
    counts.pairs += rewritten.size;
    counts.inserted += inserts.length;
    if (!apply) continue;
    await deletePairs(tx, tenantId, changed);
    await insertRows(tx, tenantId, inserts);
  }
  return counts;
}

/** Deletes the rows of (user, skill) pairs, grouped by whichever side gives fewer statements. */
async function deletePairs(tx: Tx, tenantId: string, pairs: [string, string][]): Promise<void> {
  if (pairs.length === 0) return;
  // Appended in place: a 10,000-user change of one skill copied its growing user list per pair.
  const bySkill = groupBy(pairs, ([, s]) => s);
  const byUser = groupBy(pairs, ([u]) => u);
  if (bySkill.size <= byUser.size) {
    for (const [skillId, inSkill] of bySkill) {
      const users = inSkill.map(([u]) => u);
      for (const part of chunks(users)) await tx.userEntitlement.deleteMany({ where: { tenantId, skillId, userId: { in: part } } });
    }
  } else {
    for (const [userId, ofUser] of byUser) {
      const skills = ofUser.map(([, s]) => s);
      for (const part of chunks(skills)) await tx.userEntitlement.deleteMany({ where: { tenantId, userId, skillId: { in: part } } });
    }
  }
}

/** The rows every user of `world` has from world.now on, within the world's skills. */
export function expectedRows(world: World): Map<string, EntitlementRow[]> {
  const out = new Map<string, EntitlementRow[]>();
  for (const [userId, input] of world.users) out.set(userId, entitlementTimeline(userId, input, world.skills, world.now));
  return out;
}

/**
 * Called by the engine after a change's write, in its transaction. The engine
 * resolved the same users before and after the write; the stored rows equal
 * the resolution before it (the invariant the model test and `entitlements
 * verify` check), so the (user, skill) pairs to rewrite are those whose rows
 * from now on differ between the two resolutions: no stored row is read. A
 * user in one resolution only (who entered or left the change's scope) has
 * every pair in scope rewritten; one who left is resolved again on their own.
 */
export async function storeChange(tx: Tx, tenantId: string, before: World, after: World, skills: SkillScope): Promise<WriteCounts> {
  const nowMs = after.now.getTime();
  const counts: WriteCounts = { pairs: 0, inserted: 0 };
  const changed: [string, string][] = [];
  const inserts: EntitlementRow[] = [];
  const whole: string[] = [];
  for (const [userId, input] of after.users) {
    const was = before.users.get(userId);
    const next = entitlementTimeline(userId, input, after.skills, after.now);
    if (!was) {
      whole.push(userId);
      inserts.push(...next);
      continue;
    }
    const old = byPair(normalizeAt(entitlementTimeline(userId, was, before.skills, before.now), nowMs));
    const now = byPair(next);
    for (const [key, rows] of now) {
      const had = old.get(key);
      if (had && sameRows(had, normalizeAt(rows, nowMs))) continue;
      changed.push([userId, rows[0].skillId]);
      inserts.push(...rows);
    }
    for (const [key, rows] of old) if (!now.has(key)) changed.push([userId, rows[0].skillId]);
  }
  const gone = [...before.users.keys()].filter((id) => !after.users.has(id));
  if (gone.length) {
    const reloaded = await loadWorld(tx, tenantId, { kind: "users", ids: gone }, skills, after.now);
    for (const userId of gone) {
      whole.push(userId);
      const input = reloaded.users.get(userId);
      if (input) inserts.push(...entitlementTimeline(userId, input, reloaded.skills, reloaded.now));
    }
  }
  await deleteUsersInScope(tx, tenantId, whole, skills);
  await deletePairs(tx, tenantId, changed);
  await insertRows(tx, tenantId, inserts);
  counts.pairs = changed.length + whole.length;
  counts.inserted = inserts.length;
  return counts;
}

/** Deletes every row of `userIds` for the skills in scope (all of them when the scope is null). */
async function deleteUsersInScope(tx: Tx, tenantId: string, userIds: string[], skills: SkillScope): Promise<void> {
  if (userIds.length === 0) return;
  for (const part of chunks(userIds)) {
    if (!skills) await tx.userEntitlement.deleteMany({ where: { tenantId, userId: { in: part } } });
    else for (const skillPart of chunks(skills)) await tx.userEntitlement.deleteMany({ where: { tenantId, userId: { in: part }, skillId: { in: skillPart } } });
  }
}

const isPostgres = (db: Reader) => (db as unknown as { _activeProvider?: string })._activeProvider === "postgresql";

/** jobs/manifest.ts manifestKey in SQL: US is chr(31) on PostgreSQL, char(31) on SQLite. */
const manifestKeySql = (chr: string) =>
  `e."skillId" || ${chr}(31) || e."skillVersion" || ${chr}(31) || CASE WHEN e."deprecated" THEN '1' ELSE '0' END || e."sources"`;

/**
 * Fixed-text statements for the hot reads (one text whatever the batch size:
 * the user ids travel as one array parameter), so neither Prisma's per-call
 * query building nor its row decoding sits on the picker's path.
 */
function storedStatements(postgres: boolean) {
  const [tenant, users, at, again] = postgres ? ["$1", `= ANY($2::text[])`, "$3::bigint", "$3::bigint"] : ["?", "IN (SELECT value FROM json_each(?))", "?", "?"];
  const where = `"tenantId" = ${tenant} AND "userId" ${users} AND "validFrom" <= ${at} AND ("validUntil" IS NULL OR "validUntil" > ${again})`;
  const effective = `"blocked" = ${postgres ? "false" : "0"}`;
  return {
    rows: `SELECT "userId", "skillId", "blocked", "skillVersion", "sources", "deprecated", "overridesGrant" FROM "UserEntitlement" WHERE ${where} ORDER BY "userId", "skillId"`,
    // One row per user with effective skills: its place in the id list (0-based, not a user id
    // string), and its rows as one string of manifest keys (jobs/manifest.ts manifestKey) in skill order.
    manifest: postgres
      ? `SELECT (u.i - 1)::int AS "user", string_agg(${manifestKeySql("chr")}, chr(30) ORDER BY e."skillId") AS "keys" FROM unnest($2::text[]) WITH ORDINALITY AS u(id, i) JOIN "UserEntitlement" e ON e."tenantId" = $1 AND e."userId" = u.id WHERE e."validFrom" <= $3::bigint AND (e."validUntil" IS NULL OR e."validUntil" > $3::bigint) AND e."blocked" = false GROUP BY u.i ORDER BY u.i`
      : `SELECT u."key" AS "user", group_concat(${manifestKeySql("char")}, char(30) ORDER BY e."skillId") AS "keys" FROM json_each(?) AS u JOIN "UserEntitlement" e ON e."tenantId" = ? AND e."userId" = u."value" WHERE e."validFrom" <= ? AND (e."validUntil" IS NULL OR e."validUntil" > ?) AND e."blocked" = 0 GROUP BY u."key" ORDER BY u."key"`,
    counts: `SELECT "userId", COUNT(*) AS "n" FROM "UserEntitlement" WHERE ${where} AND ${effective} GROUP BY "userId"`,
  };
}
const STATEMENTS = { postgres: storedStatements(true), sqlite: storedStatements(false) };

/** A page of the users a skill is effective for, by user id, from the by-skill index: five fixed texts. */
function entitledStatements(postgres: boolean) {
  const p = (n: number) => (postgres ? `$${n}${n === 3 ? "::bigint" : ""}` : "?");
  // SQLite's ? are positional: the bound (now) is sent twice there.
  const where = `"tenantId" = ${p(1)} AND "skillId" = ${p(2)} AND "blocked" = ${postgres ? "false" : "0"} AND "validFrom" <= ${p(3)} AND ("validUntil" IS NULL OR "validUntil" > ${postgres ? "$3::bigint" : "?"})`;
  const from = `SELECT "userId" FROM "UserEntitlement" WHERE ${where}`;
  return {
    first: `${from} ORDER BY "userId" ASC LIMIT ${p(4)}`,
    after: `${from} AND "userId" > ${p(4)} ORDER BY "userId" ASC LIMIT ${p(5)}`,
    last: `${from} ORDER BY "userId" DESC LIMIT ${p(4)}`,
    before: `${from} AND "userId" < ${p(4)} ORDER BY "userId" DESC LIMIT ${p(5)}`,
    count: `SELECT COUNT(*) AS "n" FROM "UserEntitlement" WHERE ${where}`,
  };
}
const ENTITLED = { postgres: entitledStatements(true), sqlite: entitledStatements(false) };

interface RawStored {
  userId: string;
  skillId: string;
  blocked: boolean | number;
  skillVersion: string;
  sources: string;
  deprecated: boolean | number;
  overridesGrant: boolean | number;
}

/**
 * Where the stored reads run: a transaction (or Prisma itself), or the database
 * with its prepared reads on the driver (db/direct-reads.ts), which skip Prisma's
 * per-call compilation and row mapping: the picker's and the publisher's path.
 * The rows' decoding below takes either form (0/1 or booleans, bigint or string counts).
 */
export type StoredSource = Reader | Pick<Database, "kind" | "direct">;

const postgresSource = (db: StoredSource) => ("direct" in db ? db.kind === "postgres" : isPostgres(db));
const storedText = (db: StoredSource, pick: "rows" | "counts" | "manifest") => STATEMENTS[postgresSource(db) ? "postgres" : "sqlite"][pick];

function storedParams(db: StoredSource, tenantId: string, userIds: string[], now: Date, pick?: "manifest"): unknown[] {
  const ms = now.getTime();
  if (postgresSource(db)) return [tenantId, userIds, ms];
  // SQLite's ? are positional: the manifest read names the id list first (FROM json_each).
  return pick === "manifest" ? [JSON.stringify(userIds), tenantId, ms, ms] : [tenantId, JSON.stringify(userIds), ms, ms];
}

async function rawStored<R>(db: StoredSource, pick: "rows" | "counts", tenantId: string, userIds: string[], now: Date): Promise<R[]> {
  const [text, params] = [storedText(db, pick), storedParams(db, tenantId, userIds, now)];
  if ("direct" in db) return (await db.direct.query(text, params)) as R[];
  return db.$queryRawUnsafe<R[]>(text, ...params);
}

/** Effective and blocked skills of each user at `now`, from the stored rows, in skill id order. */
export async function readStored(db: StoredSource, tenantId: string, userIds: readonly string[], now = new Date()): Promise<Map<string, StoredEntitlements>> {
  const out = new Map<string, StoredEntitlements>(userIds.map((id) => [id, { effective: [], blocked: [] }]));
  const parts = await Promise.all(chunks([...userIds]).map((part) => rawStored<RawStored>(db, "rows", tenantId, part, now)));
  for (const part of parts) {
    for (const r of part) {
      const entry = out.get(r.userId)!;
      if (r.blocked) entry.blocked.push(toBlockedEntry({ skillId: r.skillId, sources: r.sources, overridesGrant: Boolean(r.overridesGrant) }));
      else entry.effective.push(storedEffectiveEntry({ skillId: r.skillId, skillVersion: r.skillVersion, sources: r.sources, deprecated: Boolean(r.deprecated) }));
    }
  }
  return out;
}

/**
 * Each user's effective skills at `now` as the publisher reads them: one string
 * of manifest keys per user (jobs/manifest.ts manifestKey; "" for none), put
 * together by the database, sources still encoded (the manifest texts decode
 * each distinct one once). A million-row publish makes no row array or value
 * string per stored row, only one string per user.
 */
export async function readManifestKeys(db: StoredSource, tenantId: string, userIds: readonly string[], now = new Date()): Promise<Map<string, string>> {
  const out = new Map<string, string>(userIds.map((id) => [id, ""]));
  const [text, ids] = [storedText(db, "manifest"), [...new Set(userIds)]];
  for (const part of chunks(ids)) {
    const params = storedParams(db, tenantId, part, now, "manifest");
    const rows = "direct" in db
      ? await db.direct.queryArrays(text, params)
      : (await db.$queryRawUnsafe<Record<string, unknown>[]>(text, ...params)).map((r) => Object.values(r));
    for (const [user, keys] of rows as [number | string, string][]) out.set(part[Number(user)]!, keys);
  }
  return out;
}

/** Number of effective skills of each user at `now`: one grouped count, no rows decoded. */
export async function countStored(db: StoredSource, tenantId: string, userIds: readonly string[], now = new Date()): Promise<Map<string, number>> {
  const out = new Map<string, number>(userIds.map((id) => [id, 0]));
  for (const part of chunks([...userIds])) {
    for (const r of await rawStored<{ userId: string; n: number | bigint }>(db, "counts", tenantId, part, now)) out.set(r.userId, Number(r.n));
  }
  return out;
}

/** For each skill, the number of users for whom it is effective at `now`: one grouped read of the by-skill index. */
export async function countEntitledBySkill(db: Reader, tenantId: string, now = new Date()): Promise<Map<string, number>> {
  const rows = await db.userEntitlement.groupBy({
    by: ["skillId"],
    where: { tenantId, blocked: false, ...validAt(now) },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.skillId, r._count._all]));
}

const byUserIdRow: Order<{ userId: string }> = [{ field: "userId", dir: "asc", kind: "string" }];

/**
 * One page of the users for whom `skillId` is effective now, by user id, with a
 * lazy count: prepared statements on the driver (the same rows and order as a
 * findMany over the by-skill index would give; test/api/stored-entitlements.test.ts
 * pages it both ways).
 */
export async function entitledUserPage(db: Pick<Database, "kind" | "direct">, tenantId: string, skillId: string, args: ConnectionArgs, now = new Date()) {
  const postgres = db.kind === "postgres";
  const text = ENTITLED[postgres ? "postgres" : "sqlite"];
  const ms = now.getTime();
  const bound = postgres ? [tenantId, skillId, ms] : [tenantId, skillId, ms, ms];
  const fetch = async (cursor: string | null, backward: boolean, take: number) =>
    (await (cursor === null
      ? db.direct.query(backward ? text.last : text.first, [...bound, take])
      : db.direct.query(backward ? text.before : text.after, [...bound, cursor, take]))) as { userId: string }[];
  const count = lazy(async () => Number(((await db.direct.query(text.count, bound))[0] as { n: number | bigint | string }).n));
  return pageByKey(args, byUserIdRow, fetch, (r) => r.userId, count);
}
