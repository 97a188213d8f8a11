import { Arg, Authorized, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { AGENT } from "../auth-checker.js";
import { SkillContent } from "../types/catalog.types.js";
import * as content from "../../services/skill-content.service.js";

@Resolver(() => SkillContent)
export class SkillContentResolver {
  @Authorized("skills:read", AGENT)
  @Query(() => SkillContent, {
    description:
      "The instructions and files an agent loads (skill_query). The agent must hold an\nenabled assignment of the skill (else FORBIDDEN); agentId defaults to the caller\nwhen the caller is an agent. referenceFile must be one of availableReferences (else\nNOT_FOUND).",
  })
  skillContent(
    @Ctx() ctx: Context,
    @Arg("skillId", () => ID) skillId: string,
    @Arg("agentId", () => ID, { nullable: true }) agentId: string | null,
    @Arg("referenceFile", () => String, { nullable: true }) referenceFile: string | null,
  ) {
    return content.skillContent(ctx, skillId, agentId, referenceFile);
  }
}
