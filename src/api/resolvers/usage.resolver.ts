import { Arg, Authorized, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { AGENT } from "../auth-checker.js";
import { Skill } from "../types/catalog.types.js";
import { Agent } from "../types/agents.types.js";
import { User } from "../types/directory.types.js";
import {
  ActorUsageRank, ReportUsagePayload, SkillUsage, SkillUsageRank, UnusedEntitlement, UsageActorKind, UsageEventInput, UsageOrder, UsageWindowInput,
} from "../types/usage.types.js";
import * as usage from "../../services/usage.service.js";
import * as queries from "../../services/usage-queries.service.js";

@Resolver(() => SkillUsage)
export class UsageResolver {
  @Authorized("skills:write", AGENT)
  @Mutation(() => ReportUsagePayload, {
    description:
      "Platforms report uses of skills, at most 1000 events a call (else BAD_USER_INPUT), idempotent by clientEventId. An agent token may report its own uses only (FORBIDDEN).",
  })
  reportUsage(@Ctx() ctx: Context, @Arg("events", () => [UsageEventInput]) events: UsageEventInput[]) {
    return usage.reportUsage(ctx, events);
  }

  @Authorized("skills:read")
  @Query(() => SkillUsage, { description: "One skill's use over a window. Agents cannot read usage (FORBIDDEN)." })
  skillUsage(
    @Ctx() ctx: Context,
    @Arg("skillId", () => ID) skillId: string,
    @Arg("window", () => UsageWindowInput) window: UsageWindowInput,
  ) {
    return queries.skillUsage(ctx, skillId, window);
  }

  @Authorized("skills:read")
  @Query(() => [SkillUsageRank], { description: "The most used skills over a window; first is 1–100. Ties by skill id." })
  topSkills(
    @Ctx() ctx: Context,
    @Arg("window", () => UsageWindowInput) window: UsageWindowInput,
    @Arg("first", () => Int, { defaultValue: 10 }) first: number,
    @Arg("orderBy", () => UsageOrder, { defaultValue: UsageOrder.INVOCATIONS }) orderBy: UsageOrder,
  ) {
    return queries.topSkills(ctx, window, first, orderBy);
  }

  @Authorized("skills:read")
  @Query(() => [ActorUsageRank], { description:
      "The heaviest users or agents over a window; first is 1–100. Ties by id. Windows of 7, 30, 90 or 365 days ending today are answered from a ranking recomputed every 10 minutes (at most 30 minutes old); other windows are computed live.",
  })
  topUsageActors(
    @Ctx() ctx: Context,
    @Arg("kind", () => UsageActorKind) kind: UsageActorKind,
    @Arg("window", () => UsageWindowInput) window: UsageWindowInput,
    @Arg("first", () => Int, { defaultValue: 10 }) first: number,
    @Arg("orderBy", () => UsageOrder, { defaultValue: UsageOrder.INVOCATIONS }) orderBy: UsageOrder,
  ) {
    return queries.topActors(ctx, kind, window, first, orderBy);
  }

  @Authorized("skills:read")
  @Query(() => [UnusedEntitlement], {
    description:
      "Skills effective for at least minEntitledUsers users (or assigned to an agent) whose active users and agents over the last `days` days (1–366) are at most maxActiveShare of those offered it; most idle offers first.",
  })
  unusedEntitlements(
    @Ctx() ctx: Context,
    @Arg("days", () => Int, { defaultValue: 30 }) days: number,
    @Arg("minEntitledUsers", () => Int, { defaultValue: 1 }) minEntitledUsers: number,
    @Arg("maxActiveShare", () => Float, { defaultValue: 0.1 }) maxActiveShare: number,
    @Arg("first", () => Int, { defaultValue: 50 }) first: number,
  ) {
    return queries.unusedEntitlements(ctx, { days, minEntitledUsers, maxActiveShare, first });
  }

  @FieldResolver(() => Skill)
  skill(@Root() row: { skillId: string }, @Ctx() ctx: Context) {
    return ctx.loaders.skill.load(row.skillId);
  }
}

@Resolver(() => SkillUsageRank)
export class SkillUsageRankResolver {
  @FieldResolver(() => Skill)
  skill(@Root() row: { skillId: string }, @Ctx() ctx: Context) {
    return ctx.loaders.skill.load(row.skillId);
  }
}

@Resolver(() => UnusedEntitlement)
export class UnusedEntitlementResolver {
  @FieldResolver(() => Skill)
  skill(@Root() row: { skillId: string }, @Ctx() ctx: Context) {
    return ctx.loaders.skill.load(row.skillId);
  }
}

@Resolver(() => ActorUsageRank)
export class ActorUsageRankResolver {
  @FieldResolver(() => UsageActorKind)
  kind(@Root() row: queries.ActorUsageRank) {
    return row.actorKind;
  }

  @FieldResolver(() => User, { nullable: true })
  user(@Root() row: queries.ActorUsageRank, @Ctx() ctx: Context) {
    return row.actorKind === "USER" ? ctx.loaders.user.load(row.actorId) : null;
  }

  @FieldResolver(() => Agent, { nullable: true })
  agent(@Root() row: queries.ActorUsageRank, @Ctx() ctx: Context) {
    return row.actorKind === "AGENT" ? ctx.loaders.agent.load(row.actorId) : null;
  }
}
