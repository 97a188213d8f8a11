// skill_request ↔ Mutation.requestSkill (skills:write), for the calling agent.
import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestContext } from "../../core/context.js";
import { forbidden } from "../../core/errors.js";
import { requestSkillForSelf } from "../../services/agent-catalog.service.js";
import { ok, requireScope, run } from "../tool-result.js";
import { taskShape } from "./task.js";

export function registerSkillRequest(server: McpServer, ctx: RequestContext): void {
  server.registerTool(
    "skill_request",
    {
      title: "Ask for a skill",
      description:
        "Asks a person to assign you a skill you lack (find it with skill_discover). The request stays pending until " +
        "someone approves or rejects it; asking again while it is pending returns the same task. Once approved, load " +
        "the skill with skill_query.",
      inputSchema: {
        skillId: z.string().min(1).max(128).describe("The skill's id"),
        reason: z.string().min(1).max(2000).describe("Why you need it, for the person who decides"),
      },
      outputSchema: taskShape,
    },
    (args) =>
      run(async () => {
        requireScope(ctx.principal, "skills:write", "skill_request (requestSkill)");
        if (ctx.principal.agentId === null) throw forbidden("skill_request asks for the calling agent; this token is not an agent's");
        const { request, created } = await requestSkillForSelf(ctx, args.skillId, args.reason);
        return ok({
          taskId: request.id,
          status: "pending",
          message: created
            ? `Requested skill "${request.skillId}"; a person will approve or reject it.`
            : `Request "${request.id}" for skill "${request.skillId}" is already pending.`,
        });
      }),
  );
}
