// Scaffolded from ../shared/contract/schema.graphql; descriptions are part of the contract.
import { Field, ObjectType, ID, Int, registerEnumType } from "type-graphql";
import { GraphQLDateTime } from "graphql-scalars";
import { Repository, Skill } from "./catalog.types.js";
import { PageInfo, connectionType } from "./pagination.types.js";
import { ArchetypeSkillOrigin, EntitlementSourceKind } from "../../core/enums.js";
export { ArchetypeSkillOrigin, EntitlementSourceKind };

@ObjectType()
export class Role {
  @Field(() => ID)
  id!: string;
  @Field(() => String)
  name!: string;
  @Field(() => String, { nullable: true })
  description?: string | null;
  @Field(() => [RoleSkill], { description: "Skills this role grants, each with the repository it is resolved from." })
  skills!: RoleSkill[];
}

@ObjectType()
export class RoleSkill {
  @Field(() => Skill)
  skill!: Skill;
  @Field(() => Repository, { nullable: true })
  repository?: Repository | null;
}

@ObjectType()
export class Archetype {
  @Field(() => ID)
  id!: string;
  @Field(() => String)
  name!: string;
  @Field(() => String, { nullable: true })
  description?: string | null;
  @Field(() => Cowork, { nullable: true, description: "The Cowork this archetype's defaults came from, e.g. firmware-engineer.dainese.v1." })
  cowork?: Cowork | null;
  @Field(() => [ArchetypeSkill], { description: "Ordered by skill id." })
  skills!: ArchetypeSkill[];
  @Field(() => Int)
  userCount!: number;
}

registerEnumType(ArchetypeSkillOrigin, {
  name: "ArchetypeSkillOrigin",
  valuesConfig: {
    COWORK: { description: "Put there by a Cowork apply." },
    MANUAL: { description: "Added by an archetype edit." },
  },
});

@ObjectType()
export class ArchetypeSkill {
  @Field(() => Skill)
  skill!: Skill;
  @Field(() => String, { description: "Pinned version, or the skill's currentVersion." })
  skillVersion!: string;
  @Field(() => ArchetypeSkillOrigin)
  origin!: ArchetypeSkillOrigin;
  @Field(() => GraphQLDateTime)
  addedAt!: Date;
}

@ObjectType({ description: "A packaged set of skills for a job role, applied to archetypes in one step." })
export class Cowork {
  @Field(() => ID)
  id!: string;
  @Field(() => String)
  name!: string;
  @Field(() => String, { nullable: true })
  description?: string | null;
  @Field(() => [CoworkSkill])
  skills!: CoworkSkill[];
}

@ObjectType()
export class CoworkSkill {
  @Field(() => Skill)
  skill!: Skill;
  @Field(() => String)
  skillVersion!: string;
}

@ObjectType()
export class Group {
  @Field(() => ID)
  id!: string;
  @Field(() => String)
  name!: string;
  @Field(() => String, { nullable: true })
  description?: string | null;
  @Field(() => String, { nullable: true, description: "The identity provider's id for the group (SCIM externalId)." })
  externalId?: string | null;
  @Field(() => [Skill], { description: "Skills every member gets in addition to their archetype's (group augment), ordered by skill id." })
  augments!: Skill[];
  @Field(() => [Skill], { description: "Skills no member may see, whatever grants them (group block), ordered by skill id." })
  blocks!: Skill[];
  @Field(() => Int)
  memberCount!: number;
}

export const GroupConnection = connectionType("Group", () => Group);
export type GroupConnection = InstanceType<typeof GroupConnection>;

@ObjectType()
export class User {
  @Field(() => ID)
  id!: string;
  @Field(() => String)
  email!: string;
  @Field(() => String, { nullable: true })
  displayName?: string | null;
  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: "When the user was deprovisioned (deprovisionUsers or SCIM active: false); a deprovisioned user is kept for audit and is never effective for anything.",
  })
  deprovisionedAt?: Date | null;
  @Field(() => String, { nullable: true, description: "The identity provider's id for the user (SCIM externalId)." })
  externalId?: string | null;
  @Field(() => String, { nullable: true, description: "The identity provider's userName (SCIM), when it provisioned the user." })
  userName?: string | null;
  @Field(() => Archetype, { nullable: true })
  archetype?: Archetype | null;
  @Field(() => [Group])
  groups!: Group[];
  @Field(() => [Role])
  roles!: Role[];
  @Field(() => [UserGrant], { description: "Active and past user-level grants, newest first." })
  grants!: UserGrant[];
  @Field(() => [BlockedSkill], { description: "Skills that a group of the user blocks, ordered by skill id." })
  blockedSkills!: BlockedSkill[];
  @Field(() => GraphQLDateTime)
  createdAt!: Date;
}

