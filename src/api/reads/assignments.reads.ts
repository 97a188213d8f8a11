// Reads of the GraphQL edge for assignments: an agent's skills and a skill's
// agents, paged over the batch the loaders read (one statement per level).
import { pageInMemory, type ConnectionArgs } from "../../core/paging.js";
import { assignmentOrderByAgent, assignmentOrderBySkill } from "../../services/assignments.service.js";
import type { Context } from "../context.js";
import { JOINED_AGENT } from "../../db/hot-reads.js";
import type { AgentRow } from "../../services/agents.service.js";

export async function agentAssignments(ctx: Context, agentId: string, args: ConnectionArgs) {
  return pageInMemory(await ctx.loaders.assignmentsByAgent.load(agentId), args, assignmentOrderByAgent, (a) => a);
}

/**
 * A skill's assignments, a page of them. `withAgents` (the selection asks for each
 * node's agent) reads them joined with their agents and hands each agent of the page
 * to the agent loader, so the agents cost no second statement.
 */
export async function skillAssignments(ctx: Context, skillId: string, args: ConnectionArgs, withAgents = false) {
  if (!withAgents) return pageInMemory(await ctx.loaders.assignmentsBySkill.load(skillId), args, assignmentOrderBySkill, (a) => a);
  const agents = ctx.loaders.agent;
  return pageInMemory(await ctx.loaders.assignmentsBySkillWithAgent.load(skillId), args, assignmentOrderBySkill, (a) => {
    const agent = a[JOINED_AGENT];
    if (agent) agents.prime(a.agentId, agent as AgentRow);
    return a;
  });
}
