// Usage (issue 12): offered versus used. Token and cost sums are Float: a
// tenant's sums outgrow GraphQL's 32-bit Int.
import { Field, Float, InputType, Int, ObjectType, ID, registerEnumType } from "type-graphql";
import { GraphQLDateTime } from "graphql-scalars";
import { Skill } from "./catalog.types.js";
import { Agent } from "./agents.types.js";
import { User } from "./directory.types.js";

export enum UsageActorKind {
  USER = "USER",
  AGENT = "AGENT",
}
registerEnumType(UsageActorKind, { name: "UsageActorKind" });

export enum UsageOrder {
  INVOCATIONS = "INVOCATIONS",
  TOKENS = "TOKENS",
  COST_USD = "COST_USD",
}
registerEnumType(UsageOrder, {
  name: "UsageOrder",
  valuesConfig: { TOKENS: { description: "Input plus output tokens." } },
});

@InputType({ description: "Whole UTC days from since's day to until's day, both included; at most 366 days (else BAD_USER_INPUT)." })
export class UsageWindowInput {
  @Field(() => GraphQLDateTime)
  since!: Date;
  @Field(() => GraphQLDateTime, { nullable: true, description: "Defaults to now." })
  until?: Date | null;
}

@InputType({ description: "One use of a skill reported by a platform." })
export class UsageEventInput {
  @Field(() => String, { description: "The platform's own id for the event (1–128 characters): reporting it again is a no-op." })
  clientEventId!: string;
  @Field(() => ID, { nullable: true, description: "Exactly one of userId and agentId (else BAD_USER_INPUT); it must exist in the tenant." })
  userId?: string | null;
  @Field(() => ID, { nullable: true })
  agentId?: string | null;
  @Field(() => ID)
  skillId!: string;
  @Field(() => String, { nullable: true })
  skillVersion?: string | null;
  @Field(() => GraphQLDateTime, { description: "Not in the future, not before the usage retention window." })
  occurredAt!: Date;
  @Field(() => Int, { nullable: true })
  latencyMs?: number | null;
  @Field(() => Int, { nullable: true })
  inputTokens?: number | null;
  @Field(() => Int, { nullable: true })
  outputTokens?: number | null;
  @Field(() => Float, { nullable: true })
  costUsd?: number | null;
}

@ObjectType()
export class ReportUsagePayload {
  @Field(() => Int, { description: "Events stored now." })
  accepted!: number;
  @Field(() => Int, { description: "Events whose clientEventId was already stored (or repeated in this batch)." })
  duplicates!: number;
}

@ObjectType()
export class UsageDay {
  @Field(() => GraphQLDateTime, { description: "The day's start (00:00 UTC)." })
  date!: Date;
  @Field(() => Int)
  invocations!: number;
  @Field(() => Float)
  inputTokens!: number;
  @Field(() => Float)
  outputTokens!: number;
  @Field(() => Float)
  costUsd!: number;
}

@ObjectType({ description: "One skill's use over a window." })
export class SkillUsage {
  @Field(() => Skill)
  skill!: Skill;
  @Field(() => GraphQLDateTime)
  since!: Date;
  @Field(() => GraphQLDateTime, { description: "Start of the window's last day." })
  until!: Date;
  @Field(() => Int)
  invocations!: number;
  @Field(() => Int, { description: "Distinct users with at least one use in the window (exact)." })
  distinctUsers!: number;
  @Field(() => Int, { description: "Distinct agents with at least one use in the window (exact)." })
  distinctAgents!: number;
  @Field(() => Float)
  inputTokens!: number;
  @Field(() => Float)
  outputTokens!: number;
  @Field(() => Float)
  costUsd!: number;
  @Field(() => Float, { nullable: true, description: "Median latency of the uses that reported one, within about 9% (log-scaled histogram); null if none did." })
  latencyP50Ms?: number | null;
  @Field(() => [UsageDay], { description: "Days with at least one use, oldest first." })
  daily!: UsageDay[];
}

@ObjectType()
export class SkillUsageRank {
  @Field(() => Skill)
  skill!: Skill;
  @Field(() => Int)
  invocations!: number;
  @Field(() => Float)
  inputTokens!: number;
  @Field(() => Float)
  outputTokens!: number;
  @Field(() => Float)
  costUsd!: number;
}

@ObjectType()
export class ActorUsageRank {
  @Field(() => UsageActorKind)
  kind!: UsageActorKind;
  @Field(() => ID, { description: "The user's or agent's id." })
  actorId!: string;
  @Field(() => User, { nullable: true, description: "The user, for kind USER (null once deleted)." })
  user?: User | null;
  @Field(() => Agent, { nullable: true, description: "The agent, for kind AGENT." })
  agent?: Agent | null;
  @Field(() => Int)
  invocations!: number;
  @Field(() => Float)
  inputTokens!: number;
  @Field(() => Float)
  outputTokens!: number;
  @Field(() => Float)
  costUsd!: number;
}

@ObjectType({ description: "A skill offered to many and used by few: prune candidates." })
export class UnusedEntitlement {
  @Field(() => Skill)
  skill!: Skill;
  @Field(() => Int, { description: "Users for whom the skill is effective now." })
  entitledUsers!: number;
  @Field(() => Int, { description: "Users with at least one use in the last `days` days." })
  activeUsers!: number;
  @Field(() => Int, { description: "Agents holding an enabled assignment of it." })
  assignedAgents!: number;
  @Field(() => Int, { description: "Agents with at least one use in the last `days` days." })
  activeAgents!: number;
  @Field(() => Int, { description: "Uses in the last `days` days." })
  invocations!: number;
}
