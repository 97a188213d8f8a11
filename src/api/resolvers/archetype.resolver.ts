import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { ConnectionArgsType } from "../types/connection-args.js";
import { Archetype, ArchetypeSkill, Cowork, UserConnection } from "../types/directory.types.js";
import { CreateArchetypeInput } from "../types/inputs.types.js";
import * as archetypes from "../../services/archetypes.service.js";
import * as archetypesReads from "../reads/archetypes.reads.js";
import type { ArchetypeRow } from "../../services/directory.service.js";

@Resolver(() => Archetype)
export class ArchetypeResolver {
  @Authorized("skills:read")
  @Query(() => Archetype, { nullable: true })
  archetype(@Ctx() ctx: Context, @Arg("id", () => ID) id: string) {
    return archetypesReads.getArchetype(ctx, id);
  }

  @Authorized("skills:read")
  @Query(() => [Archetype])
  archetypes(@Ctx() ctx: Context) {
    return archetypesReads.listArchetypes(ctx);
  }

  @Authorized("directory:write")
  @Mutation(() => Archetype)
  createArchetype(@Ctx() ctx: Context, @Arg("input", () => CreateArchetypeInput) input: CreateArchetypeInput) {
    return archetypes.createArchetype(ctx, input);
  }

  @FieldResolver(() => Cowork, {
    nullable: true,
    description: "The Cowork this archetype's defaults came from, e.g. firmware-engineer.dainese.v1.",
  })
  cowork(@Root() archetype: ArchetypeRow, @Ctx() ctx: Context) {
    return archetypesReads.archetypeCowork(ctx, archetype);
  }

  @FieldResolver(() => [ArchetypeSkill], { description: "Ordered by skill id." })
  skills(@Root() archetype: ArchetypeRow, @Ctx() ctx: Context) {
    return archetypesReads.archetypeSkills(ctx, archetype);
  }

  @FieldResolver(() => Int)
  userCount(@Root() archetype: ArchetypeRow, @Ctx() ctx: Context) {
    return archetypesReads.archetypeUserCount(ctx, archetype);
  }

  @FieldResolver(() => UserConnection)
  users(@Root() archetype: ArchetypeRow, @Ctx() ctx: Context, @Args(() => ConnectionArgsType) page: ConnectionArgsType) {
    return archetypesReads.archetypeUsers(ctx, archetype, page);
  }
}
