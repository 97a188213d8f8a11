// Scaffolded from ../shared/contract/schema.graphql; descriptions are part of the contract.
import { Authorized, Field, ObjectType, ID, Int, registerEnumType } from "type-graphql";
import { GraphQLDateTime, GraphQLJSONObject } from "graphql-scalars";
import { PageInfo, connectionType } from "./pagination.types.js";
import { SkillSource, SkillLifecycle, ScanStatus, ConfigScope } from "../../core/enums.js";
export { SkillSource, SkillLifecycle, ScanStatus };

registerEnumType(SkillSource, {
  name: "SkillSource",
  description: "Where a catalog entry came from.",
  valuesConfig: {
    CUSTOM: { description: "Created in this tenant through the API." },
    STORE: { description: "Installed from a store listing (listingRef/listingVersion are set)." },
    DISCOVERED: { description: "Found by a repository sync; pruned when it disappears from the repository." },
    MANUAL: { description: "Added by hand to a repository; survives re-syncs." },
    TEMPLATE: { description: "Imported from a packaged template." },
  },
});

registerEnumType(SkillLifecycle, {
  name: "SkillLifecycle",
  description: "Lifecycle of a catalog entry.\nDRAFT: never deployed; cannot be granted or assigned (SKILL_NOT_GRANTABLE).\nACTIVE: deployed and grantable.\nDEPRECATED: still effective where already granted; granting or assigning it again\nsucceeds with a warning in the payload.\nARCHIVED: kept for history, not effective anywhere, cannot be granted.\nDELETED: soft-deleted (deletedAt set); hidden from lists unless asked for.",
});

registerEnumType(ScanStatus, {
  name: "ScanStatus",
});

@ObjectType()
export class ReferenceFile {
  @Field(() => String, { description: "File name inside the skill, e.g. ESCALATION-MATRIX.md." })
  filename!: string;
  @Field(() => String)
  content!: string;
}

@ObjectType({ description: "One immutable published version of a skill, or its pending draft." })
export class SkillVersion {
  @Field(() => String, { description: "Semantic version, e.g. 1.4.2." })
  version!: string;
  @Field(() => Boolean, { description: "True for the single pending draft variation, false for deployed versions." })
  isDraft!: boolean;
  // Content reaches an agent only through skillContent (its assignment, the quarantine, usage).
  @Authorized("skills:read")
  @Field(() => String, { description: "The SKILL.md body: the instructions an agent loads." })
  instructions!: string;
  @Authorized("skills:read")
  @Field(() => [ReferenceFile])
  references!: ReferenceFile[];
  @Field(() => [String])
  scripts!: string[];
  @Field(() => GraphQLDateTime)
  createdAt!: Date;
  @Field(() => String, { nullable: true, description: "The model this version was written for, e.g. claude-sonnet-4-5 (a run-time hint, shown in manifests)." })
  model?: string | null;
  @Field(() => String, { nullable: true, description: "What the skill produces, in a sentence (a run-time hint, shown in manifests)." })
  outputSummary?: string | null;
  @Field(() => String, { nullable: true })
  createdBy?: string | null;
}

