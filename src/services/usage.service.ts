// Usage: who used which skill, when, at what cost. The gateway records every
// skill_query (MCP) and every skillContent read by an agent; platforms report
// their own uses in batches. Errors raised here:
//   BAD_USER_INPUT  more than 1000 events; neither or both of userId and agentId;
//                   an empty or over-long clientEventId; a negative or absurd
//                   measure; occurredAt in the future or before the retention window
//   NOT_FOUND       a skill, user or agent of an event is not in this tenant
//   FORBIDDEN       an agent reports uses by anyone but itself
import type { RequestContext } from "../core/context.js";
import { badInput, forbidden, notFound } from "../core/errors.js";
import { dayOf } from "./usage-rollup.js";
import { storeUsage, type UsageRecord } from "./usage-store.js";
import { findInChunks } from "./directory.service.js";
import { log } from "../ops/log.js";

export const MAX_USAGE_BATCH = 1000;
const MAX_INT = 2_147_483_647;
const FUTURE_SLACK_MS = 5 * 60_000;

export interface UsageEventInput {
  clientEventId: string;
  userId?: string | null;
  agentId?: string | null;
  skillId: string;
  skillVersion?: string | null;
  occurredAt: Date;
  latencyMs?: number | null;
  inputTokens?: number | null;
  outputTokens?: number | null;
  costUsd?: number | null;
}

export interface ReportUsageResult {
  accepted: number;
  duplicates: number;
}

function count(value: number | null | undefined, field: string, max = MAX_INT): number | null {
  if (value == null) return null;
  if (!Number.isInteger(value) || value < 0 || value > max) throw badInput(`must be an integer from 0 to ${max}`, field);
  return value;
}

async function requireExisting(
  ctx: RequestContext,
  ids: Map<string, number>,
  find: (ids: string[]) => Promise<{ id: string }[]>,
  what: string,
  field: string,
): Promise<void> {
  if (ids.size === 0) return;
  const found = new Set((await findInChunks(ctx, [...ids.keys()], find)).map((r) => r.id));
  for (const [id, index] of ids) if (!found.has(id)) throw notFound(what, id, `events.${index}.${field}`);
}

export async function reportUsage(ctx: RequestContext, events: UsageEventInput[]): Promise<ReportUsageResult> {
  if (events.length > MAX_USAGE_BATCH) throw badInput(`at most ${MAX_USAGE_BATCH} events a call`, "events");
  const now = Date.now();
  const oldestDay = dayOf(new Date(now)) - ctx.app.config.usageRetentionDays;
  const self = ctx.principal.agentId;
  const skills = new Map<string, number>();
  const users = new Map<string, number>();
  const agents = new Map<string, number>();
  const records: UsageRecord[] = events.map((e, i) => {
    const at = `events.${i}`;
    const clientEventId = e.clientEventId.trim();
    if (!clientEventId || clientEventId.length > 128) throw badInput("clientEventId must be 1 to 128 characters", `${at}.clientEventId`);
    if ((e.userId == null) === (e.agentId == null)) throw badInput("give exactly one of userId and agentId", `${at}.userId`);
    if (self !== null && e.agentId !== self) throw forbidden(`Agent "${self}" may report only its own usage`);
    const time = e.occurredAt.getTime();
    if (!Number.isFinite(time) || time > now + FUTURE_SLACK_MS) throw badInput("occurredAt must not be in the future", `${at}.occurredAt`);
    if (dayOf(e.occurredAt) < oldestDay) throw badInput("occurredAt is older than the usage retention window", `${at}.occurredAt`);
    if (e.costUsd != null && !(Number.isFinite(e.costUsd) && e.costUsd >= 0 && e.costUsd <= 1_000_000)) {
      throw badInput("costUsd must be from 0 to 1000000", `${at}.costUsd`);
    }
    if (e.skillVersion != null && e.skillVersion.length > 64) throw badInput("skillVersion is too long", `${at}.skillVersion`);
    if (!skills.has(e.skillId)) skills.set(e.skillId, i);
    const actorKind = e.userId != null ? "USER" : "AGENT";
    const actorId = (e.userId ?? e.agentId)!;
    const ids = actorKind === "USER" ? users : agents;
    if (!ids.has(actorId)) ids.set(actorId, i);
    return {
      clientEventId,
      actorKind,
      actorId,
      skillId: e.skillId,
      skillVersion: e.skillVersion ?? null,
      referenceFile: null,
      origin: "REPORTED",
      occurredAt: e.occurredAt,
      latencyMs: count(e.latencyMs, `${at}.latencyMs`, 86_400_000),
      inputTokens: count(e.inputTokens, `${at}.inputTokens`),
      outputTokens: count(e.outputTokens, `${at}.outputTokens`),
      costUsd: e.costUsd ?? null,
    };
  });
  const prisma = ctx.app.db.prisma;
  const t = { tenantId: ctx.tenantId };
  await requireExisting(ctx, skills, (ids) => prisma.skill.findMany({ where: { ...t, id: { in: ids } }, select: { id: true } }), "Skill", "skillId");
  await requireExisting(ctx, users, (ids) => prisma.user.findMany({ where: { ...t, id: { in: ids } }, select: { id: true } }), "User", "userId");
  await requireExisting(ctx, agents, (ids) => prisma.agent.findMany({ where: { ...t, id: { in: ids } }, select: { id: true } }), "Agent", "agentId");
  const accepted = records.length ? await storeUsage(ctx.app.db, ctx.tenantId, records) : 0;
  return { accepted, duplicates: records.length - accepted };
}

/**
 * Records one skill read the gateway served (skill_query, or skillContent read
 * by an agent). Usage is a measurement: a failure to record is logged and
 * never fails the read it measures.
 */
export async function recordSkillRead(
  ctx: RequestContext,
  read: { agentId: string; skillId: string; skillVersion: string; referenceFile: string | null },
): Promise<void> {
  try {
    await storeUsage(ctx.app.db, ctx.tenantId, [
      {
        clientEventId: null,
        actorKind: "AGENT",
        actorId: read.agentId,
        skillId: read.skillId,
        skillVersion: read.skillVersion,
        referenceFile: read.referenceFile,
        origin: "GATEWAY",
        occurredAt: new Date(),
        latencyMs: null,
        inputTokens: null,
        outputTokens: null,
        costUsd: null,
      },
    ]);
  } catch (e) {
    log.error({ err: e }, "usage: could not record a skill read");
  }
}
