// The life of a directory: leavers, deletes and renames (issue 13). Every delete
// that changes who sees what returns the entitlement change and takes dryRun.
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { User } from "./directory.types.js";
import { EntitlementChangePayload } from "./payloads.types.js";

@ObjectType()
export class DeprovisionUsersPayload {
  @Field(() => [User], { description: "The users, in input order, as they are after the call (deprovisionedAt set)." })
  users!: User[];
  @Field(() => Int, { description: "Active grants revoked with reason DEPROVISIONED." })
  revokedGrants!: number;
  @Field(() => EntitlementChangePayload)
  change!: EntitlementChangePayload;
}

@ObjectType({ description: "What a delete removed. The id is free again; the governance log keeps its history." })
export class DeletedObject {
  @Field(() => ID)
  id!: string;
  @Field(() => String)
  name!: string;
}

@ObjectType()
export class DeletePayload {
  @Field(() => DeletedObject)
  deleted!: DeletedObject;
  @Field(() => EntitlementChangePayload)
  change!: EntitlementChangePayload;
}

@ObjectType()
export class DeleteRepositoryPayload {
  @Field(() => DeletedObject)
  deleted!: DeletedObject;
  @Field(() => [ID], { description: "DISCOVERED skills, which follow the repository: soft-deleted (lifecycle DELETED), their assignments removed." })
  deletedSkills!: string[];
  @Field(() => [ID], { description: "MANUAL (and other non-discovered) skills, which stay, with no repository." })
  keptSkills!: string[];
  @Field(() => EntitlementChangePayload)
  change!: EntitlementChangePayload;
}

@ObjectType()
export class DeletePlatformPayload {
  @Field(() => DeletedObject)
  deleted!: DeletedObject;
  @Field(() => [ID], { description: "Ids of the QUEUED or RUNNING publish jobs that were cancelled (the platform's jobs go with it)." })
  cancelledJobs!: string[];
}

@InputType({ description: "Omitted fields are left as they are; an empty description clears it." })
export class UpdateNamedInput {
  @Field(() => ID)
  id!: string;
  @Field(() => String, { nullable: true })
  name?: string | null;
  @Field(() => String, { nullable: true })
  description?: string | null;
}
