// The GraphQL edge's context: the core's request context (tenant, principal,
// core parts) plus this request's DataLoaders and the shared subscription
// feeds. Built once per HTTP request or WebSocket operation.
import type { App } from "../app.js";
import type { DomainError } from "../core/errors.js";
import type { Principal } from "../core/principal.js";
import { requestContext, type RequestContext } from "../core/context.js";
import { createLoaders, type Loaders } from "./loaders/index.js";

export interface Context extends RequestContext {
  app: App;
  loaders: Loaders;
  /** Set by a streaming edge (graphql-ws): cuts off a subscriber that fell behind. */
  onSlowConsumer?: (error: DomainError) => void;
}

export function createContext(app: App, principal: Principal): Context {
  return { ...requestContext(app, principal), app, loaders: createLoaders(app.db, principal.tenantId) };
}
