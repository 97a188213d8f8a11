import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../context.js";
import { AGENT } from "../auth-checker.js";
import { isQuarantined } from "../../services/skill-rules.js";
import { ConnectionArgsType } from "../types/connection-args.js";
import {
  Repository,
  Skill,
  SkillConnection,
  SkillLifecycle,
  SkillVersion,
} from "../types/catalog.types.js";
import { AgentSkillAssignmentConnection } from "../types/agents.types.js";
import { CreateSkillInput, SkillFilter, UpdateSkillInput } from "../types/inputs.types.js";
import { SkillPayload } from "../types/payloads.types.js";
import type { SkillRow } from "../../catalog/store.js";
import * as skills from "../../services/skills.service.js";
import * as skillsReads from "../reads/skills.reads.js";
import { skillAssignments } from "../reads/assignments.reads.js";
import { reaches } from "../selection.js";

@Resolver(() => Skill)
export class SkillResolver {
  @Authorized("skills:read", AGENT)
  @Query(() => Skill, { nullable: true })
  skill(@Ctx() ctx: Context, @Arg("id", () => ID) id: string) {
    return skillsReads.getSkill(ctx, id);
  }

  @Authorized("skills:read", AGENT)
  @Query(() => SkillConnection, { description: "Ordered by id." })
  skills(
    @Ctx() ctx: Context,
    @Arg("filter", () => SkillFilter, { nullable: true }) filter: SkillFilter | null,
    @Args(() => ConnectionArgsType) page: ConnectionArgsType,
  ) {
    return skills.listSkills(ctx, filter, page);
  }

  @Authorized("skills:read", AGENT)
  @Query(() => [String], { description: "Distinct categories in use, sorted." })
  skillCategories(@Ctx() ctx: Context) {
    return skills.skillCategories(ctx);
  }

  @Authorized("skills:write")
  @Mutation(() => SkillPayload, { description: "Creates a DRAFT skill (source CUSTOM) with a draft variation." })
  createSkill(@Ctx() ctx: Context, @Arg("input", () => CreateSkillInput) input: CreateSkillInput) {
    return skills.createSkill(ctx, input);
  }

  @Authorized("skills:write")
  @Mutation(() => SkillPayload, { description: "Locked skills answer FORBIDDEN." })
  updateSkill(@Ctx() ctx: Context, @Arg("input", () => UpdateSkillInput) input: UpdateSkillInput) {
    return skills.updateSkill(ctx, input);
  }

  @Authorized("skills:write")
  @Mutation(() => SkillPayload, {
    description:
      "Publishes the draft as a new immutable version (bumping the patch number unless version is given) and makes the skill ACTIVE.",
  })
  deploySkill(
    @Ctx() ctx: Context,
    @Arg("id", () => ID) id: string,
    @Arg("version", () => String, { nullable: true }) version: string | null,
  ) {
    return skills.deploySkill(ctx, id, version);
  }

  @Authorized("skills:write")
  @Mutation(() => SkillPayload)
  setSkillLifecycle(
    @Ctx() ctx: Context,
    @Arg("id", () => ID) id: string,
    @Arg("lifecycle", () => SkillLifecycle) lifecycle: SkillLifecycle,
  ) {
    return skills.setSkillLifecycle(ctx, id, lifecycle);
  }

  @Authorized("skills:write")
  @Mutation(() => SkillPayload, {
    description: "Soft delete: lifecycle DELETED, deletedAt set, removed from every effective set and assignment list.",
  })
  deleteSkill(@Ctx() ctx: Context, @Arg("id", () => ID) id: string) {
    return skills.deleteSkill(ctx, id);
  }

  @FieldResolver(() => [SkillVersion], { description: "Newest first; the draft, if any, first of all." })
  versions(@Root() skill: SkillRow, @Ctx() ctx: Context) {
    return ctx.loaders.skillVersions.load(skill.id);
  }

  @FieldResolver(() => Repository, { nullable: true })
  repository(@Root() skill: SkillRow, @Ctx() ctx: Context) {
    return skill.repositoryId ? ctx.loaders.repository.load(skill.repositoryId) : null;
  }

  @FieldResolver(() => Boolean, { description: "True when the quarantine policy keeps this skill out of every effective set." })
  async quarantined(@Root() skill: SkillRow, @Ctx() ctx: Context) {
    if (skill.scanStatus !== "FLAGGED") return false;
    return isQuarantined(skill.scanStatus, (await ctx.loaders.tenant.load(ctx.tenantId))?.quarantineMode);
  }

  @Authorized("skills:read")
  @FieldResolver(() => AgentSkillAssignmentConnection, {
    description: "Agents holding an assignment of this skill, ordered by assignedAt then agent id.",
  })
  async assignedAgents(@Root() skill: SkillRow, @Ctx() ctx: Context, @Args(() => ConnectionArgsType) page: ConnectionArgsType, @Info() info: GraphQLResolveInfo) {
    return skillAssignments(ctx, skill.id, page, reaches(info, ["nodes", "agent"]) || reaches(info, ["edges", "node", "agent"]));
  }

  @Authorized("skills:read")
  @FieldResolver(() => Int)
  async assignedAgentsCount(@Root() skill: SkillRow, @Ctx() ctx: Context) {
    return (await ctx.loaders.assignmentsBySkill.load(skill.id)).length;
  }

  @Authorized("skills:read")
  @FieldResolver(() => Boolean, { description: "Whether the given agent holds an enabled assignment of this skill." })
  async isAssignedTo(@Root() skill: SkillRow, @Ctx() ctx: Context, @Arg("agentId", () => ID) agentId: string) {
    return (await ctx.loaders.assignmentsBySkill.load(skill.id)).some((a) => a.agentId === agentId && a.enabled);
  }
}
