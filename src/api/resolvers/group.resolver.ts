import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { Skill } from "../types/catalog.types.js";
import { ConnectionArgsType } from "../types/connection-args.js";
import { Group, GroupConnection, UserConnection } from "../types/directory.types.js";
import { CreateGroupInput } from "../types/inputs.types.js";
import { GroupPayload } from "../types/payloads.types.js";
import * as groups from "../../services/groups.service.js";
import * as groupsReads from "../reads/groups.reads.js";
import type { GroupRow } from "../../services/directory.service.js";

@Resolver(() => Group)
export class GroupResolver {
  @Authorized("skills:read")
  @Query(() => Group, { nullable: true })
  group(@Ctx() ctx: Context, @Arg("id", () => ID) id: string) {
    return groupsReads.getGroup(ctx, id);
  }

  @Authorized("skills:read")
  @Query(() => GroupConnection)
  groups(@Ctx() ctx: Context, @Args(() => ConnectionArgsType) page: ConnectionArgsType) {
    return groupsReads.listGroups(ctx, page);
  }

  @Authorized("directory:write")
  @Mutation(() => Group)
  createGroup(@Ctx() ctx: Context, @Arg("input", () => CreateGroupInput) input: CreateGroupInput) {
    return groups.createGroup(ctx, input);
  }

  @Authorized("directory:write")
  @Mutation(() => GroupPayload)
  addGroupMembers(
    @Ctx() ctx: Context,
    @Arg("groupId", () => ID) groupId: string,
    @Arg("userIds", () => [ID]) userIds: string[],
  ) {
    return groups.addGroupMembers(ctx, groupId, userIds);
  }

  @Authorized("directory:write")
  @Mutation(() => GroupPayload)
  removeGroupMembers(
    @Ctx() ctx: Context,
    @Arg("groupId", () => ID) groupId: string,
    @Arg("userIds", () => [ID]) userIds: string[],
  ) {
    return groups.removeGroupMembers(ctx, groupId, userIds);
  }

  @FieldResolver(() => [Skill], {
    description: "Skills every member gets in addition to their archetype's (group augment), ordered by skill id.",
  })
  augments(@Root() group: GroupRow, @Ctx() ctx: Context) {
    return groupsReads.groupAugments(ctx, group);
  }

  @FieldResolver(() => [Skill], { description: "Skills no member may see, whatever grants them (group block), ordered by skill id." })
  blocks(@Root() group: GroupRow, @Ctx() ctx: Context) {
    return groupsReads.groupBlocks(ctx, group);
  }

  @FieldResolver(() => Int)
  memberCount(@Root() group: GroupRow, @Ctx() ctx: Context) {
    return groupsReads.groupMemberCount(ctx, group);
  }

  @FieldResolver(() => UserConnection)
  members(@Root() group: GroupRow, @Ctx() ctx: Context, @Args(() => ConnectionArgsType) page: ConnectionArgsType) {
    return groupsReads.groupMembers(ctx, group, page);
  }
}
