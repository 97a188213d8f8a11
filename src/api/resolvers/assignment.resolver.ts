import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { Agent, AgentSkillAssignment } from "../types/agents.types.js";
import { Skill } from "../types/catalog.types.js";
import { AssignSkillInput, UpdateAssignmentInput } from "../types/inputs.types.js";
import { AssignmentPayload } from "../types/payloads.types.js";
import * as assignments from "../../services/assignments.service.js";
import type { AssignmentRow } from "../../services/assignments.service.js";
import type { AgentRow } from "../../services/agents.service.js";
import { JOINED_AGENT } from "../../db/hot-reads.js";

@Resolver(() => AgentSkillAssignment)
export class AssignmentResolver {
  @Authorized("skills:write")
  @Mutation(() => AssignmentPayload, { description: "CONFLICT when already assigned; SKILL_NOT_GRANTABLE for DRAFT or ARCHIVED skills." })
  assignSkill(@Ctx() ctx: Context, @Arg("input", () => AssignSkillInput) input: AssignSkillInput) {
    return assignments.assignSkill(ctx, input);
  }

  @Authorized("skills:write")
  @Mutation(() => Boolean)
  unassignSkill(@Ctx() ctx: Context, @Arg("skillId", () => ID) skillId: string, @Arg("agentId", () => ID) agentId: string) {
    return assignments.unassignSkill(ctx, skillId, agentId);
  }

  @Authorized("skills:write")
  @Mutation(() => AssignmentPayload)
  updateSkillAssignment(@Ctx() ctx: Context, @Arg("input", () => UpdateAssignmentInput) input: UpdateAssignmentInput) {
    return assignments.updateSkillAssignment(ctx, input);
  }

  @FieldResolver(() => Agent)
  agent(@Root() assignment: AssignmentRow & { [JOINED_AGENT]?: AgentRow | null }, @Ctx() ctx: Context) {
    // Read joined with the assignment (Skill.assignedAgents): answered at once, so graphql-js
    // completes the assignment without a promise; otherwise, or if the agent is gone, the loader.
    return assignment[JOINED_AGENT] ?? ctx.loaders.agent.load(assignment.agentId);
  }

  @FieldResolver(() => Skill)
  skill(@Root() assignment: AssignmentRow, @Ctx() ctx: Context) {
    return ctx.loaders.skill.load(assignment.skillId);
  }
}