export const UserConnection = connectionType("User", () => User);
export type UserConnection = InstanceType<typeof UserConnection>;

registerEnumType(EntitlementSourceKind, {
  name: "EntitlementSourceKind",
});

@ObjectType()
export class EntitlementSource {
  @Field(() => EntitlementSourceKind)
  kind!: EntitlementSourceKind;
  @Field(() => String, { description: "archetype:<id>, group:<id>, role:<id> or user_grant, as the REST API writes it." })
  label!: string;
  @Field(() => Archetype, { nullable: true })
  archetype?: Archetype | null;
  @Field(() => Group, { nullable: true })
  group?: Group | null;
  @Field(() => Role, { nullable: true })
  role?: Role | null;
  @Field(() => Repository, { nullable: true, description: "For ROLE sources: the repository the skill was resolved from." })
  repository?: Repository | null;
  @Field(() => UserGrant, { nullable: true })
  grant?: UserGrant | null;
  @Field(() => GraphQLDateTime)
  grantedAt!: Date;
}

@ObjectType()
export class EffectiveSkill {
  @Field(() => Skill)
  skill!: Skill;
  @Field(() => String)
  skillVersion!: string;
  @Field(() => String, { description: "The label of the first source in the order ARCHETYPE, GROUP, ROLE, USER_GRANT\n(ties broken by source id), e.g. archetype:firmware_engineer." })
  source!: string;
  @Field(() => [EntitlementSource], { description: "Every source that grants it, in the order above." })
  sources!: EntitlementSource[];
  @Field(() => GraphQLDateTime, { description: "The earliest grantedAt among the sources." })
  grantedAt!: Date;
  @Field(() => Boolean, { description: "True when the skill is DEPRECATED." })
  deprecated!: boolean;
}

export const EffectiveSkillConnection = connectionType("EffectiveSkill", () => EffectiveSkill);
export type EffectiveSkillConnection = InstanceType<typeof EffectiveSkillConnection>;

@ObjectType()
export class BlockedSkill {
  @Field(() => Skill)
  skill!: Skill;
  @Field(() => String, { description: "group:<id> of the first blocking group by id." })
  blockedBy!: string;
  @Field(() => [Group])
  groups!: Group[];
  @Field(() => Boolean, { description: "True when some source would grant the skill if no block held it." })
  overridesGrant!: boolean;
}

@ObjectType()
export class EntitlementExplanation {
  @Field(() => Skill)
  skill!: Skill;
  @Field(() => Boolean)
  effective!: boolean;
  @Field(() => [EntitlementSource], { description: "Every source that grants it, blocked or not." })
  sources!: EntitlementSource[];
  @Field(() => [Group], { description: "Groups of the user that block it." })
  blockedBy!: Group[];
  @Field(() => [String], { description: "Why it is not effective, when it is not: NO_SOURCE, BLOCKED, LIFECYCLE, QUARANTINED." })
  reasons!: string[];
}

@ObjectType()
export class UserGrant {
  @Field(() => ID)
  id!: string;
  @Field(() => User)
  user!: User;
  @Field(() => Skill)
  skill!: Skill;
  @Field(() => String)
  reason!: string;
  @Field(() => String, { nullable: true })
  grantedBy?: string | null;
  @Field(() => GraphQLDateTime)
  grantedAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true, description: "After this instant the grant is revoked automatically and skill.grant_expired is emitted." })
  expiresAt?: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true })
  revokedAt?: Date | null;
  @Field(() => String, { nullable: true, description: "MANUAL or EXPIRED, once revoked." })
  revokeReason?: string | null;
  @Field(() => Boolean)
  active!: boolean;
}
