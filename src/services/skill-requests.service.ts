// Skill requests: an agent asks for a skill it lacks (the skill_request tool)
// and a human decides. Errors raised here:
//   NOT_FOUND           the agent, the skill or the request is not in this tenant
//   CONFLICT            a PENDING request of the same agent and skill exists; the agent
//                       already holds the skill; the request was already decided
//   SKILL_NOT_GRANTABLE the skill is DRAFT, ARCHIVED or DELETED (also when approving)
//   FORBIDDEN           an agent requests for another agent, or decides a request
//   BAD_USER_INPUT      empty reason; the agent is ARCHIVED
import type { RequestContext as Context } from "../core/context.js";
import { badInput, conflict, forbidden, notFound } from "../core/errors.js";
import type { SkillRequestStatus } from "../core/enums.js";
import type { Tx } from "../db/client.js";
import { lockAgent } from "./agents.service.js";
import { checkAgentReceives, findAssignment, grantWarnings, insertAssignment } from "./assignments.service.js";
import { runChange } from "./governance.js";
import { generateId, uniqueOrConflict } from "./ids.js";
import { requireSkill } from "./skills.service.js";

export type SkillRequestRow = Awaited<ReturnType<Tx["skillRequest"]["findUniqueOrThrow"]>>;

/** Newest first; the id breaks ties between requests of the same instant. */
export function listSkillRequests(ctx: Context, status: SkillRequestStatus | null | undefined): Promise<SkillRequestRow[]> {
  return ctx.app.db.prisma.skillRequest.findMany({
    // An agent sees its own requests only.
    where: { tenantId: ctx.tenantId, ...(status ? { status } : {}), ...(ctx.principal.agentId ? { agentId: ctx.principal.agentId } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
}

export async function requestSkill(ctx: Context, agentId: string, skillId: string, reason: string): Promise<SkillRequestRow> {
  const why = reason.trim();
  if (!why) throw badInput("reason must not be empty", "reason");
  const self = ctx.principal.agentId;
  if (self !== null && self !== agentId) throw forbidden(`Agent "${self}" may request skills only for itself`);
  return runChange(ctx, async ({ tx, emit }) => {
    // The lock makes "no PENDING request yet" hold until this one commits.
    const agent = await lockAgent(tx, ctx.tenantId, agentId, "agentId");
    checkAgentReceives(agent, "agentId");
    const skill = await requireSkill(tx, ctx.tenantId, skillId, "skillId");
    grantWarnings(skill, "skillId");
    if (await findAssignment(tx, ctx.tenantId, agentId, skillId)) {
      throw conflict(`Agent "${agentId}" already holds skill "${skillId}"`, "skillId");
    }
    const pending = await tx.skillRequest.findFirst({
      where: { tenantId: ctx.tenantId, agentId, skillId, status: "PENDING" },
      select: { id: true },
    });
    if (pending) throw conflict(`Request "${pending.id}" for this skill is already pending`, "skillId");
    const request = await tx.skillRequest.create({
      data: { tenantId: ctx.tenantId, id: generateId("req"), agentId, skillId, reason: why, status: "PENDING" },
    });
    await emit({
      kind: "skill.request_created",
      subjects: [`agent:${agentId}`, `skill:${skillId}`, `request:${request.id}`],
      payload: { requestId: request.id, reason: why },
    });
    return request;
  });
}

export async function decideSkillRequest(
  ctx: Context,
  id: string,
  approve: boolean,
  note: string | null | undefined,
): Promise<SkillRequestRow> {
  if (ctx.principal.agentId !== null) throw forbidden("Agents cannot decide skill requests");
  const decisionNote = note?.trim() || null;
  const work = runChange(ctx, async (scope) => {
    const { tx, emit } = scope;
    const request = await tx.skillRequest.findUnique({ where: { tenantId_id: { tenantId: ctx.tenantId, id } } });
    if (!request) throw notFound("Skill request", id, "id");
    if (request.status !== "PENDING") throw conflict(`Request "${id}" was already ${request.status}`, "id");
    const status = approve ? "APPROVED" : "REJECTED";
    let assignmentId: string | null = null;
    if (approve && !(await findAssignment(tx, ctx.tenantId, request.agentId, request.skillId))) {
      const agent = await lockAgent(tx, ctx.tenantId, request.agentId, "id");
      checkAgentReceives(agent, "id");
      const skill = await requireSkill(tx, ctx.tenantId, request.skillId, "id");
      grantWarnings(skill, "id");
      const cause = { requestId: id };
      assignmentId = (await insertAssignment(ctx, scope, { agent, skill, priority: 0, config: {}, cause })).id;
    }
    // Conditional on PENDING: of two concurrent decisions only one wins.
    const { count } = await tx.skillRequest.updateMany({
      where: { tenantId: ctx.tenantId, id, status: "PENDING" },
      data: { status, decidedBy: ctx.principal.subject, decidedAt: new Date(), decisionNote },
    });
    if (count !== 1) throw conflict(`Request "${id}" was decided concurrently`, "id");
    await emit({
      kind: "skill.request_decided",
      subjects: [`agent:${request.agentId}`, `skill:${request.skillId}`, `request:${id}`],
      payload: { requestId: id, approved: approve, note: decisionNote, assignmentId },
    });
    return tx.skillRequest.findUniqueOrThrow({ where: { tenantId_id: { tenantId: ctx.tenantId, id } } });
  });
  return uniqueOrConflict(work, `The skill of request "${id}" was assigned concurrently; decide again`, "id");
}
