// Owners and managers of a skill, ownership transfers, and version hints (issue 13).
import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { GraphQLDateTime } from "graphql-scalars";
import { Group, User } from "./directory.types.js";

export enum ManageAccess {
  EVERYONE_WITH_WRITE = "EVERYONE_WITH_WRITE",
  OWNER_AND_MANAGERS = "OWNER_AND_MANAGERS",
}
registerEnumType(ManageAccess, {
  name: "ManageAccess",
  description: "Who may manage a skill (edit, deploy, change lifecycle, delete, set version hints). Admins always may; use stays the entitlement engine's.",
  valuesConfig: {
    EVERYONE_WITH_WRITE: { description: "Anyone with skills:write (the default)." },
    OWNER_AND_MANAGERS: { description: "Only the owner, the named manager users and members of the named manager groups (each with skills:write)." },
  },
});

export enum OwnershipTransferStatus {
  PENDING = "PENDING",
  ACCEPTED = "ACCEPTED",
  DECLINED = "DECLINED",
  CANCELLED = "CANCELLED",
}
registerEnumType(OwnershipTransferStatus, { name: "OwnershipTransferStatus" });

@ObjectType()
export class SkillManagers {
  @Field(() => [User], { description: "Ordered by id." })
  users!: User[];
  @Field(() => [Group], { description: "Ordered by id; every member manages the skill." })
  groups!: Group[];
}

@ObjectType({ description: "A request that a user take over a skill; it waits for the recipient to accept or decline, or the owner to cancel." })
export class SkillOwnershipTransfer {
  @Field(() => ID, { description: "xfr_…" })
  id!: string;
  @Field(() => ID)
  skillId!: string;
  @Field(() => String, { nullable: true, description: "The owner when it was requested." })
  fromOwnerId?: string | null;
  @Field(() => User, { nullable: true, description: "The recipient (null if the user has since been removed)." })
  to?: User | null;
  @Field(() => OwnershipTransferStatus)
  status!: OwnershipTransferStatus;
  @Field(() => String)
  requestedBy!: string;
  @Field(() => GraphQLDateTime)
  requestedAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true })
  decidedAt?: Date | null;
}

@InputType()
export class SetSkillAccessInput {
  @Field(() => ID)
  skillId!: string;
  @Field(() => ManageAccess)
  manageAccess!: ManageAccess;
  @Field(() => [ID], { nullable: true, description: "Replaces the named manager users (OWNER_AND_MANAGERS only; at most 100 managers in all)." })
  managerUserIds?: string[] | null;
  @Field(() => [ID], { nullable: true, description: "Replaces the named manager groups (OWNER_AND_MANAGERS only)." })
  managerGroupIds?: string[] | null;
}

@InputType()
export class SetSkillVersionHintsInput {
  @Field(() => ID)
  skillId!: string;
  @Field(() => String, { nullable: true, description: "A deployed version; omitted: the draft (deploying carries the draft's hints)." })
  version?: string | null;
  @Field(() => String, { nullable: true, description: "e.g. claude-sonnet-4-5; omitted: unchanged; null or empty: cleared." })
  model?: string | null;
  @Field(() => String, { nullable: true, description: "At most 1000 characters; omitted: unchanged; null or empty: cleared." })
  outputSummary?: string | null;
}
