// Scaffolded from ../shared/contract/schema.graphql; descriptions are part of the contract.
import { Field, InputType, ID, Int } from "type-graphql";
import { GraphQLDateTime, GraphQLJSONObject } from "graphql-scalars";
import { AgentStatus } from "./agents.types.js";
import { SkillLifecycle, SkillSource } from "./catalog.types.js";
import { ConfigScope } from "../../core/enums.js";
import { PublishJobStatus, PublishScope } from "./distribution.types.js";
import { CoworkMergeMode } from "./payloads.types.js";

@InputType()
export class SkillFilter {
  @Field(() => String, { nullable: true })
  category?: string | null;
  @Field(() => [SkillLifecycle], { nullable: true, description: "Default: every state but DELETED." })
  lifecycle?: SkillLifecycle[] | null;
  @Field(() => [SkillSource], { nullable: true })
  source?: SkillSource[] | null;
  @Field(() => ID, { nullable: true })
  repositoryId?: string | null;
  @Field(() => String, { nullable: true })
  publisher?: string | null;
  @Field(() => String, { nullable: true, description: "Case-insensitive match on id, name and description." })
  search?: string | null;
}

@InputType()
export class DistributionPlatformInput {
  @Field(() => ID)
  id!: string;
  @Field(() => String)
  name!: string;
  @Field(() => Boolean, { nullable: true, defaultValue: true })
  enabled?: boolean | null;
  @Field(() => String, { description: "FILE or WEBHOOK; anything else is BAD_USER_INPUT." })
  delivery!: string;
  @Field(() => String, { description: "FILE: a folder name inside the gateway's publish directory (a path that leaves it is\nBAD_USER_INPUT). WEBHOOK: an http(s) URL whose host the gateway's configuration allows." })
  target!: string;
  @Field(() => String, { nullable: true, description: "WEBHOOK signing secret; write-only, never returned." })
  secret?: string | null;
}

@InputType()
export class PublishJobFilter {
  @Field(() => [PublishJobStatus], { nullable: true })
  status?: PublishJobStatus[] | null;
  @Field(() => ID, { nullable: true })
  platformId?: string | null;
  @Field(() => PublishScope, { nullable: true })
  scope?: PublishScope | null;
  @Field(() => ID, { nullable: true })
  scopeId?: string | null;
}

@InputType()
export class GovernanceEventFilter {
  @Field(() => [String], { nullable: true })
  kinds?: string[] | null;
  @Field(() => String, { nullable: true, description: "Only events whose subjects include this, e.g. user:user:marco.mazzolin@dainese.it." })
  subject?: string | null;
  @Field(() => GraphQLDateTime, { nullable: true })
  since?: Date | null;
}

@InputType()
export class ReferenceFileInput {
  @Field(() => String)
  filename!: string;
  @Field(() => String)
  content!: string;
}

@InputType()
export class CreateSkillInput {
  @Field(() => ID, { nullable: true, description: "Omit to derive it from the name." })
  id?: string | null;
  @Field(() => String)
  name!: string;
  @Field(() => String, { nullable: true })
  description?: string | null;
  @Field(() => String, { nullable: true })
  category?: string | null;
  @Field(() => String)
  instructions!: string;
  @Field(() => [ReferenceFileInput], { nullable: true })
  references?: ReferenceFileInput[] | null;
  @Field(() => [String], { nullable: true })
  scripts?: string[] | null;
  @Field(() => [String], { nullable: true })
  toolIds?: string[] | null;
  @Field(() => GraphQLJSONObject, { nullable: true })
  metadata?: Record<string, unknown> | null;
  @Field(() => String, { nullable: true, description: "Starts at 1.0.0 when omitted." })
  version?: string | null;
}

@InputType()
export class UpdateSkillInput {
  @Field(() => ID)
  id!: string;
  @Field(() => String, { nullable: true })
  name?: string | null;
  @Field(() => String, { nullable: true })
  description?: string | null;
  @Field(() => String, { nullable: true })
  category?: string | null;
  @Field(() => String, { nullable: true, description: "Changing instructions, references or scripts edits the draft variation." })
  instructions?: string | null;
  @Field(() => [ReferenceFileInput], { nullable: true })
  references?: ReferenceFileInput[] | null;
  @Field(() => [String], { nullable: true })
  scripts?: string[] | null;
  @Field(() => [String], { nullable: true })
  toolIds?: string[] | null;
  @Field(() => GraphQLJSONObject, { nullable: true })
  metadata?: Record<string, unknown> | null;
}

