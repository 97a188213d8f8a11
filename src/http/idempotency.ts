// Idempotent retries for scripts: a mutation sent over HTTP with an
// `Idempotency-Key` header runs once per key. The same key with the same body
// within 24 hours replays the stored answer (header `Idempotent-Replayed: true`)
// and writes nothing; the same key with another body is CONFLICT (409); while
// the first request still runs, a duplicate is CONFLICT with retryAfterSeconds.
// Keys are scoped per tenant and principal (token subject). Queries ignore the
// header: they write nothing. An answer the server failed to give (5xx, an
// INTERNAL_SERVER_ERROR or TIMEOUT) is not stored, so a retry runs again.
import { createHash } from "node:crypto";
import type { RequestHandler, Response } from "express";
import { parse, type OperationDefinitionNode } from "graphql";
import type { App } from "../app.js";
import { verifyAuthorization } from "../auth/token.js";
import { IdempotencyStore, type KeyRef, type StoredAnswer } from "./idempotency-store.js";
import { log } from "../ops/log.js";

export const IDEMPOTENCY_HEADER = "idempotency-key";
const KEY = /^[\x21-\x7e]{1,255}$/;

function sendError(res: Response, status: number, code: string, message: string, extra: Record<string, unknown> = {}): void {
  res.status(status).type("application/json").send(JSON.stringify({ errors: [{ message, extensions: { code, status, ...extra } }] }));
}

/** JSON with object keys sorted, so the same request hashes the same whatever its key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

function isMutation(query: string, operationName: unknown): boolean {
  try {
    const ops = parse(query).definitions.filter((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
    const op = typeof operationName === "string" ? ops.find((o) => o.name?.value === operationName) : ops.length === 1 ? ops[0] : undefined;
    return op?.operation === "mutation";
  } catch {
    return false; // Apollo answers the parse error
  }
}

/** Whether an answer is the request's own (kept) or the server failing to give one (released). */
function keepable(status: number, body: string): boolean {
  if (status >= 500) return false;
  return !/"code":"(?:INTERNAL_SERVER_ERROR|TIMEOUT)"/.test(body);
}

export function idempotency(app: App): RequestHandler {
  const store = new IdempotencyStore(app.db.prisma, Math.max(60_000, 2 * app.config.timeouts.requestMs, 2 * app.config.timeouts.statementMs));
  return (req, res, next) => {
    const key = req.get(IDEMPOTENCY_HEADER);
    if (key === undefined) return next();
    const body = req.body as Record<string, unknown> | undefined;
    if (req.method !== "POST" || !body || typeof body !== "object" || Array.isArray(body) || typeof body.query !== "string") return next();
    if (!isMutation(body.query, body.operationName)) return next();
    if (!KEY.test(key)) {
      return sendError(res, 400, "BAD_USER_INPUT", "Idempotency-Key must be 1 to 255 visible ASCII characters", { field: "Idempotency-Key" });
    }
    void (async () => {
      let principal;
      try {
        principal = await verifyAuthorization(app.config.jwtSecret, req.headers.authorization);
      } catch {
        return next(); // the GraphQL edge answers 401 in its own words
      }
      const ref: KeyRef = { tenantId: principal.tenantId, principal: principal.subject, key };
      const hash = createHash("sha256")
        .update(canonical({ query: body.query, operationName: body.operationName ?? null, variables: body.variables ?? null, extensions: body.extensions ?? null }))
        .digest("hex");
      const claim = await store.claim(ref, hash);
      if (claim.kind === "replay") {
        res.status(claim.answer.status).set("Idempotent-Replayed", "true").type(claim.answer.contentType).send(claim.answer.body);
        return;
      }
      if (claim.kind === "other-request") {
        return sendError(res, 409, "CONFLICT", "This Idempotency-Key was already used with a different request body", { field: "Idempotency-Key" });
      }
      if (claim.kind === "in-progress") {
        return sendError(res, 409, "CONFLICT", "A request with this Idempotency-Key is still running", { field: "Idempotency-Key", retryAfterSeconds: 1 });
      }
      captureAnswer(res, (answer) => (answer && keepable(answer.status, answer.body) ? store.complete(ref, answer) : store.release(ref)));
      next();
    })().catch(next);
  };
}

/**
 * Collects the answer as it is written and stores it before the last byte goes
 * out: a client that has read the answer and retries gets the replay, never
 * "still running". When the request deadline answered first (res.locals.timedOut),
 * the abandoned operation's late answer arrives through res.locals.onLateAnswer.
 * A connection closed before any answer reports null.
 */
function captureAnswer(res: Response, report: (answer: StoredAnswer | null) => Promise<void>): void {
  const chunks: Buffer[] = [];
  const collect = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"));
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  let reported = false;
  const once = (answer: StoredAnswer | null): Promise<void> => {
    if (reported) return Promise.resolve();
    reported = true;
    return report(answer).catch((e: unknown) => log.error({ err: e }, "idempotency store failed"));
  };
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    collect(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as Response["write"];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (res.locals.timedOut) return end(chunk, ...rest); // the deadline's TIMEOUT; the operation's own answer is still to come
    collect(chunk, rest[0]);
    // Hold the answer until it is stored; the deadline leaves an answer being stored alone.
    res.locals.answering = true;
    const contentType = String(res.getHeader("content-type") ?? "application/json");
    void once({ status: res.statusCode, contentType, body: Buffer.concat(chunks).toString("utf8") }).finally(() => end(chunk, ...rest));
    return res;
  }) as Response["end"];
  res.locals.onLateAnswer = (status: number, contentType: string, late: Buffer[]) => void once({ status, contentType, body: Buffer.concat(late).toString("utf8") });
  res.on("close", () => {
    if (!res.writableFinished && !res.locals.timedOut && !res.locals.answering) void once(null);
  });
}