@ObjectType()
export class Skill {
  @Field(() => ID, { description: "Catalog key, e.g. gatespic.incident-postmortem." })
  id!: string;
  @Field(() => String)
  name!: string;
  @Field(() => String, { description: "URL-safe slug derived from the name; unique per tenant." })
  slug!: string;
  @Field(() => String, { nullable: true })
  description?: string | null;
  @Field(() => String, { nullable: true })
  category?: string | null;
  @Field(() => String, { nullable: true, description: "Publisher namespace, e.g. gatespic (the part of the id before the first dot, when there is one)." })
  publisher?: string | null;
  @Field(() => SkillSource)
  source!: SkillSource;
  @Field(() => SkillLifecycle)
  lifecycle!: SkillLifecycle;
  @Field(() => String, { nullable: true, description: "Version that grants and assignments resolve to by default; null until first deployed." })
  currentVersion?: string | null;
  @Field(() => Boolean, { description: "True when the draft differs from the current version (deploying would publish changes)." })
  hasDraftChanges!: boolean;
  @Field(() => [SkillVersion], { description: "Newest first; the draft, if any, first of all." })
  versions!: SkillVersion[];
  @Field(() => Boolean, { description: "Locked entries (e.g. store listings) cannot be edited, only assigned." })
  locked!: boolean;
  @Field(() => String, { nullable: true })
  listingRef?: string | null;
  @Field(() => String, { nullable: true })
  listingVersion?: string | null;
  @Field(() => [String])
  toolIds!: string[];
  @Field(() => GraphQLJSONObject, { description: "String map for host bookkeeping: at most 50 keys, values at most 500 characters; replaced whole on update." })
  metadata!: Record<string, unknown>;
  @Field(() => Repository, { nullable: true })
  repository?: Repository | null;
  @Field(() => String, { nullable: true, description: "Location of the manifest inside its repository, e.g. .claude/skills/x/SKILL.md." })
  path?: string | null;
  @Field(() => ScanStatus)
  scanStatus!: ScanStatus;
  @Field(() => Boolean, { description: "True when the quarantine policy keeps this skill out of every effective set." })
  quarantined!: boolean;
  @Field(() => Int)
  assignedAgentsCount!: number;
  @Field(() => GraphQLDateTime)
  createdAt!: Date;
  @Field(() => GraphQLDateTime)
  updatedAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true })
  deletedAt?: Date | null;
}

export const SkillConnection = connectionType("Skill", () => Skill);
export type SkillConnection = InstanceType<typeof SkillConnection>;

@ObjectType({ description: "What an agent loads to use a skill (the skill_query tool)." })
export class SkillContent {
  @Field(() => Skill)
  skill!: Skill;
  @Field(() => String)
  version!: string;
  @Field(() => String)
  instructions!: string;
  @Field(() => [ReferenceFile], { description: "The requested reference file only, when referenceFile was given; else empty." })
  references!: ReferenceFile[];
  @Field(() => [String])
  availableReferences!: string[];
  @Field(() => [String])
  availableScripts!: string[];
}

@ObjectType()
export class SkillTemplate {
  @Field(() => ID, { description: "Template source id, e.g. incident-postmortem-report." })
  id!: string;
  @Field(() => String)
  name!: string;
  @Field(() => String)
  description!: string;
  @Field(() => String)
  category!: string;
  @Field(() => Boolean, { description: "True once this tenant has imported it." })
  imported!: boolean;
}

@ObjectType()
export class ImportedTemplate {
  @Field(() => ID)
  templateId!: string;
  @Field(() => Skill)
  skill!: Skill;
}

@ObjectType()
export class SkippedTemplate {
  @Field(() => ID)
  templateId!: string;
  @Field(() => String, { description: "already_imported | unknown_template" })
  reason!: string;
}

@ObjectType()
export class TemplateImportResult {
  @Field(() => [ImportedTemplate])
  imported!: ImportedTemplate[];
  @Field(() => [SkippedTemplate])
  skipped!: SkippedTemplate[];
  @Field(() => [String])
  errors!: string[];
}

@ObjectType({ description: "A source of skills: a folder tree holding SKILL.md manifests (a local path or a git repository)." })
export class Repository {
  @Field(() => ID)
  id!: string;
  @Field(() => String)
  name!: string;
  @Field(() => String, { description: "Local path or git URL that a sync reads." })
  location!: string;
  @Field(() => GraphQLDateTime, { nullable: true })
  lastSyncedAt?: Date | null;
}

@ObjectType()
export class RepositorySyncResult {
  @Field(() => Repository)
  repository!: Repository;
  @Field(() => [Skill])
  discovered!: Skill[];
  @Field(() => [Skill])
  updated!: Skill[];
  @Field(() => [ID])
  pruned!: string[];
  @Field(() => [String], { description: "Manifests that could not be read, each with why." })
  errors!: string[];
}
