// Packaged skill templates and their import into a tenant's catalog.
// Errors raised here:
//   BAD_USER_INPUT neither templateIds nor importAll given; too many ids
// Per template, an unknown id or one already imported is skipped with a reason;
// a skill id taken by a non-template entry is reported in the result's errors.
import type { RequestContext as Context } from "../core/context.js";
import { badInput } from "../core/errors.js";
import { findTemplate, loadTemplates, type SkillTemplateDef } from "../catalog/templates.js";
import { insertSkill, type SkillRow } from "../catalog/store.js";
import { runChange } from "./governance.js";

export interface SkillTemplateView {
  id: string;
  name: string;
  description: string;
  category: string;
  imported: boolean;
}

export interface TemplateImportResult {
  imported: { templateId: string; skill: SkillRow }[];
  skipped: { templateId: string; reason: "already_imported" | "unknown_template" }[];
  errors: string[];
}

const MAX_TEMPLATE_IDS = 100;

/** Every packaged template; imported = this tenant has a skill made from it. */
export async function listTemplates(ctx: Context): Promise<SkillTemplateView[]> {
  const templates = loadTemplates();
  const rows = await ctx.app.db.prisma.skill.findMany({
    where: { tenantId: ctx.tenantId, templateId: { in: templates.map((t) => t.id) } },
    select: { templateId: true },
  });
  const imported = new Set(rows.map((r) => r.templateId));
  return templates.map((t) => ({
    id: t.id,
    name: t.name,
    description: t.description,
    category: t.category,
    imported: imported.has(t.id),
  }));
}

export async function importTemplates(
  ctx: Context,
  templateIds: string[] | null | undefined,
  importAll: boolean | null | undefined,
): Promise<TemplateImportResult> {
  if (!importAll && !templateIds?.length) {
    throw badInput("Give templateIds or importAll: true", "templateIds");
  }
  if ((templateIds?.length ?? 0) > MAX_TEMPLATE_IDS) {
    throw badInput(`At most ${MAX_TEMPLATE_IDS} templateIds per import`, "templateIds");
  }
  const requested = [...new Set([...(importAll ? loadTemplates().map((t) => t.id) : []), ...(templateIds ?? [])])];
  const result: TemplateImportResult = { imported: [], skipped: [], errors: [] };
  const known: SkillTemplateDef[] = [];
  for (const id of requested) {
    const template = findTemplate(id);
    if (template) known.push(template);
    else result.skipped.push({ templateId: id, reason: "unknown_template" });
  }
  if (!known.length) return result;

  return runChange(ctx, async ({ tx, emit }) => {
    const ids = known.map((t) => t.id);
    const existing = await tx.skill.findMany({
      where: { tenantId: ctx.tenantId, OR: [{ id: { in: ids } }, { templateId: { in: ids } }] },
      select: { id: true, templateId: true },
    });
    for (const t of known) {
      if (existing.some((s) => s.templateId === t.id)) {
        result.skipped.push({ templateId: t.id, reason: "already_imported" });
        continue;
      }
      if (existing.some((s) => s.id === t.id)) {
        result.errors.push(`${t.id}: skill id "${t.id}" is already used by another catalog entry`);
        continue;
      }
      const skill = await insertSkill(tx, ctx.tenantId, {
        id: t.id,
        name: t.name,
        description: t.description,
        category: t.category,
        source: "TEMPLATE",
        templateId: t.id,
        version: t.version,
        content: { instructions: t.instructions, references: t.references, scripts: t.scripts },
        deployed: true,
        createdBy: ctx.principal.subject,
      });
      await emit({
        kind: "skill.created",
        subjects: [`skill:${t.id}`],
        payload: { source: "TEMPLATE", version: t.version, templateId: t.id },
      });
      result.imported.push({ templateId: t.id, skill });
    }
    result.skipped.sort((a, b) => requested.indexOf(a.templateId) - requested.indexOf(b.templateId));
    return result;
  });
}
