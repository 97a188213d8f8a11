// Usage questions, answered from the rollups (never from raw events), so each
// costs a handful of index range reads whatever the number of events:
// per-skill totals over a window, top skills, top users or agents, and the
// entitlements nobody uses. Windows are whole UTC days, at most 366 of them.
// Agents may not read usage (it is other principals' data). Errors raised here:
//   BAD_USER_INPUT  since after until; a window over 366 days; first outside 1–100;
//                   days outside 1–366; maxActiveShare outside 0–1
//   NOT_FOUND       the skill is not in this tenant
//   FORBIDDEN       the caller is an agent
import type { RequestContext } from "../core/context.js";
import { badInput, forbidden, notFound } from "../core/errors.js";
import { countEntitledBySkill } from "./stored-entitlements.js";
import {
  dateOfDay, dayOf, firstDayOfMonth, lastDayOfMonth, medianOf, monthMask, monthOfDay, type ActorKind,
} from "./usage-rollup.js";

export interface UsageWindow {
  since: Date;
  until?: Date | null;
}
export type UsageOrder = "INVOCATIONS" | "TOKENS" | "COST_USD";

export interface UsageTotals {
  invocations: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}
export interface SkillUsage extends UsageTotals {
  skillId: string;
  since: Date;
  until: Date;
  distinctUsers: number;
  distinctAgents: number;
  /** Approximate median over events that reported a latency (null if none did). */
  latencyP50Ms: number | null;
  daily: ({ date: Date } & UsageTotals)[];
}
export interface SkillUsageRank extends UsageTotals {
  skillId: string;
}
export interface ActorUsageRank extends UsageTotals {
  actorKind: ActorKind;
  actorId: string;
}
export interface UnusedEntitlement {
  skillId: string;
  entitledUsers: number;
  activeUsers: number;
  assignedAgents: number;
  activeAgents: number;
  invocations: number;
}

const MAX_DAYS = 366;

function noAgents(ctx: RequestContext): void {
  if (ctx.principal.agentId !== null) throw forbidden("Agents cannot read usage");
}

export function windowDays(w: UsageWindow): { from: number; to: number } {
  const from = dayOf(w.since);
  const to = dayOf(w.until ?? new Date());
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw badInput("since and until must be valid times", "window");
  if (from > to) throw badInput("since must not be after until", "window.since");
  if (to - from + 1 > MAX_DAYS) throw badInput(`a window spans at most ${MAX_DAYS} days`, "window.since");
  return { from, to };
}

function checkFirst(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > 100) throw badInput("first must be from 1 to 100", "first");
  return first;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** The placeholder style of the database: "?" (SQLite) or "$n" (PostgreSQL). */
function params(ctx: RequestContext) {
  const values: unknown[] = [];
  const pg = ctx.app.db.kind === "postgres";
  return {
    values,
    p(value: unknown): string {
      values.push(value);
      return pg ? `$${values.length}` : "?";
    },
  };
}

const ORDER_COLUMN: Record<UsageOrder, string> = {
  INVOCATIONS: "invocations",
  TOKENS: "tokens",
  COST_USD: "costUsd",
};

