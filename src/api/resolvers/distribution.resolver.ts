import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { ConnectionArgsType } from "../types/connection-args.js";
import { DistributionPlatform, PublishJob, PublishJobConnection } from "../types/distribution.types.js";
import { DistributionPlatformInput, PublishJobFilter, RepublishInput } from "../types/inputs.types.js";
import * as distribution from "../../services/distribution.service.js";

@Resolver(() => DistributionPlatform)
export class DistributionResolver {
  @Authorized("skills:read")
  @Query(() => [DistributionPlatform])
  distributionPlatforms(@Ctx() ctx: Context) {
    return distribution.listPlatforms(ctx);
  }

  @Authorized("skills:read")
  @Query(() => PublishJob, { nullable: true })
  publishJob(@Ctx() ctx: Context, @Arg("id", () => ID) id: string) {
    return distribution.getJob(ctx, id);
  }

  @Authorized("skills:read")
  @Query(() => PublishJobConnection, { description: "Newest first." })
  publishJobs(
    @Ctx() ctx: Context,
    @Arg("filter", () => PublishJobFilter, { nullable: true }) filter: PublishJobFilter | null,
    @Args(() => ConnectionArgsType) page: ConnectionArgsType,
  ) {
    return distribution.listJobs(ctx, filter, page);
  }

  @Authorized("admin")
  @Mutation(() => DistributionPlatform, { description: "Creates or replaces a platform (admin scope)." })
  upsertDistributionPlatform(@Ctx() ctx: Context, @Arg("input", () => DistributionPlatformInput) input: DistributionPlatformInput) {
    return distribution.upsertPlatform(ctx, input);
  }

  @Authorized("skill_entitlement:write")
  @Mutation(() => [PublishJob], { description: "LOCKED when the same scope and platform already has a RUNNING job." })
  republish(@Ctx() ctx: Context, @Arg("input", () => RepublishInput) input: RepublishInput) {
    return distribution.republish(ctx, input);
  }

  @Authorized("skill_entitlement:write")
  @Mutation(() => PublishJob)
  cancelPublishJob(@Ctx() ctx: Context, @Arg("id", () => ID) id: string) {
    return distribution.cancelJob(ctx, id);
  }
}
