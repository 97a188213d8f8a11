import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { ApplyCoworkInput, GrantSkillInput } from "../types/inputs.types.js";
import { ArchetypePayload, CoworkApplyPayload, GroupPayload, UserGrantPayload } from "../types/payloads.types.js";
import * as entitlements from "../../services/entitlements.service.js";
import * as grants from "../../services/grants.service.js";
import { applyCowork } from "../../services/coworks-apply.service.js";

@Resolver()
export class EntitlementMutationsResolver {
  @Authorized("skill_entitlement:write")
  @Mutation(() => ArchetypePayload, {
    description:
      "Every mutation below takes dryRun: with dryRun true nothing is written, no event\n" +
      "is emitted and no job is queued, and the payload says what would change\n" +
      "(added, removed, affectedUsers) exactly as the real call would.",
  })
  updateArchetypeSkills(
    @Ctx() ctx: Context,
    @Arg("archetypeId", () => ID) archetypeId: string,
    @Arg("addSkills", () => [ID], { nullable: true }) addSkills: string[] | null,
    @Arg("removeSkills", () => [ID], { nullable: true }) removeSkills: string[] | null,
    @Arg("dryRun", () => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean | null,
  ) {
    return entitlements.updateArchetypeSkills(ctx, archetypeId, addSkills, removeSkills, dryRun ?? false);
  }

  @Authorized("skill_entitlement:write")
  @Mutation(() => GroupPayload)
  addGroupAugment(
    @Ctx() ctx: Context,
    @Arg("groupId", () => ID) groupId: string,
    @Arg("skillIds", () => [ID]) skillIds: string[],
    @Arg("dryRun", () => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean | null,
  ) {
    return entitlements.addGroupAugment(ctx, groupId, skillIds, dryRun ?? false);
  }

  @Authorized("skill_entitlement:write")
  @Mutation(() => GroupPayload)
  removeGroupAugment(
    @Ctx() ctx: Context,
    @Arg("groupId", () => ID) groupId: string,
    @Arg("skillIds", () => [ID]) skillIds: string[],
    @Arg("dryRun", () => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean | null,
  ) {
    return entitlements.removeGroupAugment(ctx, groupId, skillIds, dryRun ?? false);
  }

  @Authorized("skill_entitlement:write")
  @Mutation(() => GroupPayload)
  blockSkillsForGroup(
    @Ctx() ctx: Context,
    @Arg("groupId", () => ID) groupId: string,
    @Arg("skillIds", () => [ID]) skillIds: string[],
    @Arg("dryRun", () => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean | null,
  ) {
    return entitlements.blockSkillsForGroup(ctx, groupId, skillIds, dryRun ?? false);
  }

  @Authorized("skill_entitlement:write")
  @Mutation(() => GroupPayload)
  unblockSkillsForGroup(
    @Ctx() ctx: Context,
    @Arg("groupId", () => ID) groupId: string,
    @Arg("skillIds", () => [ID]) skillIds: string[],
    @Arg("dryRun", () => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean | null,
  ) {
    return entitlements.unblockSkillsForGroup(ctx, groupId, skillIds, dryRun ?? false);
  }

  @Authorized("skill_entitlement:write")
  @Mutation(() => UserGrantPayload)
  grantSkillToUser(
    @Ctx() ctx: Context,
    @Arg("input", () => GrantSkillInput) input: GrantSkillInput,
    @Arg("dryRun", () => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean | null,
  ) {
    return grants.grantSkillToUser(ctx, input, dryRun ?? false);
  }

  @Authorized("skill_entitlement:write")
  @Mutation(() => UserGrantPayload)
  revokeUserGrant(
    @Ctx() ctx: Context,
    @Arg("grantId", () => ID) grantId: string,
    @Arg("dryRun", () => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean | null,
  ) {
    return grants.revokeUserGrant(ctx, grantId, dryRun ?? false);
  }

  @Authorized("skill_entitlement:write")
  @Mutation(() => CoworkApplyPayload, { description: "LOCKED (retryAfterSeconds) while a publish job of a scoped archetype is RUNNING." })
  applyCowork(
    @Ctx() ctx: Context,
    @Arg("input", () => ApplyCoworkInput) input: ApplyCoworkInput,
    @Arg("dryRun", () => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean | null,
  ) {
    return applyCowork(ctx, input, dryRun ?? false);
  }
}