@InputType()
export class CreateSkillConfigInput {
  @Field(() => ID)
  skillId!: string;
  @Field(() => ConfigScope)
  scope!: ConfigScope;
  @Field(() => ID, { nullable: true })
  teamId?: string | null;
  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;
  @Field(() => String, { nullable: true })
  pinnedVersion?: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true })
  settings?: Record<string, unknown> | null;
}

@InputType()
export class UpdateSkillConfigInput {
  @Field(() => ID)
  id!: string;
  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;
  @Field(() => String, { nullable: true })
  pinnedVersion?: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true })
  settings?: Record<string, unknown> | null;
}

@InputType()
export class CreateRepositoryInput {
  @Field(() => ID, { nullable: true })
  id?: string | null;
  @Field(() => String)
  name!: string;
  @Field(() => String)
  location!: string;
}

@InputType()
export class AssignSkillInput {
  @Field(() => ID)
  skillId!: string;
  @Field(() => ID)
  agentId!: string;
  @Field(() => Int, { nullable: true })
  priority?: number | null;
  @Field(() => GraphQLJSONObject, { nullable: true })
  config?: Record<string, unknown> | null;
}

@InputType()
export class UpdateAssignmentInput {
  @Field(() => ID)
  skillId!: string;
  @Field(() => ID)
  agentId!: string;
  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;
  @Field(() => Int, { nullable: true })
  priority?: number | null;
  @Field(() => GraphQLJSONObject, { nullable: true })
  config?: Record<string, unknown> | null;
}

@InputType()
export class CreateAgentInput {
  @Field(() => ID, { nullable: true })
  id?: string | null;
  @Field(() => String)
  name!: string;
}

@InputType()
export class UpdateAgentInput {
  @Field(() => ID)
  id!: string;
  @Field(() => String, { nullable: true })
  name?: string | null;
  @Field(() => AgentStatus, { nullable: true })
  status?: AgentStatus | null;
  @Field(() => String, { nullable: true, description: "Omitted: unchanged; empty: cleared." })
  description?: string | null;
}

@InputType()
export class UpsertUserInput {
  @Field(() => ID)
  id!: string;
  @Field(() => String)
  email!: string;
  @Field(() => String, { nullable: true })
  displayName?: string | null;
  @Field(() => ID, { nullable: true })
  archetypeId?: string | null;
  @Field(() => [ID], { nullable: true })
  groupIds?: string[] | null;
  @Field(() => [ID], { nullable: true })
  roleIds?: string[] | null;
}

@InputType()
export class CreateGroupInput {
  @Field(() => ID)
  id!: string;
  @Field(() => String)
  name!: string;
}

@InputType()
export class CreateArchetypeInput {
  @Field(() => ID)
  id!: string;
  @Field(() => String)
  name!: string;
  @Field(() => [ID], { nullable: true })
  skillIds?: string[] | null;
}

@InputType()
export class CreateRoleInput {
  @Field(() => ID)
  id!: string;
  @Field(() => String)
  name!: string;
  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType()
export class RoleSkillInput {
  @Field(() => ID)
  skillId!: string;
  @Field(() => ID, { nullable: true })
  repositoryId?: string | null;
}

@InputType()
export class CoworkSkillInput {
  @Field(() => ID)
  skillId!: string;
  @Field(() => String, { nullable: true, description: "Defaults to the skill's currentVersion." })
  skillVersion?: string | null;
}

@InputType()
export class CreateCoworkInput {
  @Field(() => ID)
  id!: string;
  @Field(() => String)
  name!: string;
  @Field(() => [CoworkSkillInput])
  skills!: CoworkSkillInput[];
}

@InputType()
export class ApplyCoworkInput {
  @Field(() => ID)
  coworkId!: string;
  @Field(() => [ID])
  scopeArchetypes!: string[];
  @Field(() => CoworkMergeMode)
  mergeMode!: CoworkMergeMode;
  @Field(() => ID, { nullable: true })
  pilotGroupId?: string | null;
}

@InputType()
export class GrantSkillInput {
  @Field(() => ID)
  userId!: string;
  @Field(() => ID)
  skillId!: string;
  @Field(() => String)
  reason!: string;
  @Field(() => GraphQLDateTime, { nullable: true, description: "Strongly advised; must lie in the future." })
  expiresAt?: Date | null;
}

@InputType()
export class RepublishInput {
  @Field(() => PublishScope)
  scope!: PublishScope;
  @Field(() => ID, { nullable: true })
  scopeId?: string | null;
  @Field(() => [ID], { nullable: true, description: "Platform ids; all enabled platforms when omitted." })
  platforms?: string[] | null;
}
