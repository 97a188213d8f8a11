import { Ctx, Info, Query, Resolver } from "type-graphql";
import { Kind, type DocumentNode, type GraphQLResolveInfo } from "graphql";
import type { Context } from "../context.js";
import { RateLimit } from "../types/rate-limit.types.js";
import { rateLimitOf } from "../limits/query-limits.js";
import { operationCost } from "../limits/query-cost.js";

@Resolver(() => RateLimit)
export class RateLimitResolver {
  /** Any valid token may read its own budget; the edge measured and charged this request before it ran. */
  @Query(() => RateLimit, { description: "The cost of this request and the caller's remaining budget." })
  rateLimit(@Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): RateLimit {
    const measured = rateLimitOf(ctx);
    // Int is 32-bit: only a QUERY_MAX_NODES set past it could get there.
    if (measured) return { ...measured, nodeCount: Math.min(measured.nodeCount, 2 ** 31 - 1) };
    // Run without an edge (graphql() in-process): nothing was charged, so the budget is whole.
    const limits = ctx.app.config.limits;
    const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [info.operation, ...Object.values(info.fragments)] };
    const cost = operationCost(info.schema, document, info.operation, info.variableValues, {
      maxDepth: Infinity,
      maxAliases: Infinity,
      maxFields: limits.maxFields,
      maxNodes: Infinity,
      listSizeEstimate: limits.listSizeEstimate,
    });
    return { cost: Math.min(cost.cost, 2 ** 31 - 1), nodeCount: Math.min(cost.nodes, 2 ** 31 - 1), limit: limits.budgetPoints, remaining: limits.budgetPoints, resetAt: new Date() };
  }
}
