// HTTP and WebSocket on one port: Express 5 + Apollo Server 5 at /graphql, and
// graphql-ws on the same path for subscriptions (and any operation).
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import express from "express";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { WebSocketServer } from "ws";
import { useServer } from "graphql-ws/use/ws";
import type { App } from "./app.js";
import { createContext, type Context } from "./api/context.js";
import { formatError, toGraphQLError } from "./api/errors.js";
import { DomainError } from "./core/errors.js";
import { idempotency } from "./http/idempotency.js";
import { requestTimeout } from "./http/request-timeout.js";
import { gatewaySchema } from "./api/schema.js";
import { verifyAuthorization, type Principal } from "./auth/token.js";
import { ensureTenant } from "./services/tenants.js";
import { mcpRouter } from "./mcp/mcp.router.js";
import { httpEdge } from "./http/edge.js";
import { graphqlPost } from "./http/graphql-post.js";
import { bindRequestRecord, requestRecordOf } from "./http/request-log.js";
import { scimRouter } from "./scim/router.js";
import { QueryLimits } from "./api/limits/query-limits.js";
import { queryLimitsPlugin } from "./api/limits/query-limits.plugin.js";
import { wsLimits } from "./api/limits/ws-limits.js";

/** The largest request body /graphql reads (5 MiB, body-parser's "5mb"), on either path. */
const BODY_LIMIT_BYTES = 5 * 1024 * 1024;

export interface RunningServer {
  url: string;
  wsUrl: string;
  port: number;
  stop(): Promise<void>;
}

export async function authenticate(app: App, header: string | undefined | null): Promise<Principal> {
  const principal = await verifyAuthorization(app.config.jwtSecret, header);
  await ensureTenant(app.db.prisma, principal.tenantId);
  return principal;
}

export async function startServer(
  app: App,
  opts: { port?: number; host?: string; demoToken?: string | null } = {},
): Promise<RunningServer> {
  const schema = await gatewaySchema();
  const expressApp = express();
  const edge = httpEdge(app, { demoToken: opts.demoToken });
  const { requestMs } = app.config.timeouts;
  // POST /graphql in its plain form skips Express (http/graphql-post.ts); every other request is Express's.
  let graphqlFastPath: ReturnType<typeof graphqlPost<Context>> | null = null;
  // Node's own limit on receiving a request (slow headers or body), checked often enough to matter.
  const httpServer = http.createServer(
    { requestTimeout: requestMs, headersTimeout: Math.min(requestMs || 60_000, 60_000), connectionsCheckingInterval: Math.min(requestMs || 30_000, 1_000) },
    (req, res) => {
      if (graphqlFastPath?.accepts(req)) graphqlFastPath.handle(req, res);
      else expressApp(req, res);
    },
  );
  const wsServer = new WebSocketServer({ noServer: true });
  edge.routeWebSocket(httpServer, wsServer, "/graphql");
  const limits = await QueryLimits.create(
    app.config.limits,
    app.config.redisUrl ? { url: app.config.redisUrl, prefix: app.config.redisPrefix } : null,
  );
  const ws = wsLimits(schema, limits);

  const wsCleanup = useServer<{ authorization?: string; Authorization?: string }, { principal?: Principal }>(
    {
      schema,
      // A missing or bad token closes the socket with 4403 (graphql-ws's Forbidden).
      onConnect: async (ctx) => {
        const p = ctx.connectionParams ?? {};
        try {
          ctx.extra.principal = await verifyAuthorization(app.config.jwtSecret, p.authorization ?? p.Authorization);
        } catch {
          return false;
        }
        // Past authentication, a failure (the database) is the server's: graphql-ws closes with 4500.
        await ensureTenant(app.db.prisma, ctx.extra.principal.tenantId);
        ws.connected(ctx, ctx.extra.principal, p.authorization ?? p.Authorization);
        return true;
      },
      // Every operation passes the same limits as over HTTP (api/limits/ws-limits.ts).
      onSubscribe: (ctx, id, payload) => ws.subscribe(ctx, id, payload, () => createContext(app, ctx.extra.principal!)),
      onComplete: (ctx, id) => ws.completed(ctx, id),
      onClose: (ctx) => ws.closed(ctx),
      context: (ctx): Context => createContext(app, ctx.extra.principal!),
      onOperation: (_ctx, _id, _payload, _args, result) => edge.onOperation(result) as never,
      onError: (_ctx, _id, _payload, errors) => {
        return errors.map((e) => formatError(e.toJSON(), e)).map((f) => ({ ...f, message: ws.stripSuggestions(f.message) }));
      },
      onNext: (_ctx, _id, _payload, args, result) => {
        if ("errors" in result && result.errors?.length) {
          const errors = result.errors.map((e) => formatError(e.toJSON(), e)).map((f) => ({ ...f, message: ws.stripSuggestions(f.message) }));
          return { ...result, errors } as unknown as typeof result;
        }
        return result;
      },
    },
    wsServer,
  );

  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    // The parser stops at the token limit; the plugin answers it as QUERY_TOO_COMPLEX.
    parseOptions: { maxTokens: app.config.limits.maxTokens },
    hideSchemaDetailsFromClientErrors: !app.config.limits.suggestions,
    // src/main.ts owns shutdown: Apollo's own SIGINT/SIGTERM handler would race it and hang the process.
    stopOnTerminationSignals: false,
    // Who may introspect is decided per token by the limits plugin (INTROSPECTION).
    introspection: true,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ...edge.plugins,
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); await limits.close(); } }; } },
      queryLimitsPlugin(limits),
    ],
  });
  await apollo.start();

  const graphqlContext = async (req: IncomingMessage, res: ServerResponse): Promise<Context> => {
    try {
      const context = createContext(app, await authenticate(app, req.headers.authorization));
      bindRequestRecord(context, res);
      return context;
    } catch (e) {
      requestRecordOf(res)?.codes.push(e instanceof DomainError ? e.code : "INTERNAL_SERVER_ERROR");
      // Apollo answers context errors with extensions.http's status (401 here).
      throw e instanceof DomainError ? toGraphQLError(e) : e;
    }
  };
  const deadline = requestTimeout(requestMs);
  graphqlFastPath = graphqlPost<Context>({
    path: "/graphql",
    apollo,
    context: graphqlContext,
    before: [...edge.graphqlBefore, deadline],
    limitBytes: BODY_LIMIT_BYTES,
  });

  edge.mountBefore(expressApp);
  expressApp.use("/scim/v2", scimRouter(app));
  expressApp.use("/mcp", mcpRouter(app));
  expressApp.use(
    "/graphql",
    deadline,
    express.json({ limit: BODY_LIMIT_BYTES }),
    idempotency(app),
    expressMiddleware(apollo, { context: ({ req, res }) => graphqlContext(req, res) }),
  );
  edge.mountAfter(expressApp);

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(opts.port ?? app.config.port, opts.host ?? app.config.host, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : (opts.port ?? app.config.port);
  return {
    port,
    url: `http://localhost:${port}/graphql`,
    wsUrl: `ws://localhost:${port}/graphql`,
    stop: async () => {
      await apollo.stop();
    },
  };
}
