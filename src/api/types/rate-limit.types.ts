import { Field, Int, ObjectType } from "type-graphql";

@ObjectType({
  description:
    "What this request cost and what is left of the caller's budget (tenant and token subject),\na bucket of points that refills evenly over the window. Every response also carries\nthe same numbers as extensions.cost. A request over the budget is refused with\nRATE_LIMITED (HTTP 429) and retryAfterSeconds; one over the node, depth, alias or\ntoken limits is refused before it runs with QUERY_TOO_COMPLEX.",
})
export class RateLimit {
  @Field(() => Int, { description: "Points this request cost: one per 100 nodes it can return, at least 1." })
  cost!: number;
  @Field(() => Int, {
    description:
      "Nodes this request can return at most: each connection counts its first/last (20 when\nabsent) for every parent node, a list without first/last counts an estimate.",
  })
  nodeCount!: number;
  @Field(() => Int, { description: "Points the budget holds when full." })
  limit!: number;
  @Field(() => Int, { description: "Points left after this request." })
  remaining!: number;
  @Field(() => Date, { description: "When the budget is full again if no more requests are made." })
  resetAt!: Date;
}
