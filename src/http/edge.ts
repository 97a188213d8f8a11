// The HTTP plumbing around the GraphQL endpoint, in the order requests meet it:
// request id and log, CORS, probes, metrics, the IDE and dashboard pages; after
// GraphQL, the JSON 404 and error handler. server.ts mounts it in two calls.
import type { Server } from "node:http";
import type { Express } from "express";
import type { WebSocketServer } from "ws";
import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import type { App } from "../app.js";
import { GatewayMetrics } from "./metrics.js";
import { requestLog } from "./request-log.js";
import { cors } from "./cors.js";
import { mountHealth } from "./health.js";
import { mountIde } from "./ide.js";
import { mountDashboard } from "./dashboard.js";
import { errorHandler, errorBody, notFound } from "./error-handler.js";
import { graphqlObserver } from "./graphql-observer.js";
import { routeUpgrades } from "./websocket-upgrade.js";
import type { PlainHandler } from "./plain-handler.js";

export interface HttpEdgeOptions {
  /** The demo admin token pages may prefill: only on a development demo start (see main.ts). */
  demoToken?: string | null;
}

export interface HttpEdge {
  metrics: GatewayMetrics | null;
  plugins: ApolloServerPlugin<{ tenantId: string }>[];
  /** Before /graphql: everything that answers without GraphQL. */
  mountBefore(expressApp: Express): void;
  /** After /graphql: unknown paths and errors, as JSON. */
  mountAfter(expressApp: Express): void;
  routeWebSocket(httpServer: Server, wsServer: WebSocketServer, path: string): void;
  /** What the POST /graphql fast path (graphql-post.ts) runs before GraphQL, the same handlers mountBefore mounts. */
  graphqlBefore: PlainHandler[];
  /** graphql-ws onOperation: counts live subscriptions. */
  onOperation(result: unknown): AsyncIterableIterator<unknown> | undefined;
}

export function httpEdge(app: App, opts: HttpEdgeOptions = {}): HttpEdge {
  const metrics = app.config.metrics ? new GatewayMetrics(app) : null;
  if (metrics) app.feeds.deliveryObserver = (e) => metrics.observeFeedDelivery(e.occurredAt);
  const demoToken = opts.demoToken ?? null;
  const logRequests = requestLog(metrics ? (record, outcome, seconds) => metrics.observeRequest(record, outcome, seconds) : null);
  const allowOrigins = cors(app.config.corsOrigins);
  return {
    metrics,
    // The IDE is ours (ide.ts); Apollo's landing page would need the internet and answer GET-with-query as HTML.
    // No @cacheControl hints exist (answers are per token, never cacheable): Apollo's default cache-control
    // plugin would still hook every field of every answer.
    plugins: [graphqlObserver(), ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled()],
    mountBefore(expressApp) {
      expressApp.disable("x-powered-by");
      // Express hashes every response body into an ETag; answers here are POSTed, per token, and
      // never revalidated, so that was a hash of every answer for nothing.
      expressApp.set("etag", false);
      expressApp.use(logRequests);
      expressApp.use(allowOrigins);
      mountHealth(expressApp, app);
      if (metrics) {
        expressApp.get("/metrics", async (_req, res) => {
          try {
            const text = await metrics.scrape();
            res.type(metrics.registry.contentType).send(text);
          } catch {
            res.status(503).json(errorBody("Metrics are unavailable right now.", "SERVICE_UNAVAILABLE", 503));
          }
        });
      }
      mountIde(expressApp, demoToken);
      mountDashboard(expressApp, demoToken);
    },
    mountAfter(expressApp) {
      expressApp.use(notFound);
      expressApp.use(errorHandler);
    },
    // Both touch only node's request and response (and res.locals, which the fast path sets).
    graphqlBefore: [logRequests, allowOrigins],
    routeWebSocket(httpServer, wsServer, path) {
      routeUpgrades(httpServer, wsServer, path, app.config.corsOrigins);
    },
    onOperation(result) {
      if (!metrics || result === null || typeof result !== "object" || !(Symbol.asyncIterator in result)) return undefined;
      return metrics.countSubscription(result as AsyncIterable<unknown>);
    },
  };
}