export async function skillUsage(ctx: RequestContext, skillId: string, window: UsageWindow): Promise<SkillUsage> {
  noAgents(ctx);
  const { from, to } = windowDays(window);
  const prisma = ctx.app.db.prisma;
  const t = { tenantId: ctx.tenantId };
  const skill = await prisma.skill.findUnique({ where: { tenantId_id: { ...t, id: skillId } }, select: { id: true } });
  if (!skill) throw notFound("Skill", skillId, "skillId");

  const fm = monthOfDay(from);
  const lm = monthOfDay(to);
  const q = params(ctx);
  const distinctSql =
    `SELECT "actorKind", COUNT(DISTINCT "actorId") AS n FROM "UsageSkillActorMonth" ` +
    `WHERE "tenantId" = ${q.p(ctx.tenantId)} AND "skillId" = ${q.p(skillId)} AND "month" >= ${q.p(fm)} AND "month" <= ${q.p(lm)} ` +
    `AND (("month" > ${q.p(fm)} AND "month" < ${q.p(lm)}) OR ("month" = ${q.p(fm)} AND ("days" & ${q.p(monthMask(fm, from, to))}) <> 0) ` +
    `OR ("month" = ${q.p(lm)} AND ("days" & ${q.p(monthMask(lm, from, to))}) <> 0)) GROUP BY "actorKind"`;
  const [days, latency, distinct] = await Promise.all([
    prisma.usageSkillDay.findMany({ where: { ...t, skillId, day: { gte: from, lte: to } }, orderBy: { day: "asc" } }),
    prisma.usageLatencyDay.groupBy({ by: ["bucket"], where: { ...t, skillId, day: { gte: from, lte: to } }, _sum: { count: true } }),
    prisma.$queryRawUnsafe<{ actorKind: string; n: unknown }[]>(distinctSql, ...q.values),
  ]);
  const daily = days.map((d) => ({
    date: dateOfDay(d.day),
    invocations: d.invocations,
    inputTokens: Number(d.inputTokens),
    outputTokens: Number(d.outputTokens),
    costUsd: d.costUsd,
  }));
  const total = (k: keyof UsageTotals) => daily.reduce((s, d) => s + d[k], 0);
  return {
    skillId,
    since: dateOfDay(from),
    until: dateOfDay(to),
    invocations: total("invocations"),
    inputTokens: total("inputTokens"),
    outputTokens: total("outputTokens"),
    costUsd: Math.round(total("costUsd") * 1e6) / 1e6,
    distinctUsers: num(distinct.find((d) => d.actorKind === "USER")?.n),
    distinctAgents: num(distinct.find((d) => d.actorKind === "AGENT")?.n),
    latencyP50Ms: medianOf(latency.map((l) => ({ bucket: l.bucket, count: l._sum.count ?? 0 }))),
    daily,
  };
}

export async function topSkills(ctx: RequestContext, window: UsageWindow, first: number, orderBy: UsageOrder): Promise<SkillUsageRank[]> {
  noAgents(ctx);
  const { from, to } = windowDays(window);
  const q = params(ctx);
  const sql =
    `SELECT "skillId", SUM("invocations") AS invocations, SUM("inputTokens") AS "inputTokens", SUM("outputTokens") AS "outputTokens", ` +
    `SUM("inputTokens") + SUM("outputTokens") AS tokens, SUM("costUsd") AS "costUsd" FROM "UsageSkillDay" ` +
    `WHERE "tenantId" = ${q.p(ctx.tenantId)} AND "day" >= ${q.p(from)} AND "day" <= ${q.p(to)} ` +
    `GROUP BY "skillId" ORDER BY ${quoted(ORDER_COLUMN[orderBy])} DESC, "skillId" ASC LIMIT ${q.p(checkFirst(first))}`;
  const rows = await ctx.app.db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...q.values);
  return rows.map((r) => ({ skillId: String(r.skillId), ...totalsOf(r) }));
}

const quoted = (c: string) => `"${c}"`;

function totalsOf(r: Record<string, unknown>): UsageTotals {
  return {
    invocations: num(r.invocations),
    inputTokens: num(r.inputTokens),
    outputTokens: num(r.outputTokens),
    costUsd: Math.round(num(r.costUsd) * 1e6) / 1e6,
  };
}

/**
 * Per-actor totals over [from, to]: whole months inside the window come from
 * the monthly rollup, the partial months at its edges from the daily one, so
 * a year-long window reads about 12 rows per active actor instead of 365.
 * `kind` null groups both kinds. Returns the SELECT and pushes its parameters.
 */
