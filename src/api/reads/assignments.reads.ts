// Reads of the GraphQL edge for assignments: an agent's skills and a skill's
// agents, paged over the batch the loaders read (one statement per level).
import { pageInMemory, type ConnectionArgs } from "../../core/paging.js";
import { assignmentOrderByAgent, assignmentOrderBySkill } from "../../services/assignments.service.js";
import type { Context } from "../context.js";

export async function agentAssignments(ctx: Context, agentId: string, args: ConnectionArgs) {
  return pageInMemory(await ctx.loaders.assignmentsByAgent.load(agentId), args, assignmentOrderByAgent, (a) => a);
}

/**
 * A skill's assignments, a page of them. `withAgents` (the selection asks for each
 * node's agent) reads them joined with their agents: each row carries its agent under
 * JOINED_AGENT, which AgentSkillAssignment.agent answers from, so the agents cost no
 * second statement.
 */
export async function skillAssignments(ctx: Context, skillId: string, args: ConnectionArgs, withAgents = false) {
  const rows = await (withAgents ? ctx.loaders.assignmentsBySkillWithAgent : ctx.loaders.assignmentsBySkill).load(skillId);
  return pageInMemory(rows, args, assignmentOrderBySkill, (a) => a);
}
