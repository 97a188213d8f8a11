// The last Express handlers: an unknown path, and any error thrown before
// GraphQL runs (a body that is not JSON, too large, or in an encoding we do not
// read). Every answer is JSON in the GraphQL error shape; no HTML page, stack or
// file path ever reaches the caller.
import type { ServerResponse } from "node:http";
import type { ErrorRequestHandler, RequestHandler } from "express";
import { log } from "../ops/log.js";
import { requestRecordOf } from "./request-log.js";

/** A refusal before GraphQL: body-parser's errors, and the POST fast path's (graphql-post.ts), carry a type and a status. */
export interface RefusedBody extends Error {
  status?: number;
  statusCode?: number;
  type?: string;
}

const KNOWN: Record<string, { code: string; message: string }> = {
  "entity.parse.failed": { code: "BAD_REQUEST", message: "The request body is not valid JSON." },
  "entity.too.large": { code: "PAYLOAD_TOO_LARGE", message: "The request body is larger than the limit." },
  "encoding.unsupported": { code: "UNSUPPORTED_MEDIA_TYPE", message: "Unsupported Content-Encoding; send identity, gzip, deflate or br." },
  "charset.unsupported": { code: "UNSUPPORTED_MEDIA_TYPE", message: "Unsupported charset; send UTF-8." },
  "request.aborted": { code: "BAD_REQUEST", message: "The request was aborted." },
  "request.size.invalid": { code: "BAD_REQUEST", message: "The request body does not match its Content-Length." },
  "stream.encoding.set": { code: "INTERNAL_SERVER_ERROR", message: "Internal server error" },
};

export function errorBody(message: string, code: string, status: number) {
  return { errors: [{ message, extensions: { code, status } }] };
}

export const notFound: RequestHandler = (req, res) => {
  requestRecordOf(res)?.codes.push("NOT_FOUND");
  res.status(404).json(errorBody(`Nothing at ${req.method} ${req.path}; the API is POST /graphql.`, "NOT_FOUND", 404));
};

export const errorHandler: ErrorRequestHandler = (err: RefusedBody, _req, res, _next) => sendRefusal(err, res);

/** The answer to a request refused before GraphQL, in node's own terms (Express's route and the fast path share it). */
export function sendRefusal(err: RefusedBody, res: ServerResponse): void {
  const known = err.type ? KNOWN[err.type] : undefined;
  let status = err.status ?? err.statusCode ?? 500;
  if (status < 400 || status > 599) status = 500;
  if (status >= 500) log.error({ err }, "request failed before GraphQL");
  else if (!known) log.warn({ err: { type: err.name, message: err.message, code: (err as { code?: unknown }).code } }, "request refused before GraphQL");
  const { code, message } = known ?? (status < 500 ? { code: "BAD_REQUEST", message: "Bad request." } : { code: "INTERNAL_SERVER_ERROR", message: "Internal server error" });
  requestRecordOf(res)?.codes.push(code);
  if (res.headersSent) {
    res.end();
    return;
  }
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify(errorBody(message, code, status)));
}