export function actorTotalsSql(p: (v: unknown) => string, tenantId: string, kind: ActorKind | null, from: number, to: number): string {
  let fm = monthOfDay(from);
  if (firstDayOfMonth(fm) < from) fm += 1;
  let lm = monthOfDay(to);
  if (lastDayOfMonth(lm) > to) lm -= 1;
  const ranges: [number, number][] = fm <= lm ? [[from, firstDayOfMonth(fm) - 1], [lastDayOfMonth(lm) + 1, to]] : [[from, to]];
  const cols = `"actorKind", "actorId", "invocations", "inputTokens", "outputTokens", "costUsd"`;
  // Placeholders are numbered in the order they are made, so each part makes its own.
  const actor = () => `"tenantId" = ${p(tenantId)}${kind ? ` AND "actorKind" = ${p(kind)}` : ""}`;
  const parts = [];
  if (fm <= lm) parts.push(`SELECT ${cols} FROM "UsageActorMonth" WHERE ${actor()} AND "month" >= ${p(fm)} AND "month" <= ${p(lm)}`);
  for (const [a, b] of ranges.filter(([a, b]) => a <= b)) {
    parts.push(`SELECT ${cols} FROM "UsageActorDay" WHERE ${actor()} AND "day" >= ${p(a)} AND "day" <= ${p(b)}`);
  }
  return (
    `SELECT "actorKind", "actorId", SUM("invocations") AS invocations, SUM("inputTokens") AS "inputTokens", SUM("outputTokens") AS "outputTokens", ` +
    `SUM("inputTokens") + SUM("outputTokens") AS tokens, SUM("costUsd") AS "costUsd" FROM (${parts.join(" UNION ALL ")}) u GROUP BY "actorKind", "actorId"`
  );
}

/** Windows ending today that the leaderboard keeps ranked (usage-leaderboard.ts). */
export const STANDARD_WINDOWS = [7, 30, 90, 365] as const;
/** A leaderboard older than this is not used; the ranking is computed live. */
export const LEADERBOARD_MAX_AGE_MS = 30 * 60_000;

/**
 * The heaviest users or agents. A standard window ending today reads the
 * leaderboard (an index read, at most LEADERBOARD_MAX_AGE_MS old); any other
 * window groups the rollups live.
 */
export async function topActors(
  ctx: RequestContext,
  kind: ActorKind,
  window: UsageWindow,
  first: number,
  orderBy: UsageOrder,
): Promise<ActorUsageRank[]> {
  noAgents(ctx);
  const { from, to } = windowDays(window);
  const limit = checkFirst(first);
  const q = params(ctx);
  const span = to - from + 1;
  const prisma = ctx.app.db.prisma;
  let sql: string;
  const board =
    (STANDARD_WINDOWS as readonly number[]).includes(span) && to === dayOf(new Date())
      ? await prisma.usageWindowRefresh.findUnique({ where: { tenantId_windowDays: { tenantId: ctx.tenantId, windowDays: span } } })
      : null;
  if (board && board.toDay === to && Date.now() - board.refreshedAt.getTime() < LEADERBOARD_MAX_AGE_MS) {
    sql =
      `SELECT "actorId", "invocations", "inputTokens", "outputTokens", "costUsd" FROM "UsageActorWindow" ` +
      `WHERE "tenantId" = ${q.p(ctx.tenantId)} AND "actorKind" = ${q.p(kind)} AND "windowDays" = ${q.p(span)} ` +
      `ORDER BY ${quoted(ORDER_COLUMN[orderBy])} DESC, "actorId" ASC LIMIT ${q.p(limit)}`;
  } else {
    sql = `${actorTotalsSql(q.p, ctx.tenantId, kind, from, to)} ORDER BY ${quoted(ORDER_COLUMN[orderBy])} DESC, "actorId" ASC LIMIT ${q.p(limit)}`;
  }
  const rows = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...q.values);
  return rows.map((r) => ({ actorKind: kind, actorId: String(r.actorId), ...totalsOf(r) }));
}

