// The handlers that run on both routes to /graphql, Express's and the POST fast
// path's (graphql-post.ts), are written against node's own request and response:
// they read headers and originalUrl and keep their state on res.locals, which
// Express sets and the fast path sets the same way. An Express request and
// response are both of these, so Express mounts the same functions.
import type { IncomingMessage, ServerResponse } from "node:http";

export interface PlainRequest extends IncomingMessage {
  originalUrl?: string;
}

export interface PlainResponse extends ServerResponse {
  locals: Record<string, unknown>;
}

export type PlainHandler = (req: PlainRequest, res: PlainResponse, next: (err?: unknown) => void) => void;
