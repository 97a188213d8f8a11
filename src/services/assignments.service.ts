// Agent skill assignments: which catalog skills an agent may load, at which
// version and priority. Errors raised here:
//   NOT_FOUND           the agent, the skill or the assignment is not in this tenant
//   CONFLICT            the agent already holds the skill
//   SKILL_NOT_GRANTABLE the skill is DRAFT, ARCHIVED or DELETED
//   BAD_USER_INPUT      the agent is ARCHIVED; config is not a JSON object
import type { RequestContext as Context } from "../core/context.js";
import { grantableSkill, heldBackWarnings } from "./skill-rules.js";
import { badInput, conflict, notFound, notGrantable } from "../core/errors.js";
import type { Order } from "../core/paging.js";
import type { AssignSkillInput, UpdateAssignmentInput } from "./inputs.js";
import type { SkillRow } from "../catalog/store.js";
import type { Prisma, Tx } from "../db/client.js";
import type { AgentRow } from "./agents.service.js";
import { requireAgent } from "./agents.service.js";
import { runChange, type ChangeScope } from "./governance.js";
import { checkJsonObject, generateId, uniqueOrConflict } from "./ids.js";
import { requireSkill } from "./skills.service.js";

export type AssignmentRow = Awaited<ReturnType<Tx["agentSkillAssignment"]["findUniqueOrThrow"]>>;

/** Skill.assignedAgents: assignedAt, then agent id. */
export const assignmentOrderBySkill: Order<AssignmentRow> = [
  { field: "assignedAt", dir: "asc", kind: "date" },
  { field: "agentId", dir: "asc", kind: "string" },
];

/** Agent.skills: priority descending, then skill id. */
export const assignmentOrderByAgent: Order<AssignmentRow> = [
  { field: "priority", dir: "desc", kind: "int" },
  { field: "skillId", dir: "asc", kind: "string" },
];

export interface AssignmentResult {
  assignment: AssignmentRow;
  warnings: string[];
}

/** The grant rule (skill-rules.ts), worded for assignments. */
export const grantWarnings = (skill: SkillRow, field: string): string[] => grantableSkill(skill, skill.id, field, "assigned");

/** An ARCHIVED agent is kept for history and receives no new skills. */
export function checkAgentReceives(agent: AgentRow, field: string): void {
  if (agent.status === "ARCHIVED") throw badInput(`Agent "${agent.id}" is ARCHIVED and cannot receive skills`, field);
}

export function findAssignment(tx: Tx, tenantId: string, agentId: string, skillId: string) {
  return tx.agentSkillAssignment.findUnique({ where: { tenantId_agentId_skillId: { tenantId, agentId, skillId } } });
}

export interface NewAssignment {
  agent: AgentRow;
  skill: SkillRow;
  priority: number;
  config: Record<string, unknown>;
  /** Extra event payload, e.g. the skill request that caused it. */
  cause?: Record<string, unknown>;
}

/** Writes an assignment and its event; the caller has checked agent, skill and grantability. */
export async function insertAssignment(ctx: Context, { tx, emit }: ChangeScope, a: NewAssignment): Promise<AssignmentRow> {
  const assignment = await tx.agentSkillAssignment.create({
    data: {
      tenantId: ctx.tenantId,
      id: generateId("asg"),
      agentId: a.agent.id,
      skillId: a.skill.id,
      skillVersion: a.skill.currentVersion!,
      priority: a.priority,
      config: a.config as Prisma.InputJsonValue,
      assignedBy: ctx.principal.subject,
    },
  });
  await emit({
    kind: "skill.assigned",
    subjects: [`agent:${a.agent.id}`, `skill:${a.skill.id}`],
    payload: { assignmentId: assignment.id, skillVersion: assignment.skillVersion, priority: a.priority, ...a.cause },
  });
  return assignment;
}

export async function assignSkill(ctx: Context, input: AssignSkillInput): Promise<AssignmentResult> {
  const config = checkJsonObject(input.config ?? {}, "input.config");
  const taken = `Agent "${input.agentId}" already holds skill "${input.skillId}"`;
  return uniqueOrConflict(
    runChange(ctx, async (scope) => {
      const { tx } = scope;
      const agent = await requireAgent(tx, ctx.tenantId, input.agentId, "input.agentId");
      checkAgentReceives(agent, "input.agentId");
      const skill = await requireSkill(tx, ctx.tenantId, input.skillId, "input.skillId");
      const warnings = [...grantWarnings(skill, "input.skillId"), ...(await heldBackWarnings(tx, ctx.tenantId, skill, null))];
      if (await findAssignment(tx, ctx.tenantId, agent.id, skill.id)) throw conflict(taken, "input.skillId");
      const assignment = await insertAssignment(ctx, scope, { agent, skill, priority: input.priority ?? 0, config });
      return { assignment, warnings };
    }),
    taken,
    "input.skillId",
  );
}

async function requireAssignment(tx: Tx, tenantId: string, agentId: string, skillId: string, field: string) {
  const assignment = await findAssignment(tx, tenantId, agentId, skillId);
  if (!assignment) {
    throw notFound("Assignment", `${agentId}/${skillId}`, field);
  }
  return assignment;
}

export async function unassignSkill(ctx: Context, skillId: string, agentId: string): Promise<boolean> {
  return runChange(ctx, async ({ tx, emit }) => {
    const assignment = await requireAssignment(tx, ctx.tenantId, agentId, skillId, "skillId");
    await tx.agentSkillAssignment.delete({ where: { tenantId_id: { tenantId: ctx.tenantId, id: assignment.id } } });
    await emit({
      kind: "skill.unassigned",
      subjects: [`agent:${agentId}`, `skill:${skillId}`],
      payload: { assignmentId: assignment.id, skillVersion: assignment.skillVersion },
    });
    return true;
  });
}

export async function updateSkillAssignment(ctx: Context, input: UpdateAssignmentInput): Promise<AssignmentResult> {
  const config = input.config != null ? checkJsonObject(input.config, "input.config") : undefined;
  return runChange(ctx, async ({ tx, emit }) => {
    const assignment = await requireAssignment(tx, ctx.tenantId, input.agentId, input.skillId, "input.skillId");
    const changed = (["enabled", "priority", "config"] as const).filter((k) => input[k] != null);
    if (changed.length === 0) return { assignment, warnings: [] };
    const updated = await tx.agentSkillAssignment.update({
      where: { tenantId_id: { tenantId: ctx.tenantId, id: assignment.id } },
      data: {
        enabled: input.enabled ?? undefined,
        priority: input.priority ?? undefined,
        config: config as Prisma.InputJsonValue | undefined,
      },
    });
    await emit({
      kind: "skill.assignment_updated",
      subjects: [`agent:${input.agentId}`, `skill:${input.skillId}`],
      payload: { assignmentId: assignment.id, changed, enabled: updated.enabled, priority: updated.priority },
    });
    return { assignment: updated, warnings: [] };
  });
}
