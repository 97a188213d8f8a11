// The entitlement side of User and Skill, and the provenance types.
import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Resolver, Root } from "type-graphql";
import { selectsOnly } from "../selection.js";
import type { Context } from "../context.js";
import { ConnectionArgsType } from "../types/connection-args.js";
import { Repository, Skill } from "../types/catalog.types.js";
import {
  Archetype,
  BlockedSkill,
  EffectiveSkill,
  EffectiveSkillConnection,
  EntitlementExplanation,
  EntitlementSource,
  Group,
  Role,
  User,
  UserConnection,
  UserGrant,
} from "../types/directory.types.js";
import type { BlockedEntry, EffectiveEntry, Explanation, SourceRef } from "../../entitlements/resolve.js";
import type { SkillRow } from "../../catalog/store.js";
import * as entitlements from "../../services/user-entitlements.service.js";
import * as entitlementsReads from "../reads/user-entitlements.reads.js";

type UserRow = { id: string };

@Resolver(() => User)
export class UserEntitlementsResolver {
  @FieldResolver(() => EffectiveSkillConnection)
  effectiveSkills(
    @Root() user: UserRow,
    @Ctx() ctx: Context,
    @Args(() => ConnectionArgsType) page: ConnectionArgsType,
    @Info() info: GraphQLResolveInfo,
  ) {
    return entitlementsReads.effectiveSkills(ctx, user.id, page, entitlementsReads.countsOnly(info.fieldNodes));
  }

  @FieldResolver(() => [BlockedSkill], { description: "Skills that a group of the user blocks, ordered by skill id." })
  blockedSkills(@Root() user: UserRow, @Ctx() ctx: Context) {
    return entitlementsReads.blockedSkills(ctx, user.id);
  }

  @FieldResolver(() => EntitlementExplanation)
  explainSkill(@Root() user: UserRow, @Ctx() ctx: Context, @Arg("skillId", () => ID) skillId: string) {
    return entitlementsReads.explainUserSkill(ctx, user.id, skillId);
  }
}

@Resolver(() => Skill)
export class SkillEntitlementsResolver {
  @Authorized("skills:read")
  @FieldResolver(() => UserConnection, {
    description: "Users for whom this skill is effective now, ordered by user id: the reverse of User.effectiveSkills.",
  })
  entitledUsers(@Root() skill: SkillRow, @Ctx() ctx: Context, @Args(() => ConnectionArgsType) page: ConnectionArgsType) {
    return entitlementsReads.entitledUsers(ctx, skill.id, page);
  }
}

/**
 * The skill of a stored entitlement row. Rows exist only for live skills of the
 * tenant (the engine rewrites them in the transaction that deletes a skill), so
 * a selection of the id alone, the picker's usual one, needs no read.
 */
function storedRowSkill(skillId: string, ctx: Context, info: GraphQLResolveInfo) {
  return selectsOnly(info, ["id"]) ? { id: skillId } : ctx.loaders.skill.load(skillId);
}

@Resolver(() => EffectiveSkill)
export class EffectiveSkillResolver {
  @FieldResolver(() => Skill)
  skill(@Root() e: EffectiveEntry, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return storedRowSkill(e.skillId, ctx, info);
  }
}

@Resolver(() => BlockedSkill)
export class BlockedSkillResolver {
  @FieldResolver(() => Skill)
  skill(@Root() b: BlockedEntry, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return storedRowSkill(b.skillId, ctx, info);
  }

  @FieldResolver(() => [Group])
  async groups(@Root() b: BlockedEntry, @Ctx() ctx: Context) {
    return (await ctx.loaders.group.loadMany(b.groupIds)).filter((g) => g && !(g instanceof Error));
  }
}

@Resolver(() => EntitlementExplanation)
export class ExplanationResolver {
  @FieldResolver(() => Skill)
  skill(@Root() x: Explanation, @Ctx() ctx: Context) {
    return ctx.loaders.skill.load(x.skillId);
  }

  @FieldResolver(() => [Group], { description: "Groups of the user that block it." })
  async blockedBy(@Root() x: Explanation, @Ctx() ctx: Context) {
    return (await ctx.loaders.group.loadMany(x.blockedBy)).filter((g) => g && !(g instanceof Error));
  }
}

@Resolver(() => EntitlementSource)
export class EntitlementSourceResolver {
  @FieldResolver(() => Archetype, { nullable: true })
  archetype(@Root() s: SourceRef, @Ctx() ctx: Context) {
    return s.kind === "ARCHETYPE" ? ctx.loaders.archetype.load(s.id) : null;
  }

  @FieldResolver(() => Group, { nullable: true })
  group(@Root() s: SourceRef, @Ctx() ctx: Context) {
    return s.kind === "GROUP" ? ctx.loaders.group.load(s.id) : null;
  }

  @FieldResolver(() => Role, { nullable: true })
  role(@Root() s: SourceRef, @Ctx() ctx: Context) {
    return s.kind === "ROLE" ? ctx.loaders.role.load(s.id) : null;
  }

  @FieldResolver(() => Repository, { nullable: true })
  repository(@Root() s: SourceRef, @Ctx() ctx: Context) {
    return s.kind === "ROLE" && s.repositoryId ? ctx.loaders.repository.load(s.repositoryId) : null;
  }

  @FieldResolver(() => UserGrant, { nullable: true })
  grant(@Root() s: SourceRef, @Ctx() ctx: Context) {
    return s.kind === "USER_GRANT" ? ctx.loaders.userGrant.load(s.id) : null;
  }
}
