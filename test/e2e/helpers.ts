// End-to-end helpers: a real gateway (HTTP + WebSocket on one ephemeral port)
// on a fresh test database, tokens signed like production ones, a fetch-based
// HTTP client for typed documents and a graphql-ws client factory.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { print, type GraphQLFormattedError } from "graphql";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { createApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { startServer, type RunningServer } from "../../src/server.js";
import { signToken } from "../../src/auth/token.js";
import { seedDemo } from "../../src/demo/seed.js";
import { createTestDatabase, type TestDatabase } from "../helpers/database.js";

export const JWT_SECRET = "e2e-secret";

export interface GqlBody<TData> {
  data?: TData | null;
  errors?: GraphQLFormattedError[];
}

export interface HttpResult<TData> {
  status: number;
  body: GqlBody<TData>;
}

export interface E2EGateway {
  app: App;
  db: TestDatabase;
  server: RunningServer;
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  /** ws://127.0.0.1:<port>/graphql */
  wsUrl: string;
  /** Stops the server, closes the app, drops the database and removes the data dir. */
  close(): Promise<void>;
}

/**
 * Starts a gateway on port 0 / 127.0.0.1. With seedDemo the demo tenant is
 * written first, as src/main.ts does on startup.
 */
export async function startGateway(opts: { seedDemo?: boolean } = {}): Promise<E2EGateway> {
  const db = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), "gw-e2e-data-"));
  const config = loadConfig({
    JWT_SECRET,
    DATABASE_URL: db.url,
    SEED_DEMO_DATA: opts.seedDemo ? "1" : "0",
    DATA_DIR: dataDir,
  });
  const app = await createApp(config);
  if (config.seedDemo) await seedDemo(app);
  const server = await startServer(app, { port: 0, host: "127.0.0.1" });
  // The server reports localhost URLs; it listens on 127.0.0.1 only, so connect
  // there directly rather than rely on localhost resolving to IPv4.
  const url = `http://127.0.0.1:${server.port}/graphql`;
  const wsUrl = `ws://127.0.0.1:${server.port}/graphql`;
  return {
    app,
    db,
    server,
    url,
    wsUrl,
    async close() {
      await server.stop();
      await app.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TokenOptions {
  tenant?: string;
  scopes?: string[];
  sub?: string;
  secret?: string;
  /** jose expiration: a duration ("1h") or an absolute epoch second. */
  expiresIn?: string | number;
}

export const ALL_SCOPES = ["skills:read", "skills:write", "skill_entitlement:write", "directory:write", "admin"];

export function token(opts: TokenOptions = {}): Promise<string> {
  return signToken(
    opts.secret ?? JWT_SECRET,
    { sub: opts.sub ?? "user:e2e@acme.test", tid: opts.tenant ?? "acme", scopes: opts.scopes ?? ALL_SCOPES },
    opts.expiresIn ?? "1h",
  );
}

/** Posts a JSON body to the gateway; `auth` is the bearer token (or null for none). */
export async function postRaw(url: string, body: unknown, auth: string | null): Promise<HttpResult<any>> {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (auth) headers.authorization = `Bearer ${auth}`;
  const res = await fetch(url, { method: "POST", headers, body: JSON.stringify(body) });
  const text = await res.text();
  let parsed: GqlBody<any>;
  try {
    parsed = JSON.parse(text) as GqlBody<any>;
  } catch {
    throw new Error(`HTTP ${res.status}: response is not JSON: ${text.slice(0, 500)}`);
  }
  return { status: res.status, body: parsed };
}

/** An HTTP client bound to one gateway URL and (optionally) one bearer token. */
export function httpClient(url: string, auth: string | null) {
  return {
    /** Posts a typed operation (printed with graphql's print). */
    request<TData, TVars extends Record<string, unknown>>(
      document: TypedDocumentNode<TData, TVars>,
      ...[variables]: TVars extends Record<string, never> ? [TVars?] : [TVars]
    ): Promise<HttpResult<TData>> {
      return postRaw(url, { query: print(document), variables: variables ?? {} }, auth);
    },
    /** Like request, but throws on a non-200 status or any GraphQL error, and returns data. */
    async ok<TData, TVars extends Record<string, unknown>>(
      document: TypedDocumentNode<TData, TVars>,
      ...[variables]: TVars extends Record<string, never> ? [TVars?] : [TVars]
    ): Promise<TData> {
      const r = await postRaw(url, { query: print(document), variables: variables ?? {} }, auth);
      if (r.status !== 200 || r.body.errors?.length || !r.body.data) {
        throw new Error(`HTTP ${r.status}: ${JSON.stringify(r.body, null, 2)}`);
      }
      return r.body.data as TData;
    },
    raw(body: unknown) {
      return postRaw(url, body, auth);
    },
  };
}

export type HttpClient = ReturnType<typeof httpClient>;

/** A graphql-ws client that connects at once and never retries. */
export function wsClient(wsUrl: string, auth: string | null, extra: Partial<Parameters<typeof createClient>[0]> = {}): Client {
  return createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: auth ? { authorization: `Bearer ${auth}` } : {},
    lazy: false,
    retryAttempts: 0,
    ...extra,
  });
}

export interface WsResult<TData> {
  data?: TData | null;
  errors?: readonly GraphQLFormattedError[];
}

/** Runs one typed operation over the socket and resolves with its single result. */
export function wsRequest<TData, TVars extends Record<string, unknown>>(
  client: Client,
  document: TypedDocumentNode<TData, TVars>,
  variables?: TVars,
): Promise<WsResult<TData>> {
  return new Promise((resolve, reject) => {
    let result: WsResult<TData> | undefined;
    client.subscribe<TData>(
      { query: print(document), variables: variables ?? {} },
      {
        next: (value) => {
          result = value as WsResult<TData>;
        },
        // graphql-ws reports request errors (an `error` message) as an array of errors.
        error: (err) => {
          if (Array.isArray(err)) resolve({ errors: err as GraphQLFormattedError[] });
          else reject(err);
        },
        complete: () => (result ? resolve(result) : reject(new Error("completed without a result"))),
      },
    );
  });
}

/** Resolves with the close code of a graphql-ws client's socket. */
export function closeCode(client: Client): Promise<number> {
  return new Promise((resolve) => {
    client.on("closed", (event) => resolve((event as { code: number }).code));
  });
}
