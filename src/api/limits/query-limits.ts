// The one check every operation passes before it runs, over HTTP (the Apollo
// plugin) and graphql-ws (onSubscribe) alike: the introspection policy, the cost
// model's limits (QUERY_TOO_COMPLEX, with what was measured and the maximum), and
// the caller's budget (RATE_LIMITED with retryAfterSeconds). What it measured is
// kept beside the request's context for the `rateLimit` field and `extensions.cost`.
import { getVariableValues, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { DomainError, forbidden } from "../../core/errors.js";
import { hasScope, type Principal } from "../../core/principal.js";
import type { LimitsConfig } from "../../core/limits.config.js";
import { LimitExceeded, operationCost, costOfNodes } from "./query-cost.js";
import { InProcessBudget, RedisBudget, type RateBudget } from "./rate-budget.js";

export interface RateLimitInfo {
  cost: number;
  nodeCount: number;
  limit: number;
  remaining: number;
  resetAt: Date;
}

const measured = new WeakMap<object, RateLimitInfo>();

/** What the check measured and charged for the request this context belongs to. */
export function rateLimitOf(context: object): RateLimitInfo | undefined {
  return measured.get(context);
}

export interface OperationInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown> | null | undefined;
  principal: Principal;
  /** The context the operation runs with; what was measured is attached to it. */
  context: object;
}

const LIMIT_TEXT = {
  depth: (v: number, max: number) => `Query too complex: nested ${v} fields deep, the maximum is ${max}`,
  aliases: (v: number, max: number) => `Query too complex: more than ${max} aliases`,
  fields: (v: number, max: number) => `Query too complex: more than ${max} fields once fragments are expanded`,
  nodes: (v: number, max: number) =>
    `Query too complex: it can return up to ${v} nodes, the maximum is ${max}; ask for smaller pages (first/last) or fewer nested connections`,
};

export function tooComplex(e: LimitExceeded): DomainError {
  const details: Record<string, unknown> = { limit: e.limit, value: e.value, maximum: e.max };
  if (e.limit === "nodes") Object.assign(details, { cost: e.cost, maxCost: costOfNodes(e.max) });
  return new DomainError("QUERY_TOO_COMPLEX", LIMIT_TEXT[e.limit](e.value, e.max), details);
}

export function tooManyTokens(max: number): DomainError {
  return new DomainError("QUERY_TOO_COMPLEX", `Query too complex: the document has more than ${max} tokens`, {
    limit: "tokens",
    maximum: max,
  });
}

/** graphql-js's message when parse stops at maxTokens (16.x spells it "more that"). */
export const TOKEN_LIMIT_MESSAGE = /Document contains more tha[nt] \d+ tokens/;

/** Removes graphql-js's "Did you mean …?" hints (they map the schema for whoever asks). */
export function stripSuggestions(message: string): string {
  return message.replace(/ ?Did you mean(.+?)\?$/, "");
}

export class QueryLimits {
  private constructor(
    readonly config: LimitsConfig,
    private readonly budget: RateBudget,
  ) {}

  static async create(config: LimitsConfig, redis: { url: string; prefix: string } | null): Promise<QueryLimits> {
    const opts = { points: config.budgetPoints, windowSeconds: config.budgetWindowSeconds };
    const budget = redis ? await RedisBudget.connect(redis.url, redis.prefix, opts) : new InProcessBudget(opts);
    return new QueryLimits(config, budget);
  }

  /** Throws QUERY_TOO_COMPLEX, FORBIDDEN (introspection) or RATE_LIMITED; else charges the budget. */
  async check(input: OperationInput): Promise<RateLimitInfo> {
    const { schema, document, operation, principal } = input;
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], input.variables ?? {});
    // Bad variables fail at execution with BAD_USER_INPUT; cost the raw values meanwhile.
    const variables = coerced.coerced ?? (input.variables ?? {});
    let cost;
    try {
      cost = operationCost(schema, document, operation, variables, this.config);
    } catch (e) {
      if (e instanceof LimitExceeded) throw tooComplex(e);
      throw e;
    }
    if (cost.introspection) this.checkIntrospection(principal);
    const state = await this.budget.charge(`${principal.tenantId}\u0000${principal.subject}`, cost.cost);
    if (!state.allowed) {
      throw new DomainError(
        "RATE_LIMITED",
        `Rate limit exceeded: this request costs ${cost.cost} points and ${state.remaining} of ${state.limit} remain; retry in ${state.retryAfterSeconds} s`,
        {
          retryAfterSeconds: state.retryAfterSeconds,
          cost: cost.cost,
          limit: state.limit,
          remaining: state.remaining,
          resetAt: state.resetAt.toISOString(),
        },
      );
    }
    const info: RateLimitInfo = {
      cost: cost.cost,
      nodeCount: cost.nodes,
      limit: state.limit,
      remaining: state.remaining,
      resetAt: state.resetAt,
    };
    measured.set(input.context, info);
    return info;
  }

  private checkIntrospection(principal: Principal): void {
    const policy = this.config.introspection;
    if (policy === "on") return;
    if (policy === "read-scope" && hasScope(principal, "skills:read")) return;
    throw forbidden(
      policy === "off" ? "Introspection is disabled on this gateway" : "Introspection needs a token with the skills:read scope",
    );
  }

  close(): Promise<void> {
    return this.budget.close();
  }
}
