// The request context every service takes first: which tenant, who is acting,
// and the core's long-lived parts (configuration, database, event bus). It holds
// no loaders and nothing of GraphQL, MCP, SCIM or HTTP, so any edge, the worker
// and the sweeper can build one. `serialize` / `deserialize` let a job carry the
// context it was queued under (as Vendure's RequestContext does).
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import type { EventBus } from "../events/bus.js";
import type { EventFeeds } from "../events/feed.js";
import { systemPrincipal, type Principal } from "./principal.js";

/** The process's core parts; edges add their own (feeds, servers) beside it. */
export interface Core {
  config: Config;
  db: Database;
  events: EventBus;
  /** Per-tenant tails of the governance log that live subscribers share. */
  feeds: EventFeeds;
}

export interface RequestContext {
  app: Core;
  principal: Principal;
  tenantId: string;
}

export function requestContext(app: Core, principal: Principal): RequestContext {
  return { app, principal, tenantId: principal.tenantId };
}

/** Background work in one tenant (grant sweeper, repository sync, demo seed). */
export function systemContext(app: Core, tenantId: string, subject = "system"): RequestContext {
  return requestContext(app, systemPrincipal(tenantId, subject));
}

export interface SerializedContext {
  principal: Principal;
}

export function serializeContext(ctx: RequestContext): SerializedContext {
  return { principal: { ...ctx.principal, scopes: [...ctx.principal.scopes] } };
}

export function deserializeContext(app: Core, data: SerializedContext): RequestContext {
  return requestContext(app, data.principal);
}
