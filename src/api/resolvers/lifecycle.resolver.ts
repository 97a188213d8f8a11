// Leavers, deletes and renames of the directory (issue 13): one service call each.
import { Arg, Authorized, Ctx, ID, InputType, Mutation, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { Archetype, Cowork, Group, Role } from "../types/directory.types.js";
import {
  DeletedObject,
  DeletePayload,
  DeletePlatformPayload,
  DeleteRepositoryPayload,
  DeprovisionUsersPayload,
  UpdateNamedInput,
} from "../types/lifecycle.types.js";
import { deprovisionUsers } from "../../services/deprovision.service.js";
import * as deletes from "../../services/directory-delete.service.js";
import { updateNamed } from "../../services/directory-update.service.js";
import type { ArchetypeRow, CoworkRow, GroupRow, RoleRow } from "../../services/directory.service.js";

@InputType()
export class UpdateGroupInput extends UpdateNamedInput {}
@InputType()
export class UpdateRoleInput extends UpdateNamedInput {}
@InputType()
export class UpdateArchetypeInput extends UpdateNamedInput {}
@InputType()
export class UpdateCoworkInput extends UpdateNamedInput {}

const dryRunArg = { nullable: true, defaultValue: false } as const;

@Resolver()
export class LifecycleResolver {
  @Authorized("directory:write")
  @Mutation(() => DeprovisionUsersPayload, {
    description:
      "Leavers (at most 1000 a call): each user leaves every group and role, loses the archetype, has every active grant revoked (reason DEPROVISIONED) and is marked deprovisioned: kept for audit (users(deprovisioned: true)), never effective for anything, its manifests published empty. One user.deprovisioned event per user. Provisioning the id again (upsertUsers, SCIM active: true) starts clean. Already deprovisioned users are left as they are (a warning names them).",
  })
  deprovisionUsers(
    @Ctx() ctx: Context,
    @Arg("ids", () => [ID]) ids: string[],
    @Arg("dryRun", () => Boolean, dryRunArg) dryRun: boolean,
  ) {
    return deprovisionUsers(ctx, ids, dryRun);
  }

  @Authorized("directory:write")
  @Mutation(() => DeletePayload, {
    description:
      "Members lose the group's augments and its blocks are lifted: a blocked skill another source grants comes back (the change lists it in added and warns). Team skill configs and manager entries naming the group go with it.",
  })
  deleteGroup(@Ctx() ctx: Context, @Arg("id", () => ID) id: string, @Arg("dryRun", () => Boolean, dryRunArg) dryRun: boolean) {
    return deletes.deleteGroup(ctx, id, dryRun);
  }

  @Authorized("directory:write")
  @Mutation(() => DeletePayload, { description: "Members lose the role's skills (unless another source grants them)." })
  deleteRole(@Ctx() ctx: Context, @Arg("id", () => ID) id: string, @Arg("dryRun", () => Boolean, dryRunArg) dryRun: boolean) {
    return deletes.deleteRole(ctx, id, dryRun);
  }

  @Authorized("directory:write")
  @Mutation(() => DeletePayload, { description: "Its users are left with no archetype and lose its skills (unless another source grants them)." })
  deleteArchetype(@Ctx() ctx: Context, @Arg("id", () => ID) id: string, @Arg("dryRun", () => Boolean, dryRunArg) dryRun: boolean) {
    return deletes.deleteArchetype(ctx, id, dryRun);
  }

  @Authorized("directory:write")
  @Mutation(() => DeletedObject, {
    description: "Applying a Cowork copied its skills into the archetypes, so no one's skills change: the archetypes keep them and forget the Cowork.",
  })
  deleteCowork(@Ctx() ctx: Context, @Arg("id", () => ID) id: string) {
    return deletes.deleteCowork(ctx, id);
  }

  @Authorized("skills:write")
  @Mutation(() => DeletedObject, { description: "Its skill assignments and skill requests go with it." })
  deleteAgent(@Ctx() ctx: Context, @Arg("id", () => ID) id: string) {
    return deletes.deleteAgent(ctx, id);
  }

  @Authorized("skills:write")
  @Mutation(() => DeleteRepositoryPayload, {
    description:
      "DISCOVERED skills follow the repository: soft-deleted (lifecycle DELETED, assignments removed), as a sync prunes a vanished manifest. MANUAL skills stay, with no repository; role skills resolved from it keep granting.",
  })
  deleteRepository(@Ctx() ctx: Context, @Arg("id", () => ID) id: string, @Arg("dryRun", () => Boolean, dryRunArg) dryRun: boolean) {
    return deletes.deleteRepository(ctx, id, dryRun);
  }

  @Authorized("admin")
  @Mutation(() => DeletePlatformPayload, {
    description: "Admin scope. Its QUEUED and RUNNING publish jobs are cancelled and its jobs go with it; the governance log keeps their events.",
  })
  deleteDistributionPlatform(@Ctx() ctx: Context, @Arg("id", () => ID) id: string) {
    return deletes.deletePlatform(ctx, id);
  }

  @Authorized("directory:write")
  @Mutation(() => Group)
  updateGroup(@Ctx() ctx: Context, @Arg("input", () => UpdateGroupInput) input: UpdateGroupInput) {
    return updateNamed<GroupRow>(ctx, "group", input);
  }

  @Authorized("directory:write")
  @Mutation(() => Role)
  updateRole(@Ctx() ctx: Context, @Arg("input", () => UpdateRoleInput) input: UpdateRoleInput) {
    return updateNamed<RoleRow>(ctx, "role", input);
  }

  @Authorized("directory:write")
  @Mutation(() => Archetype)
  updateArchetype(@Ctx() ctx: Context, @Arg("input", () => UpdateArchetypeInput) input: UpdateArchetypeInput) {
    return updateNamed<ArchetypeRow>(ctx, "archetype", input);
  }

  @Authorized("directory:write")
  @Mutation(() => Cowork)
  updateCowork(@Ctx() ctx: Context, @Arg("input", () => UpdateCoworkInput) input: UpdateCoworkInput) {
    return updateNamed<CoworkRow>(ctx, "cowork", input);
  }
}
