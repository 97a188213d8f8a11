// The request log and the request id. Each HTTP request carries a record (on
// res.locals, and bound to its GraphQL context) that the GraphQL observer plugin
// fills in (operation, tenant, error codes); when the response is finished the
// record becomes one JSON log line and the request metrics. Not an
// AsyncLocalStorage: on Node 20 that turns on promise hooks for every promise of
// every request, a few per cent of a small request's CPU. The id is the caller's
// x-request-id when it looks like one, else a new UUID, and is always sent back.
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { PlainHandler } from "./plain-handler.js";
import { log } from "../ops/log.js";

export interface RequestRecord {
  id: string;
  operation?: string;
  operationType?: string;
  tenantId?: string;
  /** extensions.code of every error answered, in order. */
  codes: string[];
}

/** The record of the HTTP request this response answers, if the request log saw it. */
export function requestRecordOf(res: ServerResponse): RequestRecord | undefined {
  return (res as { locals?: Record<string, unknown> }).locals?.requestRecord as RequestRecord | undefined;
}

// A symbol property, not a WeakMap by identity: Apollo hands plugins a shallow copy
// of the context (one per operation of a batch), and Object.assign copies symbols.
const RECORD = Symbol("requestRecord");

/** Ties a GraphQL context to its HTTP request's record, for the observer plugin. */
export function bindRequestRecord(context: object, res: ServerResponse): void {
  const record = requestRecordOf(res);
  if (record) Object.defineProperty(context, RECORD, { value: record, enumerable: true });
}

/** The record of the HTTP request a GraphQL context was built for (none over WebSocket). */
export function requestRecordOfContext(context: object): RequestRecord | undefined {
  return (context as { [RECORD]?: RequestRecord })[RECORD];
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Probes and scrapes would drown the log at info. */
const QUIET_PATHS = new Set(["/healthz", "/readyz", "/metrics"]);

/** Told of every finished GraphQL HTTP request (the metrics). */
export type RequestObserver = (record: RequestRecord, outcome: string, seconds: number) => void;

export function requestLog(observe: RequestObserver | null): PlainHandler {
  return (req, res, next) => {
    const given = req.headers["x-request-id"];
    const id = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader("x-request-id", id);
    const record: RequestRecord = { id, codes: [] };
    res.locals.requestRecord = record;
    const started = process.hrtime.bigint();
    res.once("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const path = (req.originalUrl ?? req.url ?? "").split("?")[0];
      const graphql = path === "/graphql" && req.method !== "OPTIONS" && !res.getHeader("content-type")?.toString().startsWith("text/html");
      const outcome = record.codes[0] ?? (res.statusCode >= 400 ? `HTTP_${res.statusCode}` : "OK");
      if (graphql) observe?.(record, outcome, seconds);
      const line = {
        reqId: id,
        method: req.method,
        path,
        status: res.statusCode,
        durationMs: Math.round(seconds * 1e4) / 10,
        operation: record.operation,
        operationType: record.operationType,
        tenant: record.tenantId,
        outcome,
        errors: record.codes.length ? record.codes : undefined,
      };
      if (QUIET_PATHS.has(path)) log.debug(line, "request");
      else log.info(line, "request");
    });
    next();
  };
}
