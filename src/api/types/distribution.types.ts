// Scaffolded from ../shared/contract/schema.graphql; descriptions are part of the contract.
import { Field, ObjectType, ID, Int, Float, registerEnumType } from "type-graphql";
import { GraphQLDateTime, GraphQLJSONObject } from "graphql-scalars";
import { Skill } from "./catalog.types.js";
import { Archetype, User } from "./directory.types.js";
import { PageInfo, connectionType } from "./pagination.types.js";
import { PublishScope, PublishJobStatus, QuarantineMode } from "../../core/enums.js";
export { PublishScope, PublishJobStatus, QuarantineMode };

@ObjectType({ description: "An LLM platform whose pickers the Distribution Plane keeps up to date." })
export class DistributionPlatform {
  @Field(() => ID, { description: "e.g. anthropic-claude-enterprise, microsoft-copilot-m365" })
  id!: string;
  @Field(() => String)
  name!: string;
  @Field(() => Boolean)
  enabled!: boolean;
  @Field(() => String, { description: "How manifests are delivered: FILE (a folder) or WEBHOOK (signed HTTP POST)." })
  delivery!: string;
  @Field(() => String, { description: "FILE: folder name under the gateway's publish directory. WEBHOOK: the URL." })
  target!: string;
}

registerEnumType(PublishScope, {
  name: "PublishScope",
});

registerEnumType(PublishJobStatus, {
  name: "PublishJobStatus",
});

@ObjectType({ description: "One delivery of effective entitlements to one platform for one scope. Changes to\nthe same scope and platform coalesce into at most one QUEUED job." })
export class PublishJob {
  @Field(() => ID, { description: "pub_…" })
  id!: string;
  @Field(() => DistributionPlatform)
  platform!: DistributionPlatform;
  @Field(() => PublishScope)
  scope!: PublishScope;
  @Field(() => ID, { nullable: true, description: "Archetype, group or user id for those scopes; null for TENANT." })
  scopeId?: string | null;
  @Field(() => PublishJobStatus)
  status!: PublishJobStatus;
  @Field(() => String, { description: "What caused it: entitlement_change, manual_republish, grant_expiry, cowork_apply, …" })
  trigger!: string;
  @Field(() => Int)
  usersTotal!: number;
  @Field(() => Int)
  usersPublished!: number;
  @Field(() => Int)
  attempts!: number;
  @Field(() => String, { nullable: true })
  error?: string | null;
  @Field(() => GraphQLDateTime)
  createdAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true })
  startedAt?: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true })
  finishedAt?: Date | null;
  @Field(() => Float, { nullable: true, description: "Seconds from the change that caused it to finishedAt." })
  lagSeconds?: number | null;
}

export const PublishJobConnection = connectionType("PublishJob", () => PublishJob);
export type PublishJobConnection = InstanceType<typeof PublishJobConnection>;

@ObjectType({ description: "An audit record, written in the same transaction as the change it records." })
export class GovernanceEvent {
  @Field(() => ID, { description: "Monotonically increasing per tenant; usable as a resume cursor." })
  id!: string;
  @Field(() => String, { description: "skill.entitlement_changed, skill.grant_created, skill.grant_revoked,\nskill.grant_expired, skill.created, skill.updated, skill.deployed,\nskill.lifecycle_changed, skill.assigned, skill.unassigned,\nskill.assignment_updated, skill.request_created, skill.request_decided,\nskill.quarantined, cowork.applied, repository.synced, publish.job_succeeded,\npublish.job_failed, directory.changed" })
  kind!: string;
  @Field(() => String, { description: "Token subject of the caller, or system." })
  actor!: string;
  @Field(() => [String], { description: "Ids of the objects concerned, e.g. archetype:firmware_engineer, skill:steve.prd-review." })
  subjects!: string[];
  @Field(() => GraphQLJSONObject)
  payload!: Record<string, unknown>;
  @Field(() => GraphQLDateTime)
  occurredAt!: Date;
}

export const GovernanceEventConnection = connectionType("GovernanceEvent", () => GovernanceEvent);
export type GovernanceEventConnection = InstanceType<typeof GovernanceEventConnection>;

@ObjectType({ description: "Pushed to subscribers when users' effective skills change." })
export class EntitlementChange {
  @Field(() => User)
  user!: User;
  @Field(() => [Skill])
  added!: Skill[];
  @Field(() => [Skill])
  removed!: Skill[];
  @Field(() => GovernanceEvent, { description: "The governance event that caused it." })
  event!: GovernanceEvent;
}

registerEnumType(QuarantineMode, {
  name: "QuarantineMode",
  valuesConfig: {
    OFF: { description: "Scans run; nothing is held back." },
    WARN: { description: "FLAGGED skills stay effective; the finding is reported." },
    BLOCK: { description: "FLAGGED skills leave every effective set until cleared." },
  },
});

@ObjectType()
export class QuarantinePolicy {
  @Field(() => QuarantineMode)
  mode!: QuarantineMode;
  @Field(() => GraphQLDateTime)
  updatedAt!: Date;
}

@ObjectType()
export class ScanFinding {
  @Field(() => Skill)
  skill!: Skill;
  @Field(() => String)
  rule!: string;
  @Field(() => String)
  detail!: string;
}

@ObjectType()
export class ScanJob {
  @Field(() => ID)
  id!: string;
  @Field(() => PublishJobStatus)
  status!: PublishJobStatus;
  @Field(() => Int)
  skillsScanned!: number;
  @Field(() => [ScanFinding])
  findings!: ScanFinding[];
  @Field(() => GraphQLDateTime)
  createdAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true })
  finishedAt?: Date | null;
}
