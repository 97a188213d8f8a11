// Owners and managers of a skill, ownership transfers and version hints (issue 13).
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { Skill, SkillVersion } from "../types/catalog.types.js";
import { User } from "../types/directory.types.js";
import { ManageAccess, SetSkillAccessInput, SetSkillVersionHintsInput, SkillManagers, SkillOwnershipTransfer } from "../types/skill-access.types.js";
import type { SkillRow } from "../../catalog/store.js";
import * as access from "../../services/skill-access.service.js";
import * as reads from "../reads/skill-access.reads.js";

@Resolver(() => Skill)
export class SkillAccessResolver {
  @FieldResolver(() => String, { nullable: true, description: "The principal that owns it: its creator, or the user who accepted a transfer." })
  owner(@Root() skill: SkillRow) {
    return skill.ownerId;
  }

  @FieldResolver(() => ManageAccess)
  manageAccess(@Root() skill: SkillRow) {
    return skill.manageAccess;
  }

  @FieldResolver(() => SkillManagers, { description: "Named managers (used when manageAccess is OWNER_AND_MANAGERS)." })
  managers(@Root() skill: SkillRow, @Ctx() ctx: Context) {
    return reads.skillManagers(ctx, skill);
  }

  @FieldResolver(() => Boolean, { description: "Whether the caller may edit, deploy, change the lifecycle of or delete this skill." })
  viewerCanManage(@Root() skill: SkillRow, @Ctx() ctx: Context) {
    return reads.viewerCanManage(ctx, skill);
  }

  @FieldResolver(() => SkillOwnershipTransfer, { nullable: true, description: "The transfer waiting for its recipient, if any." })
  pendingOwnershipTransfer(@Root() skill: SkillRow, @Ctx() ctx: Context) {
    return reads.pendingTransfer(ctx, skill);
  }

  @Authorized("skills:write")
  @Mutation(() => Skill, {
    description:
      "Sets who may manage the skill (the owner's or an admin's call; anyone else is FORBIDDEN). Managers replace the previous ones; EVERYONE_WITH_WRITE clears them.",
  })
  setSkillAccess(@Ctx() ctx: Context, @Arg("input", () => SetSkillAccessInput) input: SetSkillAccessInput) {
    return access.setSkillAccess(ctx, input);
  }

  @Authorized("skills:write")
  @Mutation(() => SkillOwnershipTransfer, {
    description: "The owner (or an admin) offers the skill to a user; it stays PENDING until the recipient accepts or declines, or it is cancelled. CONFLICT while another is pending.",
  })
  requestSkillOwnershipTransfer(@Ctx() ctx: Context, @Arg("skillId", () => ID) skillId: string, @Arg("toUserId", () => ID) toUserId: string) {
    return access.requestOwnershipTransfer(ctx, skillId, toUserId);
  }

  @Authorized("skills:read")
  @Mutation(() => SkillOwnershipTransfer, { description: "The recipient only: they become the owner." })
  acceptSkillOwnershipTransfer(@Ctx() ctx: Context, @Arg("transferId", () => ID) transferId: string) {
    return access.decideOwnershipTransfer(ctx, transferId, "accept");
  }

  @Authorized("skills:read")
  @Mutation(() => SkillOwnershipTransfer, { description: "The recipient only." })
  declineSkillOwnershipTransfer(@Ctx() ctx: Context, @Arg("transferId", () => ID) transferId: string) {
    return access.decideOwnershipTransfer(ctx, transferId, "decline");
  }

  @Authorized("skills:write")
  @Mutation(() => SkillOwnershipTransfer, { description: "The owner, the requester or an admin." })
  cancelSkillOwnershipTransfer(@Ctx() ctx: Context, @Arg("transferId", () => ID) transferId: string) {
    return access.decideOwnershipTransfer(ctx, transferId, "cancel");
  }

  @Authorized("skills:write")
  @Mutation(() => SkillVersion, { description: "Sets the run-time hints (model, outputSummary) of the draft or of a deployed version; a manager's write." })
  setSkillVersionHints(@Ctx() ctx: Context, @Arg("input", () => SetSkillVersionHintsInput) input: SetSkillVersionHintsInput) {
    return access.setVersionHints(ctx, input);
  }
}

@Resolver(() => SkillOwnershipTransfer)
export class SkillOwnershipTransferResolver {
  @FieldResolver(() => User, { nullable: true })
  to(@Root() transfer: access.TransferRow, @Ctx() ctx: Context) {
    return reads.transferRecipient(ctx, transfer);
  }
}
