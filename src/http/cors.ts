// Browser origins. CORS_ORIGINS lists the origins (or `*`) whose pages may call
// the API; the same list decides which pages may open its WebSocket. Pages the
// gateway serves itself (/graphql's IDE, /dashboard) are same-origin and always
// allowed. A request from any other origin gets no CORS headers, so the browser
// withholds the answer, and Apollo's CSRF prevention still refuses its simple
// (non-preflighted) requests.
import type { IncomingMessage } from "node:http";
import vary from "vary";
import type { PlainHandler } from "./plain-handler.js";

const ALLOWED_HEADERS = "authorization, content-type, x-request-id, apollo-require-preflight, x-apollo-operation-name, idempotency-key";
const MAX_AGE_SECONDS = "600";

export function originAllowed(allowlist: readonly string[], origin: string, host: string | undefined): boolean {
  if (allowlist.includes("*") || allowlist.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function cors(allowlist: readonly string[]): PlainHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (!origin || !originAllowed(allowlist, origin, req.headers.host)) return next();
    // `vary` is what Express's res.vary calls; it takes node's own response (the POST fast path has no Express one).
    vary(res, "Origin");
    res.setHeader("access-control-allow-origin", allowlist.includes("*") ? "*" : origin);
    res.setHeader("access-control-expose-headers", "x-request-id, retry-after");
    if (req.method === "OPTIONS" && req.headers["access-control-request-method"]) {
      res.setHeader("access-control-allow-methods", "GET, POST, OPTIONS");
      res.setHeader("access-control-allow-headers", ALLOWED_HEADERS);
      res.setHeader("access-control-max-age", MAX_AGE_SECONDS);
      res.statusCode = 204;
      res.end();
      return;
    }
    next();
  };
}

/** The WebSocket upgrade's Origin check; clients that are not browsers send none. */
export function upgradeAllowed(allowlist: readonly string[], req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  return origin === undefined || originAllowed(allowlist, origin, req.headers.host);
}
