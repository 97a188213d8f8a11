import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { DistributionPlatform, PublishJob } from "../types/distribution.types.js";
import type { PublishJobRow } from "../../jobs/enqueue.js";

@Resolver(() => PublishJob)
export class PublishJobResolver {
  @FieldResolver(() => DistributionPlatform)
  platform(@Root() job: PublishJobRow, @Ctx() ctx: Context) {
    return ctx.loaders.platform.load(job.platformId);
  }
}
