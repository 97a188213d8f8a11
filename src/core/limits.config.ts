// The limits that keep one caller from taking the gateway down (issue 10): the
// query cost model, the per-caller budget, subscription limits, introspection and
// error suggestions. Read once from the environment with the rest of the config;
// every default lets the documented uses, the tests and the demo run.

export type IntrospectionPolicy = "on" | "off" | "read-scope";

export interface LimitsConfig {
  /** Parser tokens in one document (graphql-js parse maxTokens). */
  maxTokens: number;
  /** Field nesting, not counting introspection. */
  maxDepth: number;
  /** Aliased fields after fragments are expanded. */
  maxAliases: number;
  /** Field selections after fragments are expanded (bounds the cost walk itself). */
  maxFields: number;
  /** Nodes one request may return (connections multiply by first/last). */
  maxNodes: number;
  /** Assumed length of a list that takes no first/last. */
  listSizeEstimate: number;
  /** Points a caller's budget holds; it refills evenly over the window. */
  budgetPoints: number;
  budgetWindowSeconds: number;
  /** Operations at once on one graphql-ws connection. */
  subscriptionsPerConnection: number;
  /** Operations at once across one tenant's connections (per gateway process). */
  subscriptionsPerTenant: number;
  /** Messages waiting for one subscriber; past it the socket is closed (4008). */
  subscriptionQueueLimit: number;
  /** Events read per page while a subscription replays the log. */
  replayPageSize: number;
  introspection: IntrospectionPolicy;
  /** "Did you mean …?" in validation messages. */
  suggestions: boolean;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer of at least ${min}, got "${raw}"`);
  return n;
}

export function loadLimitsConfig(env: NodeJS.ProcessEnv): LimitsConfig {
  const production = env.NODE_ENV === "production";
  const introspection = (env.INTROSPECTION || (production ? "read-scope" : "on")).toLowerCase();
  if (introspection !== "on" && introspection !== "off" && introspection !== "read-scope") {
    throw new Error(`INTROSPECTION must be on, off or read-scope, got "${introspection}"`);
  }
  const suggestions = env.GRAPHQL_SUGGESTIONS;
  return {
    maxTokens: int(env, "QUERY_MAX_TOKENS", 5_000),
    maxDepth: int(env, "QUERY_MAX_DEPTH", 12),
    maxAliases: int(env, "QUERY_MAX_ALIASES", 30, 0),
    maxFields: int(env, "QUERY_MAX_FIELDS", 2_000),
    maxNodes: int(env, "QUERY_MAX_NODES", 50_000),
    listSizeEstimate: int(env, "QUERY_LIST_SIZE_ESTIMATE", 10),
    budgetPoints: int(env, "RATE_LIMIT_POINTS", 5_000),
    budgetWindowSeconds: int(env, "RATE_LIMIT_WINDOW_SECONDS", 60),
    subscriptionsPerConnection: int(env, "SUBSCRIPTIONS_PER_CONNECTION", 50),
    subscriptionsPerTenant: int(env, "SUBSCRIPTIONS_PER_TENANT", 2_000),
    subscriptionQueueLimit: int(env, "SUBSCRIPTION_QUEUE_LIMIT", 1_000),
    replayPageSize: int(env, "SUBSCRIPTION_REPLAY_PAGE_SIZE", 100),
    introspection,
    suggestions: suggestions === undefined || suggestions === "" ? !production : !/^(0|false|no|off)$/i.test(suggestions),
  };
}
