import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { Repository } from "../types/catalog.types.js";
import { ConnectionArgsType } from "../types/connection-args.js";
import { Role, RoleSkill, UserConnection } from "../types/directory.types.js";
import { CreateRoleInput, RoleSkillInput } from "../types/inputs.types.js";
import { RolePayload, UserPayload } from "../types/payloads.types.js";
import * as roles from "../../services/roles.service.js";
import * as rolesReads from "../reads/roles.reads.js";
import type { RoleSkillNode } from "../../services/roles.service.js";
import type { RoleRow } from "../../services/directory.service.js";

@Resolver(() => Role)
export class RoleResolver {
  @Authorized("skills:read")
  @Query(() => Role, { nullable: true })
  role(@Ctx() ctx: Context, @Arg("id", () => ID) id: string) {
    return rolesReads.getRole(ctx, id);
  }

  @Authorized("skills:read")
  @Query(() => [Role])
  roles(@Ctx() ctx: Context) {
    return rolesReads.listRoles(ctx);
  }

  @Authorized("directory:write")
  @Mutation(() => Role)
  createRole(@Ctx() ctx: Context, @Arg("input", () => CreateRoleInput) input: CreateRoleInput) {
    return roles.createRole(ctx, input);
  }

  @Authorized("directory:write")
  @Mutation(() => RolePayload, { description: "Replaces the role's skill list." })
  setRoleSkills(
    @Ctx() ctx: Context,
    @Arg("roleId", () => ID) roleId: string,
    @Arg("skills", () => [RoleSkillInput]) skills: RoleSkillInput[],
  ) {
    return roles.setRoleSkills(ctx, roleId, skills);
  }

  @Authorized("directory:write")
  @Mutation(() => UserPayload)
  assignRole(@Ctx() ctx: Context, @Arg("userId", () => ID) userId: string, @Arg("roleId", () => ID) roleId: string) {
    return roles.assignRole(ctx, userId, roleId);
  }

  @Authorized("directory:write")
  @Mutation(() => UserPayload)
  unassignRole(@Ctx() ctx: Context, @Arg("userId", () => ID) userId: string, @Arg("roleId", () => ID) roleId: string) {
    return roles.unassignRole(ctx, userId, roleId);
  }

  @FieldResolver(() => [RoleSkill], { description: "Skills this role grants, each with the repository it is resolved from." })
  skills(@Root() role: RoleRow, @Ctx() ctx: Context) {
    return rolesReads.roleSkills(ctx, role);
  }

  @FieldResolver(() => UserConnection)
  members(@Root() role: RoleRow, @Ctx() ctx: Context, @Args(() => ConnectionArgsType) page: ConnectionArgsType) {
    return rolesReads.roleMembers(ctx, role, page);
  }
}

@Resolver(() => RoleSkill)
export class RoleSkillResolver {
  @FieldResolver(() => Repository, { nullable: true })
  repository(@Root() node: RoleSkillNode, @Ctx() ctx: Context) {
    return node.repositoryId ? ctx.loaders.repository.load(node.repositoryId) : null;
  }
}
