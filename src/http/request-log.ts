// The request log and the request id. Each HTTP request runs inside an
// AsyncLocalStorage record that the GraphQL observer plugin fills in (operation,
// tenant, error codes); when the response is finished the record becomes one
// JSON log line and the request metrics. The id is the caller's x-request-id
// when it looks like one, else a new UUID, and is always sent back.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";
import { log } from "../ops/log.js";

export interface RequestRecord {
  id: string;
  operation?: string;
  operationType?: string;
  tenantId?: string;
  /** extensions.code of every error answered, in order. */
  codes: string[];
}

const current = new AsyncLocalStorage<RequestRecord>();

/** The record of the HTTP request being served, if any. */
export function currentRequest(): RequestRecord | undefined {
  return current.getStore();
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Probes and scrapes would drown the log at info. */
const QUIET_PATHS = new Set(["/healthz", "/readyz", "/metrics"]);

/** Told of every finished GraphQL HTTP request (the metrics). */
export type RequestObserver = (record: RequestRecord, outcome: string, seconds: number) => void;

export function requestLog(observe: RequestObserver | null): RequestHandler {
  return (req, res, next) => {
    const given = req.headers["x-request-id"];
    const id = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader("x-request-id", id);
    const record: RequestRecord = { id, codes: [] };
    const started = process.hrtime.bigint();
    res.once("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const path = req.originalUrl.split("?")[0];
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
    current.run(record, next);
  };
}
