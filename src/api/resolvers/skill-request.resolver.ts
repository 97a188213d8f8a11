import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { AGENT } from "../auth-checker.js";
import { Agent, SkillRequest, SkillRequestStatus } from "../types/agents.types.js";
import { Skill } from "../types/catalog.types.js";
import * as requests from "../../services/skill-requests.service.js";
import type { SkillRequestRow } from "../../services/skill-requests.service.js";

@Resolver(() => SkillRequest)
export class SkillRequestResolver {
  @Authorized("skills:read", AGENT)
  @Query(() => [SkillRequest], { description: "Newest first." })
  skillRequests(
    @Ctx() ctx: Context,
    @Arg("status", () => SkillRequestStatus, { nullable: true }) status: SkillRequestStatus | null,
  ) {
    return requests.listSkillRequests(ctx, status);
  }

  @Authorized("skills:write", AGENT)
  @Mutation(() => SkillRequest)
  requestSkill(
    @Ctx() ctx: Context,
    @Arg("agentId", () => ID) agentId: string,
    @Arg("skillId", () => ID) skillId: string,
    @Arg("reason", () => String) reason: string,
  ) {
    return requests.requestSkill(ctx, agentId, skillId, reason);
  }

  @Authorized("skills:write")
  @Mutation(() => SkillRequest, { description: "Approving assigns the skill to the agent." })
  decideSkillRequest(
    @Ctx() ctx: Context,
    @Arg("id", () => ID) id: string,
    @Arg("approve", () => Boolean) approve: boolean,
    @Arg("note", () => String, { nullable: true }) note: string | null,
  ) {
    return requests.decideSkillRequest(ctx, id, approve, note);
  }

  @FieldResolver(() => Agent)
  agent(@Root() request: SkillRequestRow, @Ctx() ctx: Context) {
    return ctx.loaders.agent.load(request.agentId);
  }

  @FieldResolver(() => Skill)
  skill(@Root() request: SkillRequestRow, @Ctx() ctx: Context) {
    return ctx.loaders.skill.load(request.skillId);
  }
}