export interface UnusedOptions {
  /** Look back this many days, ending today. */
  days: number;
  /** Only skills effective for at least this many users, or assigned to an agent. */
  minEntitledUsers: number;
  /** Report a skill when its active users and agents are at most this share of those it is offered to. */
  maxActiveShare: number;
  first: number;
}

/**
 * Skills offered (effective for users, or assigned to agents) and used by few
 * or none over the last `days` days, most idle offers first. The offered side
 * is one grouped count of the stored entitlements by skill; the used side from last-use days per skill and
 * actor, so "used in the last N days" is one grouped range read.
 */
export async function unusedEntitlements(ctx: RequestContext, opts: UnusedOptions): Promise<UnusedEntitlement[]> {
  noAgents(ctx);
  if (!Number.isInteger(opts.days) || opts.days < 1 || opts.days > MAX_DAYS) throw badInput(`days must be from 1 to ${MAX_DAYS}`, "days");
  if (!(opts.maxActiveShare >= 0 && opts.maxActiveShare <= 1)) throw badInput("maxActiveShare must be from 0 to 1", "maxActiveShare");
  if (!Number.isInteger(opts.minEntitledUsers) || opts.minEntitledUsers < 0) throw badInput("minEntitledUsers must be 0 or more", "minEntitledUsers");
  const first = checkFirst(opts.first);
  const today = dayOf(new Date());
  const cutoff = today - opts.days + 1;
  const prisma = ctx.app.db.prisma;
  const t = { tenantId: ctx.tenantId };
  const q = params(ctx);
  const activeSql =
    `SELECT "skillId", "actorKind", COUNT(*) AS n FROM "UsageSkillActor" WHERE "tenantId" = ${q.p(ctx.tenantId)} ` +
    `AND "lastDay" >= ${q.p(cutoff)} GROUP BY "skillId", "actorKind"`;
  const [entitled, assigned, active, invocations] = await Promise.all([
    countEntitledBySkill(prisma, ctx.tenantId),
    prisma.agentSkillAssignment.groupBy({ by: ["skillId"], where: { ...t, enabled: true }, _count: { _all: true } }),
    prisma.$queryRawUnsafe<{ skillId: string; actorKind: string; n: unknown }[]>(activeSql, ...q.values),
    prisma.usageSkillDay.groupBy({ by: ["skillId"], where: { ...t, day: { gte: cutoff, lte: today } }, _sum: { invocations: true } }),
  ]);
  const agents = new Map(assigned.map((a) => [a.skillId, a._count._all]));
  const activeBy = new Map(active.map((a) => [`${a.actorKind}\u0000${a.skillId}`, num(a.n)]));
  const usedBy = (skillId: string, kind: string) => activeBy.get(`${kind}\u0000${skillId}`) ?? 0;
  const calls = new Map(invocations.map((i) => [i.skillId, i._sum.invocations ?? 0]));
  const out: (UnusedEntitlement & { idle: number })[] = [];
  for (const skillId of new Set([...entitled.keys(), ...agents.keys()])) {
    const entitledUsers = entitled.get(skillId) ?? 0;
    const assignedAgents = agents.get(skillId) ?? 0;
    if (entitledUsers < opts.minEntitledUsers && assignedAgents === 0) continue;
    const activeUsers = usedBy(skillId, "USER");
    const activeAgents = usedBy(skillId, "AGENT");
    const offered = entitledUsers + assignedAgents;
    if (activeUsers + activeAgents > opts.maxActiveShare * offered) continue;
    out.push({ skillId, entitledUsers, activeUsers, assignedAgents, activeAgents, invocations: calls.get(skillId) ?? 0, idle: offered - activeUsers - activeAgents });
  }
  out.sort((a, b) => b.idle - a.idle || (a.skillId < b.skillId ? -1 : a.skillId > b.skillId ? 1 : 0));
  return out.slice(0, first).map(({ idle: _idle, ...rest }) => rest);
}
