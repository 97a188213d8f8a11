// Writes usage: the raw events (kept for the retention window, idempotent by a
// client event id) and the rollups the queries read, folded in with one
// set-based upsert per rollup table and batch. Upserts increment (or merge)
// in the database, so concurrent writers never lose an update, and rows are
// written in key order so two batches cannot deadlock on PostgreSQL.
import { randomBytes } from "node:crypto";
import type { DbKind } from "../config.js";
import type { Db, Tx } from "../db/client.js";
import { dayOf, rollUp, type ActorKind, type UsageFact } from "./usage-rollup.js";

export interface UsageRecord extends UsageFact {
  clientEventId: string | null;
  skillVersion: string | null;
  referenceFile: string | null;
  origin: "GATEWAY" | "REPORTED";
}

/** Bind parameters per statement, with headroom under Prisma's limits (999 on SQLite, 32766 on PostgreSQL). */
export const paramBudget = (kind: DbKind) => (kind === "sqlite" ? 900 : 30_000);

interface Table {
  name: string;
  keys: string[];
  values: string[];
  /** SET clauses merging excluded into the stored row. */
  merge: (kind: DbKind) => string[];
}

const sum = (cols: string[], table: string) => cols.map((c) => `"${c}" = "${table}"."${c}" + excluded."${c}"`);
const measures = ["invocations", "inputTokens", "outputTokens", "costUsd"];

const TABLES = {
  skillDay: { name: "UsageSkillDay", keys: ["skillId", "day"], values: measures, merge: () => sum(measures, "UsageSkillDay") },
  latencyDay: { name: "UsageLatencyDay", keys: ["skillId", "day", "bucket"], values: ["count"], merge: () => sum(["count"], "UsageLatencyDay") },
  actorDay: { name: "UsageActorDay", keys: ["actorKind", "day", "actorId"], values: measures, merge: () => sum(measures, "UsageActorDay") },
  actorMonth: { name: "UsageActorMonth", keys: ["actorKind", "month", "actorId"], values: measures, merge: () => sum(measures, "UsageActorMonth") },
  skillActorMonth: {
    name: "UsageSkillActorMonth",
    keys: ["skillId", "actorKind", "month", "actorId"],
    values: ["days", "invocations"],
    merge: () => [`"days" = "UsageSkillActorMonth"."days" | excluded."days"`, ...sum(["invocations"], "UsageSkillActorMonth")],
  },
  skillActor: {
    name: "UsageSkillActor",
    keys: ["skillId", "actorKind", "actorId"],
    values: ["firstDay", "lastDay", "invocations"],
    merge: (kind) => {
      const [min, max] = kind === "postgres" ? ["LEAST", "GREATEST"] : ["MIN", "MAX"];
      return [
        `"firstDay" = ${min}("UsageSkillActor"."firstDay", excluded."firstDay")`,
        `"lastDay" = ${max}("UsageSkillActor"."lastDay", excluded."lastDay")`,
        ...sum(["invocations"], "UsageSkillActor"),
      ];
    },
  },
} satisfies Record<string, Table>;

function placeholders(kind: DbKind, rows: number, width: number): string {
  let n = 0;
  const one = () => (kind === "postgres" ? `$${++n}` : "?");
  return Array.from({ length: rows }, () => `(${Array.from({ length: width }, one).join(", ")})`).join(", ");
}

async function upsertRows(tx: Tx, kind: DbKind, tenantId: string, table: Table, rows: Record<string, unknown>[]): Promise<void> {
  const columns = ["tenantId", ...table.keys, ...table.values];
  const sorted = rows
    .map((r) => ({ r, key: table.keys.map((k) => String(r[k]).padStart(12, "0")).join("\u0000") }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((x) => x.r);
  const rowsPerStatement = Math.floor(paramBudget(kind) / columns.length);
  for (let i = 0; i < sorted.length; i += rowsPerStatement) {
    const chunk = sorted.slice(i, i + rowsPerStatement);
    const params = chunk.flatMap((r) => [tenantId, ...table.keys.map((k) => r[k]), ...table.values.map((v) => r[v])]);
    const sql =
      `INSERT INTO "${table.name}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${placeholders(kind, chunk.length, columns.length)} ` +
      `ON CONFLICT ("tenantId", ${table.keys.map((k) => `"${k}"`).join(", ")}) DO UPDATE SET ${table.merge(kind).join(", ")}`;
    await tx.$executeRawUnsafe(sql, ...params);
  }
}

/** Folds facts into every rollup table, inside the caller's transaction. */
export async function foldIntoRollups(tx: Tx, kind: DbKind, tenantId: string, facts: UsageFact[]): Promise<void> {
  if (facts.length === 0) return;
  const rows = rollUp(facts);
  for (const [name, table] of Object.entries(TABLES) as [keyof typeof TABLES, Table][]) {
    const list = [...rows[name].values()] as unknown as Record<string, unknown>[];
    if (list.length) await upsertRows(tx, kind, tenantId, table, list);
  }
}

export const newUsageId = () => `use_${randomBytes(8).toString("hex")}`;

/**
 * Stores records whose client event id is new (and every record without one)
 * and folds exactly those into the rollups. Returns how many were stored.
 */
export async function storeUsage(db: { prisma: Db; kind: DbKind }, tenantId: string, records: UsageRecord[]): Promise<number> {
  const attempt = () =>
    db.prisma.$transaction(
      async (tx) => {
        const ids = records.map((r) => r.clientEventId).filter((id): id is string => id !== null);
        const seen = new Set<string | null>();
        const per = paramBudget(db.kind) - 10;
        for (let i = 0; i < ids.length; i += per) {
          const found = await tx.usageEvent.findMany({
            where: { tenantId, clientEventId: { in: ids.slice(i, i + per) } },
            select: { clientEventId: true },
          });
          for (const e of found) seen.add(e.clientEventId);
        }
        const fresh: UsageRecord[] = [];
        for (const r of records) {
          if (r.clientEventId !== null) {
            if (seen.has(r.clientEventId)) continue;
            seen.add(r.clientEventId);
          }
          fresh.push(r);
        }
        if (fresh.length === 0) return 0;
        await tx.usageEvent.createMany({
          data: fresh.map((r) => ({
            tenantId,
            id: newUsageId(),
            clientEventId: r.clientEventId,
            actorKind: r.actorKind,
            actorId: r.actorId,
            skillId: r.skillId,
            skillVersion: r.skillVersion,
            referenceFile: r.referenceFile,
            origin: r.origin,
            occurredAt: r.occurredAt,
            day: dayOf(r.occurredAt),
            latencyMs: r.latencyMs,
            inputTokens: r.inputTokens,
            outputTokens: r.outputTokens,
            costUsd: r.costUsd,
          })),
        });
        await foldIntoRollups(tx, db.kind, tenantId, fresh);
        return fresh.length;
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
  try {
    return await attempt();
  } catch (e) {
    // A concurrent report of the same client event ids won the unique index:
    // retrying sees them stored and skips them.
    if ((e as { code?: unknown }).code === "P2002") return attempt();
    throw e;
  }
}

export type { ActorKind };
