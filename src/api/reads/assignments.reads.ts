// Reads of the GraphQL edge for assignments: an agent's skills and a skill's
// agents, paged over the batch the loaders read (one statement per level).
import { pageInMemory, type ConnectionArgs } from "../../core/paging.js";
import { assignmentOrderByAgent, assignmentOrderBySkill } from "../../services/assignments.service.js";
import type { Context } from "../context.js";

export async function agentAssignments(ctx: Context, agentId: string, args: ConnectionArgs) {
  return pageInMemory(await ctx.loaders.assignmentsByAgent.load(agentId), args, assignmentOrderByAgent, (a) => a);
}

export async function skillAssignments(ctx: Context, skillId: string, args: ConnectionArgs) {
  return pageInMemory(await ctx.loaders.assignmentsBySkill.load(skillId), args, assignmentOrderBySkill, (a) => a);
}
