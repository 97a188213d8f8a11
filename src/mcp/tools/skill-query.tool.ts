// skill_query ↔ Query.skillContent (skills:read), for the calling agent only.
import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestContext } from "../../core/context.js";
import { forbidden } from "../../core/errors.js";
import { rankReferences } from "../../catalog/reference-rank.js";
import { skillContent } from "../../services/skill-content.service.js";
import { ok, requireScope, run } from "../tool-result.js";

const text = (max: number) => z.string().max(max);

export function registerSkillQuery(server: McpServer, ctx: RequestContext): void {
  server.registerTool(
    "skill_query",
    {
      title: "Load a skill",
      description:
        "Loads the instructions of a skill you hold an enabled assignment of, with the list of its reference files and " +
        "scripts. Give referenceFile to receive that file's content in `references` (it must be one of availableReferences). " +
        "`query` and `context` (what you are working on) only order availableReferences, most relevant first, so you can " +
        "pick the reference to load next. A skill you do not hold is refused: ask for it with skill_request.",
      inputSchema: {
        skillId: text(128).min(1).describe("The skill's id, e.g. gatespic.change-risk-review"),
        query: text(2000).optional().describe("What you want to do with the skill; ranks availableReferences"),
        context: text(20000).optional().describe("The task at hand; ranks availableReferences"),
        referenceFile: text(512).optional().describe("A file name from availableReferences to load"),
      },
      outputSchema: {
        skill: z.object({ id: z.string(), name: z.string(), description: z.string().nullable(), category: z.string().nullable() }),
        instructions: z.string(),
        references: z.array(z.object({ filename: z.string(), content: z.string() })),
        availableReferences: z.array(z.string()),
        availableScripts: z.array(z.string()),
      },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      run(
        async () => {
          requireScope(ctx.principal, "skills:read", "skill_query (skillContent)");
          if (ctx.principal.agentId === null) throw forbidden("skill_query loads skills for the calling agent; this token is not an agent's");
          const view = await skillContent(ctx, args.skillId, null, args.referenceFile ?? null);
          const ranked = args.query || args.context ? rankReferences(view.allReferences, args.query, args.context) : view.availableReferences;
          return ok({
            skill: { id: view.skill.id, name: view.skill.name, description: view.skill.description, category: view.skill.category },
            instructions: view.instructions,
            references: view.references.map((r) => ({ filename: r.filename, content: r.content })),
            availableReferences: ranked,
            availableScripts: view.availableScripts,
          });
        },
        (e) =>
          e.code === "FORBIDDEN" && /assignment/.test(e.message)
            ? `Use skill_request with skillId "${args.skillId}" and a reason to ask a person for it.`
            : undefined,
      ),
  );
}
