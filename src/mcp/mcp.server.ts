// The MCP server of one request: the five tools, bound to the caller's request
// context. Built per request (the stateless transport), which costs a few
// object allocations and keeps no session state between requests.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestContext } from "../core/context.js";
import { registerConnectorDiscover } from "./tools/connector-discover.tool.js";
import { registerConnectorRequest } from "./tools/connector-request.tool.js";
import { registerSkillDiscover } from "./tools/skill-discover.tool.js";
import { registerSkillQuery } from "./tools/skill-query.tool.js";
import { registerSkillRequest } from "./tools/skill-request.tool.js";

export const MCP_TOOLS = ["skill_query", "skill_discover", "skill_request", "connector_discover", "connector_request"] as const;

export function buildMcpServer(ctx: RequestContext): McpServer {
  const server = new McpServer(
    { name: "skill-gateway", version: "0.1.0" },
    {
      capabilities: { tools: {} },
      instructions:
        "Skills of your organization. Find skills with skill_discover, load one you hold with skill_query, ask for one " +
        "you lack with skill_request; list integrations with connector_discover and ask for one with connector_request.",
    },
  );
  registerSkillQuery(server, ctx);
  registerSkillDiscover(server, ctx);
  registerSkillRequest(server, ctx);
  registerConnectorDiscover(server, ctx);
  registerConnectorRequest(server, ctx);
  return server;
}
