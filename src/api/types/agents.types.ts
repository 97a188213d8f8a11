// Scaffolded from ../shared/contract/schema.graphql; descriptions are part of the contract.
import { Field, ObjectType, ID, Int, registerEnumType } from "type-graphql";
import { GraphQLDateTime, GraphQLJSONObject } from "graphql-scalars";
import { Skill } from "./catalog.types.js";
import { PageInfo, connectionType } from "./pagination.types.js";
import { AgentStatus, SkillRequestStatus } from "../../core/enums.js";
export { AgentStatus, SkillRequestStatus };

registerEnumType(AgentStatus, {
  name: "AgentStatus",
});

@ObjectType()
export class Agent {
  @Field(() => ID)
  id!: string;
  @Field(() => String)
  name!: string;
  @Field(() => AgentStatus)
  status!: AgentStatus;
  @Field(() => GraphQLDateTime)
  createdAt!: Date;
  @Field(() => String, { nullable: true })
  description?: string | null;
}

export const AgentConnection = connectionType("Agent", () => Agent);
export type AgentConnection = InstanceType<typeof AgentConnection>;

@ObjectType()
export class AgentSkillAssignment {
  @Field(() => ID)
  id!: string;
  @Field(() => Agent)
  agent!: Agent;
  @Field(() => Skill)
  skill!: Skill;
  @Field(() => String, { description: "Version resolved at assignment time." })
  skillVersion!: string;
  @Field(() => Boolean)
  enabled!: boolean;
  @Field(() => Int, { description: "Higher is more likely to be used." })
  priority!: number;
  @Field(() => GraphQLJSONObject)
  config!: Record<string, unknown>;
  @Field(() => GraphQLDateTime)
  assignedAt!: Date;
  @Field(() => String, { nullable: true })
  assignedBy?: string | null;
}

export const AgentSkillAssignmentConnection = connectionType("AgentSkillAssignment", () => AgentSkillAssignment);
export type AgentSkillAssignmentConnection = InstanceType<typeof AgentSkillAssignmentConnection>;

registerEnumType(SkillRequestStatus, {
  name: "SkillRequestStatus",
});

@ObjectType({ description: "A human-in-the-loop request by an agent for a skill it lacks (the skill_request tool)." })
export class SkillRequest {
  @Field(() => ID)
  id!: string;
  @Field(() => Agent)
  agent!: Agent;
  @Field(() => Skill)
  skill!: Skill;
  @Field(() => String)
  reason!: string;
  @Field(() => SkillRequestStatus)
  status!: SkillRequestStatus;
  @Field(() => String, { nullable: true })
  decidedBy?: string | null;
  @Field(() => GraphQLDateTime, { nullable: true })
  decidedAt?: Date | null;
  @Field(() => String, { nullable: true })
  decisionNote?: string | null;
  @Field(() => GraphQLDateTime)
  createdAt!: Date;
}
