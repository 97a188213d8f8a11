import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { AGENT } from "../auth-checker.js";
import { SkillTemplate, TemplateImportResult } from "../types/catalog.types.js";
import * as templates from "../../services/templates.service.js";

@Resolver(() => SkillTemplate)
export class TemplateResolver {
  @Authorized("skills:read", AGENT)
  @Query(() => [SkillTemplate])
  skillTemplates(@Ctx() ctx: Context) {
    return templates.listTemplates(ctx);
  }

  @Authorized("skills:write")
  @Mutation(() => TemplateImportResult)
  importSkillTemplates(
    @Ctx() ctx: Context,
    @Arg("templateIds", () => [ID], { nullable: true }) templateIds: string[] | null,
    @Arg("importAll", () => Boolean, { nullable: true, defaultValue: false }) importAll: boolean | null,
  ) {
    return templates.importTemplates(ctx, templateIds, importAll);
  }
}
