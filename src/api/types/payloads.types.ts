// Scaffolded from ../shared/contract/schema.graphql; descriptions are part of the contract.
import { Field, ObjectType, ID, Int, registerEnumType } from "type-graphql";
import { AgentSkillAssignment } from "./agents.types.js";
import { Skill } from "./catalog.types.js";
import { Archetype, Cowork, Group, Role, User, UserGrant } from "./directory.types.js";
import { GovernanceEvent, PublishJob } from "./distribution.types.js";
import { CoworkMergeMode } from "../../core/enums.js";
export { CoworkMergeMode };

@ObjectType()
export class SkillPayload {
  @Field(() => Skill)
  skill!: Skill;
  @Field(() => [String], { description: "e.g. a DEPRECATED skill was granted." })
  warnings!: string[];
}

@ObjectType()
export class AssignmentPayload {
  @Field(() => AgentSkillAssignment)
  assignment!: AgentSkillAssignment;
  @Field(() => [String])
  warnings!: string[];
}

registerEnumType(CoworkMergeMode, {
  name: "CoworkMergeMode",
  valuesConfig: {
    REPLACE_ARCHETYPE_DEFAULT: { description: "Overwrite the archetype's skill list with the Cowork's." },
    MERGE: { description: "Add the Cowork's skills to the existing list; remove nothing." },
    ADDITIVE_ONLY_FOR_PILOT_GROUP: { description: "Give the Cowork's skills only to members of pilotGroupId (as that group's augment)." },
  },
});

@ObjectType({ description: "Returned by every mutation that changes who sees what." })
export class EntitlementChangePayload {
  @Field(() => Boolean, { description: "True when this was a dry run and nothing was written." })
  dryRun!: boolean;
  @Field(() => [ID], { description: "Skill ids actually added (already present ones are not repeated)." })
  added!: string[];
  @Field(() => [ID])
  removed!: string[];
  @Field(() => Int, { description: "Users whose effective skills changed." })
  affectedUsers!: number;
  @Field(() => [PublishJob])
  publishJobs!: PublishJob[];
  @Field(() => Int, { description: "Estimated seconds until the change shows in every platform's picker." })
  publishLagEstimateSeconds!: number;
  @Field(() => GovernanceEvent, { nullable: true })
  event?: GovernanceEvent | null;
  @Field(() => [String])
  warnings!: string[];
}

@ObjectType()
export class ArchetypePayload {
  @Field(() => Archetype)
  archetype!: Archetype;
  @Field(() => EntitlementChangePayload)
  change!: EntitlementChangePayload;
}

@ObjectType()
export class GroupPayload {
  @Field(() => Group)
  group!: Group;
  @Field(() => EntitlementChangePayload)
  change!: EntitlementChangePayload;
}

@ObjectType()
export class UserPayload {
  @Field(() => User)
  user!: User;
  @Field(() => EntitlementChangePayload)
  change!: EntitlementChangePayload;
}

@ObjectType()
export class UpsertUsersPayload {
  @Field(() => [User])
  users!: User[];
  @Field(() => EntitlementChangePayload)
  change!: EntitlementChangePayload;
}

@ObjectType()
export class RolePayload {
  @Field(() => Role)
  role!: Role;
  @Field(() => EntitlementChangePayload)
  change!: EntitlementChangePayload;
}

@ObjectType()
export class UserGrantPayload {
  @Field(() => UserGrant)
  grant!: UserGrant;
  @Field(() => EntitlementChangePayload)
  change!: EntitlementChangePayload;
}

@ObjectType()
export class CoworkApplyPayload {
  @Field(() => [Archetype])
  archetypes!: Archetype[];
  @Field(() => EntitlementChangePayload)
  change!: EntitlementChangePayload;
}
