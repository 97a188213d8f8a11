import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { ConnectionArgsType } from "../types/connection-args.js";
import { Repository, RepositorySyncResult, SkillConnection } from "../types/catalog.types.js";
import { CreateRepositoryInput } from "../types/inputs.types.js";
import * as repositories from "../../services/repositories.service.js";
import * as repositoriesReads from "../reads/repositories.reads.js";
import type { RepositoryRow } from "../../services/repositories.service.js";

@Resolver(() => Repository)
export class RepositoryResolver {
  @Authorized("skills:read")
  @Query(() => Repository, { nullable: true })
  repository(@Ctx() ctx: Context, @Arg("id", () => ID) id: string) {
    return repositoriesReads.getRepository(ctx, id);
  }

  @Authorized("skills:read")
  @Query(() => [Repository])
  repositories(@Ctx() ctx: Context) {
    return repositoriesReads.listRepositories(ctx);
  }

  @Authorized("skills:write")
  @Mutation(() => Repository)
  createRepository(@Ctx() ctx: Context, @Arg("input", () => CreateRepositoryInput) input: CreateRepositoryInput) {
    return repositories.createRepository(ctx, input);
  }

  @Authorized("skills:write")
  @Mutation(() => RepositorySyncResult, {
    description: "Reads every SKILL.md (YAML front matter: name, description, version) under the location.",
  })
  syncRepository(@Ctx() ctx: Context, @Arg("id", () => ID) id: string) {
    return repositories.syncRepository(ctx, id);
  }

  @FieldResolver(() => SkillConnection)
  skills(@Root() repository: RepositoryRow, @Ctx() ctx: Context, @Args(() => ConnectionArgsType) page: ConnectionArgsType) {
    return repositoriesReads.repositorySkills(ctx, repository.id, page);
  }
}
