// The request context: who is calling (from the bearer token), for which
// tenant, and this request's DataLoaders. Built once per HTTP request or
// WebSocket operation.
import type { App } from "../app.js";
import type { Principal } from "../auth/token.js";
import { createLoaders, type Loaders } from "./loaders/index.js";

export interface Context {
  app: App;
  principal: Principal;
  tenantId: string;
  loaders: Loaders;
}

export function createContext(app: App, principal: Principal): Context {
  return { app, principal, tenantId: principal.tenantId, loaders: createLoaders(app.db.prisma, principal.tenantId) };
}
