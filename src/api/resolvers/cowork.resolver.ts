import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { Cowork, CoworkSkill } from "../types/directory.types.js";
import { CreateCoworkInput } from "../types/inputs.types.js";
import * as coworks from "../../services/coworks.service.js";
import * as coworksReads from "../reads/coworks.reads.js";
import type { CoworkRow } from "../../services/directory.service.js";

@Resolver(() => Cowork)
export class CoworkResolver {
  @Authorized("skills:read")
  @Query(() => Cowork, { nullable: true })
  cowork(@Ctx() ctx: Context, @Arg("id", () => ID) id: string) {
    return coworksReads.getCowork(ctx, id);
  }

  @Authorized("skills:read")
  @Query(() => [Cowork])
  coworks(@Ctx() ctx: Context) {
    return coworksReads.listCoworks(ctx);
  }

  @Authorized("directory:write")
  @Mutation(() => Cowork)
  createCowork(@Ctx() ctx: Context, @Arg("input", () => CreateCoworkInput) input: CreateCoworkInput) {
    return coworks.createCowork(ctx, input);
  }

  @FieldResolver(() => [CoworkSkill])
  skills(@Root() cowork: CoworkRow, @Ctx() ctx: Context) {
    return coworksReads.coworkSkills(ctx, cowork);
  }
}
