// Subscriptions over graphql-ws. Authorization and tenant scoping happen when
// the subscription starts (the services check the scope); each message gets
// fresh DataLoaders, since one context serves the whole subscription.
import { Arg, Ctx, FieldResolver, ID, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import { createLoaders } from "../loaders/index.js";
import type { Context } from "../context.js";
import { Skill } from "../types/catalog.types.js";
import { EntitlementChange, GovernanceEvent, PublishJob } from "../types/distribution.types.js";
import { User } from "../types/directory.types.js";
import * as subscriptions from "../../services/subscriptions.service.js";
import type { EntitlementChangeMessage } from "../../services/subscriptions.service.js";
import type { EventRow } from "../../services/governance.js";
import type { PublishJobRow } from "../../jobs/enqueue.js";

type SubscribeData = SubscribeResolverData<unknown, Record<string, unknown>, Context>;

const streamOptions = (ctx: Context) => ({ onSlowConsumer: ctx.onSlowConsumer });

function freshLoaders(ctx: Context): void {
  ctx.loaders = createLoaders(ctx.app.db, ctx.tenantId);
}

@Resolver()
export class SubscriptionResolver {
  @Subscription(() => PublishJob, {
    description:
      "Every state or progress change of matching jobs. With jobId, the job's current state is sent first,\nand the subscription completes after its final state (SUCCEEDED, FAILED or CANCELLED).",
    subscribe: ({ args, context }: SubscribeData) =>
      subscriptions.publishJobUpdates(context, args.jobId as string | null, args.platformId as string | null, streamOptions(context)),
  })
  publishJobUpdated(
    @Root() job: PublishJobRow,
    @Ctx() ctx: Context,
    @Arg("jobId", () => ID, { nullable: true }) _jobId: string | null,
    @Arg("platformId", () => ID, { nullable: true }) _platformId: string | null,
  ): PublishJobRow {
    freshLoaders(ctx);
    return job;
  }

  @Subscription(() => EntitlementChange, {
    description: "One message per user whose effective skills changed, filtered by user, archetype or group membership.",
    subscribe: ({ args, context }: SubscribeData) =>
      subscriptions.entitlementChanges(context, {
        userId: args.userId as string | null,
        archetypeId: args.archetypeId as string | null,
        groupId: args.groupId as string | null,
      }, streamOptions(context)),
  })
  entitlementChanged(
    @Root() change: EntitlementChangeMessage,
    @Ctx() ctx: Context,
    @Arg("userId", () => ID, { nullable: true }) _userId: string | null,
    @Arg("archetypeId", () => ID, { nullable: true }) _archetypeId: string | null,
    @Arg("groupId", () => ID, { nullable: true }) _groupId: string | null,
  ): EntitlementChangeMessage {
    freshLoaders(ctx);
    return change;
  }

  @Subscription(() => GovernanceEvent, {
    description:
      "Governance events as they commit. With `after`, every later event still in the log\nis replayed first, in order, with no gap or duplicate between replay and live.",
    subscribe: ({ args, context }: SubscribeData) =>
      subscriptions.governanceEvents(context, args.kinds as string[] | null, args.after as string | null, streamOptions(context)),
  })
  governanceEvents(
    @Root() event: EventRow,
    @Ctx() ctx: Context,
    @Arg("kinds", () => [String], { nullable: true }) _kinds: string[] | null,
    @Arg("after", () => ID, { nullable: true }) _after: string | null,
  ): EventRow {
    freshLoaders(ctx);
    return event;
  }
}

@Resolver(() => EntitlementChange)
export class EntitlementChangeResolver {
  @FieldResolver(() => User)
  user(@Root() c: EntitlementChangeMessage, @Ctx() ctx: Context) {
    return ctx.loaders.user.load(c.userId).then((u) => u ?? { id: c.userId, email: "", displayName: null, createdAt: c.event.occurredAt });
  }

  @FieldResolver(() => [Skill])
  async added(@Root() c: EntitlementChangeMessage, @Ctx() ctx: Context) {
    return (await ctx.loaders.skill.loadMany(c.added)).filter((s) => s && !(s instanceof Error));
  }

  @FieldResolver(() => [Skill])
  async removed(@Root() c: EntitlementChangeMessage, @Ctx() ctx: Context) {
    return (await ctx.loaders.skill.loadMany(c.removed)).filter((s) => s && !(s instanceof Error));
  }

  @FieldResolver(() => GovernanceEvent)
  event(@Root() c: EntitlementChangeMessage) {
    return c.event;
  }
}
