import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { Skill } from "../types/catalog.types.js";
import { User, UserGrant } from "../types/directory.types.js";
import * as users from "../../services/users.service.js";
import * as usersReads from "../reads/users.reads.js";
import type { UserGrantRow } from "../../services/directory.service.js";

@Resolver(() => UserGrant)
export class UserGrantResolver {
  @Authorized("skills:read")
  @Query(() => [UserGrant], { description: "Active user grants whose expiresAt falls within the next withinHours hours, soonest first." })
  expiringGrants(@Ctx() ctx: Context, @Arg("withinHours", () => Int, { defaultValue: 168 }) withinHours: number) {
    return usersReads.expiringGrants(ctx, withinHours);
  }

  @FieldResolver(() => User)
  user(@Root() grant: UserGrantRow, @Ctx() ctx: Context) {
    return ctx.loaders.user.load(grant.userId);
  }

  @FieldResolver(() => Skill)
  skill(@Root() grant: UserGrantRow, @Ctx() ctx: Context) {
    return ctx.loaders.skill.load(grant.skillId);
  }

  @FieldResolver(() => Boolean)
  active(@Root() grant: UserGrantRow) {
    return users.grantActive(grant);
  }
}
