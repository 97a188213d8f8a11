import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { AGENT } from "../auth-checker.js";
import { agentAssignments } from "../reads/assignments.reads.js";
import { ConnectionArgsType } from "../types/connection-args.js";
import { Agent, AgentConnection, AgentSkillAssignmentConnection, AgentStatus } from "../types/agents.types.js";
import { CreateAgentInput, UpdateAgentInput } from "../types/inputs.types.js";
import * as agents from "../../services/agents.service.js";
import * as agentsReads from "../reads/agents.reads.js";
import type { AgentRow } from "../../services/agents.service.js";

@Resolver(() => Agent)
export class AgentResolver {
  @Authorized("skills:read", AGENT)
  @Query(() => Agent, { nullable: true })
  agent(@Ctx() ctx: Context, @Arg("id", () => ID) id: string) {
    return agentsReads.getAgent(ctx, id);
  }

  @Authorized("skills:read", AGENT)
  @Query(() => AgentConnection)
  agents(
    @Ctx() ctx: Context,
    @Arg("status", () => AgentStatus, { nullable: true }) status: AgentStatus | null,
    @Args(() => ConnectionArgsType) page: ConnectionArgsType,
  ) {
    return agentsReads.listAgents(ctx, status, page);
  }

  @Authorized("skills:write")
  @Mutation(() => Agent)
  createAgent(@Ctx() ctx: Context, @Arg("input", () => CreateAgentInput) input: CreateAgentInput) {
    return agents.createAgent(ctx, input);
  }

  @Authorized("skills:write")
  @Mutation(() => Agent)
  updateAgent(@Ctx() ctx: Context, @Arg("input", () => UpdateAgentInput) input: UpdateAgentInput) {
    return agents.updateAgent(ctx, input);
  }

  @FieldResolver(() => AgentSkillAssignmentConnection, { description: "Ordered by priority descending, then skill id." })
  async skills(@Root() agent: AgentRow, @Ctx() ctx: Context, @Args(() => ConnectionArgsType) page: ConnectionArgsType) {
    return agentAssignments(ctx, agent.id, page);
  }
}
