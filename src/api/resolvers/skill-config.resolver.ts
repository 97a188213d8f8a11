import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { ConnectionArgsType } from "../types/connection-args.js";
import { Skill } from "../types/catalog.types.js";
import { ConfigScope, SkillConfig, SkillConfigConnection } from "../types/skill-config.types.js";
import { Group } from "../types/directory.types.js";
import { CreateSkillConfigInput, UpdateSkillConfigInput } from "../types/inputs.types.js";
import * as configs from "../../services/skill-configs.service.js";
import type { SkillConfigRow } from "../../services/skill-configs.service.js";

@Resolver(() => SkillConfig)
export class SkillConfigResolver {
  @Authorized("skills:read")
  @Query(() => SkillConfig, { nullable: true })
  skillConfig(@Ctx() ctx: Context, @Arg("id", () => ID) id: string) {
    return configs.getSkillConfig(ctx, id);
  }

  @Authorized("skills:read")
  @Query(() => SkillConfigConnection, { description: "Ordered by id." })
  skillConfigs(
    @Ctx() ctx: Context,
    @Arg("skillId", () => ID, { nullable: true }) skillId: string | null,
    @Arg("scope", () => ConfigScope, { nullable: true }) scope: ConfigScope | null,
    @Arg("teamId", () => ID, { nullable: true }) teamId: string | null,
    @Args(() => ConnectionArgsType) page: ConnectionArgsType,
  ) {
    return configs.listSkillConfigs(ctx, { skillId, scope, teamId }, page);
  }

  @Authorized("skills:write")
  @Mutation(() => SkillConfig)
  createSkillConfig(@Ctx() ctx: Context, @Arg("input", () => CreateSkillConfigInput) input: CreateSkillConfigInput) {
    return configs.createSkillConfig(ctx, input);
  }

  @Authorized("skills:write")
  @Mutation(() => SkillConfig)
  updateSkillConfig(@Ctx() ctx: Context, @Arg("input", () => UpdateSkillConfigInput) input: UpdateSkillConfigInput) {
    return configs.updateSkillConfig(ctx, input);
  }

  @Authorized("skills:write")
  @Mutation(() => Boolean)
  deleteSkillConfig(@Ctx() ctx: Context, @Arg("id", () => ID) id: string) {
    return configs.deleteSkillConfig(ctx, id);
  }

  @FieldResolver(() => Skill)
  skill(@Root() config: SkillConfigRow, @Ctx() ctx: Context) {
    return ctx.loaders.skill.load(config.skillId);
  }

  @FieldResolver(() => Group, { nullable: true, description: "The team group, when scope is TEAM." })
  team(@Root() config: SkillConfigRow, @Ctx() ctx: Context) {
    return config.teamId ? ctx.loaders.group.load(config.teamId) : null;
  }
}
