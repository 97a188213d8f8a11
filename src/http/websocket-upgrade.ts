// Routes HTTP upgrades to the GraphQL WebSocket server by hand (noServer), so
// the Origin allowlist is checked before the handshake and errors of the HTTP
// server (a port in use) are not re-emitted as WebSocket server errors.
import type { Server } from "node:http";
import type { Duplex } from "node:stream";
import type { WebSocketServer } from "ws";
import { upgradeAllowed } from "./cors.js";

function refuse(socket: Duplex, status: number, text: string): void {
  const body = JSON.stringify({ errors: [{ message: text, extensions: { code: status === 403 ? "FORBIDDEN" : "NOT_FOUND", status } }] });
  socket.end(
    `HTTP/1.1 ${status} ${status === 403 ? "Forbidden" : "Not Found"}\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export function routeUpgrades(httpServer: Server, wsServer: WebSocketServer, path: string, allowlist: readonly string[]): void {
  httpServer.on("upgrade", (req, socket, head) => {
    socket.on("error", () => socket.destroy());
    if ((req.url ?? "").split("?")[0] !== path) return refuse(socket, 404, `No WebSocket endpoint here; use ${path}`);
    if (!upgradeAllowed(allowlist, req)) return refuse(socket, 403, "This origin may not open a WebSocket to the gateway (CORS_ORIGINS)");
    wsServer.handleUpgrade(req, socket, head, (ws) => wsServer.emit("connection", ws, req));
  });
}
