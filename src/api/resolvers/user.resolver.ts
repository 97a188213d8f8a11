import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { ConnectionArgsType } from "../types/connection-args.js";
import { Archetype, Group, Role, User, UserConnection, UserGrant } from "../types/directory.types.js";
import { UpsertUserInput } from "../types/inputs.types.js";
import { UpsertUsersPayload, UserPayload } from "../types/payloads.types.js";
import * as users from "../../services/users.service.js";
import * as usersReads from "../reads/users.reads.js";
import type { UserRow } from "../../services/directory.service.js";

@Resolver(() => User)
export class UserResolver {
  @Authorized("skills:read")
  @Query(() => User, { nullable: true })
  user(@Ctx() ctx: Context, @Arg("id", () => ID) id: string, @Info() info: GraphQLResolveInfo) {
    return usersReads.getUser(ctx, id, info);
  }

  @Authorized("skills:read")
  @Query(() => UserConnection, {
    description: "Ordered by id. deprovisioned: false (the default) lists active users, true only deprovisioned ones, null everyone.",
  })
  users(
    @Ctx() ctx: Context,
    @Arg("archetypeId", () => ID, { nullable: true }) archetypeId: string | null,
    @Arg("groupId", () => ID, { nullable: true }) groupId: string | null,
    @Arg("roleId", () => ID, { nullable: true }) roleId: string | null,
    @Arg("search", () => String, { nullable: true }) search: string | null,
    @Args(() => ConnectionArgsType) page: ConnectionArgsType,
    @Arg("deprovisioned", () => Boolean, { nullable: true, defaultValue: false }) deprovisioned: boolean | null,
  ) {
    return usersReads.listUsers(ctx, { archetypeId, groupId, roleId, search, deprovisioned }, page);
  }

  @Authorized("directory:write")
  @Mutation(() => UpsertUsersPayload, {
    description: "Creates or replaces users by id (at most 1000 a call); omitted lists are left as they are.",
  })
  upsertUsers(@Ctx() ctx: Context, @Arg("users", () => [UpsertUserInput]) input: UpsertUserInput[]) {
    return users.upsertUsers(ctx, input);
  }

  @Authorized("directory:write")
  @Mutation(() => UserPayload)
  setUserArchetype(
    @Ctx() ctx: Context,
    @Arg("userId", () => ID) userId: string,
    @Arg("archetypeId", () => ID, { nullable: true }) archetypeId: string | null,
  ) {
    return users.setUserArchetype(ctx, userId, archetypeId);
  }

  @FieldResolver(() => Archetype, { nullable: true })
  archetype(@Root() user: UserRow, @Ctx() ctx: Context) {
    return user.archetypeId ? ctx.loaders.archetype.load(user.archetypeId) : null;
  }

  @FieldResolver(() => [Group])
  groups(@Root() user: UserRow, @Ctx() ctx: Context) {
    return usersReads.groupsOfUser(ctx, user);
  }

  @FieldResolver(() => [Role])
  roles(@Root() user: UserRow, @Ctx() ctx: Context) {
    return usersReads.rolesOfUser(ctx, user);
  }

  @FieldResolver(() => [UserGrant], { description: "Active and past user-level grants, newest first." })
  grants(@Root() user: UserRow, @Ctx() ctx: Context) {
    return usersReads.grantsOfUser(ctx, user);
  }
}
