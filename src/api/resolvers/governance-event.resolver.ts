import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { ConnectionArgsType } from "../types/connection-args.js";
import { GovernanceEvent, GovernanceEventConnection } from "../types/distribution.types.js";
import { GovernanceEventFilter } from "../types/inputs.types.js";
import type { EventRow } from "../../services/governance.js";
import { listEvents } from "../../services/events.service.js";

@Resolver(() => GovernanceEvent)
export class GovernanceEventResolver {
  @Authorized("skills:read")
  @Query(() => GovernanceEventConnection, { description: "Oldest first." })
  governanceEvents(
    @Ctx() ctx: Context,
    @Arg("filter", () => GovernanceEventFilter, { nullable: true }) filter: GovernanceEventFilter | null,
    @Args(() => ConnectionArgsType) page: ConnectionArgsType,
  ) {
    return listEvents(ctx, filter, page);
  }

  @FieldResolver(() => ID, { description: "Monotonically increasing per tenant; usable as a resume cursor." })
  id(@Root() event: EventRow): string {
    return String(event.seq);
  }
}
