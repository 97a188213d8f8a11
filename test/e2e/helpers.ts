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
import { PublishWorker } from "../../src/jobs/worker.js";
import type { WorkerOptions } from "../../src/config.js";
import { createTestDatabase, type TestDatabase } from "../helpers/database.js";

export const JWT_SECRET = "e2e-secret";

export interface GqlBody<TData> {
  data?: TData | null;
  errors?: GraphQLFormattedError[];
  extensions?: Record<string, any>;
}

export interface HttpResult<TData> {
  status: number;
  body: GqlBody<TData>;
}

export interface E2EGateway {
  app: App;
  db: TestDatabase;
  server: RunningServer;
  /** The publish worker, when startGateway was asked for one. */
  worker: PublishWorker | null;
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  /** ws://127.0.0.1:<port>/graphql */
  wsUrl: string;
  /** Stops the server, closes the app, drops the database and removes the data dir. */
  close(): Promise<void>;
}

export interface StartGatewayOptions {
  seedDemo?: boolean;
  /** The database kind; TEST_DB (sqlite for this project) when left out. */
  db?: "sqlite" | "postgres";
  /** More configuration (e.g. WEBHOOK_ALLOWED_HOSTS), as environment variables. */
  env?: Record<string, string>;
  /**
   * Runs a PublishWorker in the gateway's process with these options (the
   * defaults of the app configuration for the ones left out). Without it no
   * worker runs: jobs stay QUEUED unless the test runs one itself.
   */
  worker?: Partial<WorkerOptions>;
}

/**
 * Starts a gateway on port 0 / 127.0.0.1. With seedDemo the demo tenant is
 * written first, as src/main.ts does on startup. Publish manifests go under the
 * gateway's own temporary data directory (app.config.publishDir).
 */
export async function startGateway(opts: StartGatewayOptions = {}): Promise<E2EGateway> {
  const db = await createTestDatabase(opts.db);
  const dataDir = mkdtempSync(path.join(tmpdir(), "gw-e2e-data-"));
  const config = loadConfig({
    JWT_SECRET,
    DATABASE_URL: db.url,
    SEED_DEMO_DATA: opts.seedDemo ? "1" : "0",
    DATA_DIR: dataDir,
    ...opts.env,
  });
  const app = await createApp(config);
  if (config.seedDemo) await seedDemo(app);
  const worker = opts.worker ? new PublishWorker(app, { ...app.config.worker, ...opts.worker }).start() : null;
  const server = await startServer(app, { port: 0, host: "127.0.0.1" });
  // The server reports localhost URLs; it listens on 127.0.0.1 only, so connect
  // there directly rather than rely on localhost resolving to IPv4.
  const url = `http://127.0.0.1:${server.port}/graphql`;
  const wsUrl = `ws://127.0.0.1:${server.port}/graphql`;
  return {
    app,
    db,
    server,
    worker,
    url,
    wsUrl,
    async close() {
      await worker?.stop();
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

// ───────────── untyped operations, subscriptions and polling ─────────────
// For operations written as plain strings (not through the codegen'd graphql()
// tag): the distribution and subscription tests.

/** An HTTP client for plain-string operations. */
export function stringClient(url: string, auth: string | null) {
  return {
    run(query: string, variables: Record<string, unknown> = {}): Promise<HttpResult<any>> {
      return postRaw(url, { query, variables }, auth);
    },
    /** Throws on a non-200 status or any GraphQL error; returns data. */
    async ok<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const r = await postRaw(url, { query, variables }, auth);
      if (r.status !== 200 || r.body.errors?.length || !r.body.data) {
        throw new Error(`HTTP ${r.status}: ${JSON.stringify(r.body, null, 2)}`);
      }
      return r.body.data as T;
    },
  };
}

export type StringClient = ReturnType<typeof stringClient>;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

import { waitFor } from "../helpers/wait.js";
export { waitFor };

/** One graphql-ws subscription whose messages are kept, in arrival order. */
export interface Collector<T> {
  /** The data of every message received so far. */
  readonly items: T[];
  /** Errors: an `error` message's GraphQL errors, execution errors, or a socket failure. */
  readonly errors: unknown[];
  readonly completed: boolean;
  /** Resolves with items once `done(items)` holds; throws after timeoutMs. */
  until(done: (items: T[]) => boolean, opts?: { timeoutMs?: number; what?: string }): Promise<T[]>;
  /** Resolves with the errors once the subscription failed; throws after timeoutMs. */
  failure(timeoutMs?: number): Promise<GraphQLFormattedError[]>;
  dispose(): void;
}

/** Subscribes with a plain-string operation and collects what arrives. */
export function collect<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}): Collector<T> {
  const items: T[] = [];
  const errors: unknown[] = [];
  let completed = false;
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        if (value.errors?.length) errors.push(...value.errors);
        if (value.data) items.push(value.data as T);
      },
      error: (err) => {
        if (Array.isArray(err)) errors.push(...err);
        else errors.push(err);
        completed = true;
      },
      complete: () => {
        completed = true;
      },
    },
  );
  return {
    items,
    errors,
    get completed() {
      return completed;
    },
    async until(done, opts = {}) {
      await waitFor(() => {
        if (errors.length) throw new Error(`subscription failed: ${JSON.stringify(errors)}`);
        return done(items);
      }, { timeoutMs: opts.timeoutMs ?? 15_000, intervalMs: 20, what: opts.what ?? "subscription messages" }).catch((e: Error) => {
        throw new Error(`${e.message}\nreceived ${items.length}: ${JSON.stringify(items).slice(0, 3000)}`);
      });
      return items;
    },
    async failure(timeoutMs = 10_000) {
      await waitFor(() => errors.length > 0, { timeoutMs, intervalMs: 20, what: "the subscription to fail" });
      return errors as GraphQLFormattedError[];
    },
    dispose,
  };
}
