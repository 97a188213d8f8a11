// connector_discover ↔ Query.connectors (skills:read).
import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestContext } from "../../core/context.js";
import { listConnectors, suggestedSkillsOf } from "../../services/connectors.service.js";
import { ok, requireScope, run } from "../tool-result.js";

const integration = z.object({ id: z.string(), name: z.string(), category: z.string() });

export function registerConnectorDiscover(server: McpServer, ctx: RequestContext): void {
  server.registerTool(
    "connector_discover",
    {
      title: "List integrations",
      description:
        "Lists the organization's integrations (github, slack, …): those already connected and those available to " +
        "request with connector_request, with the skills suggested for each. `category` filters exactly.",
      inputSchema: { category: z.string().max(64).optional().describe("Exact category, e.g. source-control") },
      outputSchema: {
        connected: z.array(integration),
        available: z.array(integration),
        suggestedSkills: z.array(z.object({ integrationId: z.string(), suggestedSkills: z.array(z.string()) })),
      },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      run(async () => {
        requireScope(ctx.principal, "skills:read", "connector_discover (connectors)");
        const rows = await listConnectors(ctx, { category: args.category });
        const brief = (r: (typeof rows)[number]) => ({ id: r.id, name: r.name, category: r.category });
        return ok({
          connected: rows.filter((r) => r.status === "CONNECTED").map(brief),
          available: rows.filter((r) => r.status !== "CONNECTED").map(brief),
          suggestedSkills: rows
            .filter((r) => suggestedSkillsOf(r).length > 0)
            .map((r) => ({ integrationId: r.id, suggestedSkills: suggestedSkillsOf(r) })),
        });
      }),
  );
}
