// connector_request ↔ Mutation.requestConnector (skills:write).
import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestContext } from "../../core/context.js";
import { requestConnector } from "../../services/connectors.service.js";
import { ok, requireScope, run } from "../tool-result.js";
import { taskShape } from "./task.js";

export function registerConnectorRequest(server: McpServer, ctx: RequestContext): void {
  server.registerTool(
    "connector_request",
    {
      title: "Ask for an integration",
      description:
        "Asks a person to connect an available integration (see connector_discover). The request stays pending until " +
        "someone approves (which connects it) or rejects it; asking again while it is pending returns the same task.",
      inputSchema: {
        integrationId: z.string().min(1).max(64).describe("The integration's id, e.g. slack"),
        reason: z.string().min(1).max(2000).describe("Why you need it, for the person who decides"),
      },
      outputSchema: taskShape,
    },
    (args) =>
      run(async () => {
        requireScope(ctx.principal, "skills:write", "connector_request (requestConnector)");
        const { request, created } = await requestConnector(ctx, args.integrationId, args.reason);
        return ok({
          taskId: request.id,
          status: "pending",
          message: created
            ? `Requested integration "${request.connectorId}"; a person will approve or reject it.`
            : `Request "${request.id}" for integration "${request.connectorId}" is already pending.`,
        });
      }),
  );
}
