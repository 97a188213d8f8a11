// What an agent runtime asks of the catalog through MCP: discover skills
// (metadata only) and request one it lacks, idempotently. The rules are the
// GraphQL ones (skills, requestSkill); this adds the agent's view of them.
// Errors raised here:
//   BAD_USER_INPUT  a query over 200 characters; requesting without an agent principal
//   and those of requestSkill (skill-requests.service.ts)
import type { RequestContext } from "../core/context.js";
import { DomainError, badInput } from "../core/errors.js";
import { SkillLifecycle } from "../core/enums.js";
import type { SkillRow } from "../catalog/store.js";
import { requestSkill, type SkillRequestRow } from "./skill-requests.service.js";

export const DISCOVER_LIMIT = 100;
const MAX_QUERY = 200;

export interface DiscoveredSkill {
  skill: SkillRow;
  assignedToMe: boolean;
}

export interface Discovery {
  skills: DiscoveredSkill[];
  /** Every match; `skills` holds the first DISCOVER_LIMIT by id. */
  total: number;
}

/** Lowercase words of a keyword query (at most 8), each of which must match. */
export function keywords(query: string | null | undefined): string[] {
  const text = (query ?? "").trim();
  if (text.length > MAX_QUERY) throw badInput(`query must be at most ${MAX_QUERY} characters`, "query");
  return [...new Set(text.toLowerCase().split(/\s+/).filter(Boolean))].slice(0, 8);
}

/**
 * ACTIVE and DEPRECATED skills, matching every keyword in their name,
 * description or id. `assignedToMe`: the calling agent holds an enabled
 * assignment of it (always false for a person's token, which holds none).
 */
export async function discoverSkills(
  ctx: RequestContext,
  filter: { category?: string | null; query?: string | null },
): Promise<Discovery> {
  const words = keywords(filter.query);
  const where = {
    tenantId: ctx.tenantId,
    lifecycle: { in: [SkillLifecycle.ACTIVE, SkillLifecycle.DEPRECATED] },
    ...(filter.category ? { category: filter.category } : {}),
    ...(words.length ? { AND: words.map((w) => ({ searchText: { contains: w } })) } : {}),
  };
  const prisma = ctx.app.db.prisma;
  const agentId = ctx.principal.agentId;
  const [rows, total, assigned] = await Promise.all([
    prisma.skill.findMany({ where, orderBy: { id: "asc" }, take: DISCOVER_LIMIT }),
    prisma.skill.count({ where }),
    agentId
      ? prisma.agentSkillAssignment.findMany({ where: { tenantId: ctx.tenantId, agentId, enabled: true }, select: { skillId: true } })
      : Promise.resolve([]),
  ]);
  const mine = new Set(assigned.map((a) => a.skillId));
  return { skills: rows.map((skill) => ({ skill, assignedToMe: mine.has(skill.id) })), total };
}

export interface RequestOutcome {
  request: SkillRequestRow;
  /** false: the request already pending for this agent and skill. */
  created: boolean;
}

/** requestSkill for the calling agent; asking again while one is pending returns that one. */
export async function requestSkillForSelf(ctx: RequestContext, skillId: string, reason: string): Promise<RequestOutcome> {
  const agentId = ctx.principal.agentId;
  if (agentId === null) throw badInput("Only an agent token can request a skill for itself", "skillId");
  const pending = () =>
    ctx.app.db.prisma.skillRequest.findFirst({ where: { tenantId: ctx.tenantId, agentId, skillId, status: "PENDING" } });
  const existing = await pending();
  if (existing) return { request: existing, created: false };
  try {
    return { request: await requestSkill(ctx, agentId, skillId, reason), created: true };
  } catch (e) {
    // A concurrent request by the same agent won: answer with it.
    if (e instanceof DomainError && e.code === "CONFLICT") {
      const raced = await pending();
      if (raced) return { request: raced, created: false };
    }
    throw e;
  }
}
