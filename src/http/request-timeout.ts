// The whole-request deadline at the HTTP edge: past REQUEST_TIMEOUT_MS the caller
// gets a TIMEOUT answer (503, GraphQL error shape) and the connection is free,
// whatever the operation is still waiting on. The work itself ends at the latest
// with its statement timeout; a mutation may still commit after the answer, so a
// script that retries should send an Idempotency-Key.
import type { PlainHandler } from "./plain-handler.js";

export function requestTimeout(ms: number): PlainHandler {
  return (_req, res, next) => {
    if (!ms) return next();
    const timer = setTimeout(() => {
      if (res.headersSent || res.locals.answering) return; // an answer is already on its way
      const body = JSON.stringify({
        errors: [{
          message: `The request took longer than ${ms} ms and was abandoned; a mutation in it may still complete. Retry with the same Idempotency-Key.`,
          extensions: { code: "TIMEOUT", status: 503, retryAfterSeconds: 1 },
        }],
      });
      res.locals.timedOut = true;
      res.writeHead(503, { "content-type": "application/json; charset=utf-8", "retry-after": "1", connection: "close" });
      res.end(body);
      // The abandoned operation's late answer never reaches the client; whoever
      // asked (the Idempotency-Key store) is handed it through res.locals.onLateAnswer.
      const late: Buffer[] = [];
      let lateType = "application/json";
      const keep = (chunk: unknown) => {
        if (chunk !== undefined && chunk !== null && typeof chunk !== "function") late.push(Buffer.from(chunk as string));
      };
      res.setHeader = ((name: string, value: unknown) => {
        if (name.toLowerCase() === "content-type") lateType = String(value);
        return res;
      }) as typeof res.setHeader;
      res.writeHead = (() => res) as unknown as typeof res.writeHead;
      res.write = ((chunk: unknown) => (keep(chunk), true)) as typeof res.write;
      res.end = ((chunk?: unknown) => {
        keep(chunk);
        (res.locals.onLateAnswer as ((s: number, t: string, b: Buffer[]) => void) | undefined)?.(res.statusCode, lateType, late);
        return res;
      }) as typeof res.end;
    }, ms);
    res.on("close", () => clearTimeout(timer));
    res.on("finish", () => clearTimeout(timer));
    next();
  };
}
