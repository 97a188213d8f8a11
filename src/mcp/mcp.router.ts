// /mcp on the gateway's port: MCP's Streamable HTTP transport in stateless mode.
// Every POST carries the same bearer token as the GraphQL API and is
// authenticated on its own, so any gateway process behind a load balancer can
// answer any request (no in-memory sessions to pin a client to one process).
// Answers are plain JSON (enableJsonResponse): a tool call is one request, one
// response; there is no server-initiated stream to keep open.
import express, { type Request, type Response, type Router } from "express";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { verifyAuthorization } from "../auth/token.js";
import type { Core } from "../core/context.js";
import { requestContext } from "../core/context.js";
import { DomainError } from "../core/errors.js";
import { ensureTenant } from "../services/tenants.js";
import { buildMcpServer } from "./mcp.server.js";
import { log } from "../ops/log.js";

function rpcError(res: Response, status: number, code: number, message: string): void {
  res.status(status).json({ jsonrpc: "2.0", error: { code, message }, id: null });
}

export function mcpRouter(app: Core): Router {
  const router = express.Router();
  router.post("/", express.json({ limit: "1mb" }), async (req: Request, res: Response) => {
    let principal;
    try {
      principal = await verifyAuthorization(app.config.jwtSecret, req.headers.authorization);
    } catch (e) {
      res.setHeader("WWW-Authenticate", 'Bearer realm="skill-gateway", error="invalid_token"');
      return rpcError(res, 401, -32001, e instanceof DomainError ? e.message : "Unauthenticated");
    }
    try {
      await ensureTenant(app.db.prisma, principal.tenantId);
      const server = buildMcpServer(requestContext(app, principal));
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      res.on("close", () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    } catch (e) {
      log.error({ err: e }, "mcp: request failed");
      if (!res.headersSent) rpcError(res, 500, -32603, "Internal server error");
    }
  });
  // Body parsing failures (malformed JSON, over 1 MB) answer as JSON-RPC errors, never
  // Express's HTML page with a stack trace.
  router.use((err: unknown, _req: Request, res: Response, next: (e?: unknown) => void) => {
    if (res.headersSent) return next(err);
    const status = (err as { status?: number }).status;
    if (status === 413) return rpcError(res, 413, -32600, "Request body larger than 1 MB");
    if (status === 400) return rpcError(res, 400, -32700, "Parse error: the body is not valid JSON");
    log.error({ err }, "mcp: request failed");
    rpcError(res, 500, -32603, "Internal server error");
  });
  // Stateless: no server-initiated stream (GET) and no session to end (DELETE).
  router.all("/", (_req, res) => {
    res.setHeader("Allow", "POST");
    rpcError(res, 405, -32000, "Method not allowed: this MCP endpoint is stateless; POST JSON-RPC messages");
  });
  return router;
}
