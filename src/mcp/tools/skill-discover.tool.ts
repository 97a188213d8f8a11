// skill_discover ↔ Query.skills (skills:read): catalog metadata only.
import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestContext } from "../../core/context.js";
import { discoverSkills } from "../../services/agent-catalog.service.js";
import { ok, requireScope, run } from "../tool-result.js";

export function registerSkillDiscover(server: McpServer, ctx: RequestContext): void {
  server.registerTool(
    "skill_discover",
    {
      title: "Find skills in the catalog",
      description:
        "Searches the organization's skill catalog (ACTIVE and DEPRECATED skills; metadata only, no instructions). " +
        "`query` is keywords, each of which must appear in the skill's name, description or id; `category` filters " +
        "exactly. At most 100 skills are returned (by id); `total` counts every match. assignedToMe says whether you " +
        "already hold it (load it with skill_query), else ask for it with skill_request.",
      inputSchema: {
        category: z.string().max(64).optional().describe("Exact category, e.g. engineering"),
        query: z.string().max(200).optional().describe("Keywords, e.g. change risk"),
      },
      outputSchema: {
        skills: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            description: z.string().nullable(),
            category: z.string().nullable(),
            version: z.string().nullable(),
            author: z.string().nullable(),
            assignedToMe: z.boolean(),
          }),
        ),
        total: z.number().int(),
      },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      run(async () => {
        requireScope(ctx.principal, "skills:read", "skill_discover (skills)");
        const found = await discoverSkills(ctx, { category: args.category, query: args.query });
        return ok({
          skills: found.skills.map(({ skill, assignedToMe }) => ({
            id: skill.id,
            name: skill.name,
            description: skill.description,
            category: skill.category,
            version: skill.currentVersion,
            author: skill.publisher,
            assignedToMe,
          })),
          total: found.total,
        });
      }),
  );
}
