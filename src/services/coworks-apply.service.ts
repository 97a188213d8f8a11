// Applying a Cowork (a packaged set of skills for a job role) to archetypes in
// one step. REPLACE_ARCHETYPE_DEFAULT overwrites each archetype's list with the
// Cowork's and records the Cowork on the archetype; MERGE adds the Cowork's
// skills and removes nothing; ADDITIVE_ONLY_FOR_PILOT_GROUP leaves archetypes as
// they are and gives the Cowork's skills to the pilot group as augments.
// Errors raised here:
//   NOT_FOUND           the Cowork, an archetype or the pilot group is not in this tenant
//   BAD_USER_INPUT      no archetypes; the pilot mode without pilotGroupId
//   SKILL_NOT_GRANTABLE a skill of the Cowork is DRAFT, ARCHIVED or DELETED
//   LOCKED              a publish job of a scoped archetype is RUNNING (retry after retryAfterSeconds)
import type { RequestContext as Context } from "../core/context.js";
import { DomainError, badInput, notFound } from "../core/errors.js";
import { CoworkMergeMode } from "../core/enums.js";
import type { ApplyCoworkInput } from "./inputs.js";
import type { Tx } from "../db/client.js";
import type { PublishTarget } from "../jobs/enqueue.js";
import { runEntitlementChange, type EntitlementChange } from "./entitlement-change.js";
import { distinct, grantableWarnings } from "./entitlements.service.js";
import { requireGroup, type ArchetypeRow } from "./directory.service.js";

/** How long a caller should wait before retrying an apply held by a running publish. */
export const APPLY_RETRY_AFTER_SECONDS = 5;

export interface CoworkApplyResult {
  archetypes: ArchetypeRow[];
  change: EntitlementChange;
}

async function requireArchetypes(tx: Tx, tenantId: string, ids: readonly string[]): Promise<ArchetypeRow[]> {
  const wanted = distinct(ids);
  const rows = await tx.archetype.findMany({ where: { tenantId, id: { in: wanted.map((w) => w.id) } } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return wanted.map(({ id, index }) => {
    const row = byId.get(id);
    if (!row) throw notFound("Archetype", id, `input.scopeArchetypes.${index}`);
    return row;
  });
}

export async function applyCowork(ctx: Context, input: ApplyCoworkInput, dryRun: boolean): Promise<CoworkApplyResult> {
  const tenantId = ctx.tenantId;
  const { coworkId, mergeMode } = input;
  const archetypeIds = [...new Set(input.scopeArchetypes)];
  if (archetypeIds.length === 0) throw badInput("scopeArchetypes must name at least one archetype", "input.scopeArchetypes");
  const pilot = mergeMode === CoworkMergeMode.ADDITIVE_ONLY_FOR_PILOT_GROUP;
  const pilotGroupId = input.pilotGroupId ?? null;
  if (pilot && !pilotGroupId) {
    throw badInput("pilotGroupId is required with ADDITIVE_ONLY_FOR_PILOT_GROUP", "input.pilotGroupId");
  }
  const coworkSkills = (tx: Tx) =>
    tx.coworkSkill.findMany({ where: { tenantId, coworkId }, orderBy: { skillId: "asc" } });

  const { value, change } = await runEntitlementChange(ctx, dryRun, {
    users: pilot ? { kind: "group", id: pilotGroupId! } : { kind: "archetypes", ids: archetypeIds },
    // REPLACE can remove any skill the archetypes hold; the other modes only add the Cowork's.
    skills: async (tx) => {
      const ids = new Set((await coworkSkills(tx)).map((s) => s.skillId));
      if (mergeMode === CoworkMergeMode.REPLACE_ARCHETYPE_DEFAULT) {
        const held = await tx.archetypeSkill.findMany({
          where: { tenantId, archetypeId: { in: archetypeIds } },
          select: { skillId: true },
        });
        for (const h of held) ids.add(h.skillId);
      }
      return [...ids];
    },
    subjects: [`cowork:${coworkId}`, ...archetypeIds.map((a) => `archetype:${a}`), ...(pilot ? [`group:${pilotGroupId}`] : [])],
    publish: (): PublishTarget[] =>
      pilot ? [{ scope: "GROUP", scopeId: pilotGroupId }] : archetypeIds.map((id) => ({ scope: "ARCHETYPE", scopeId: id })),
    trigger: "cowork_apply",
    async apply({ tx }) {
      if (!(await tx.cowork.findUnique({ where: { tenantId_id: { tenantId, id: coworkId } }, select: { id: true } }))) {
        throw notFound("Cowork", coworkId, "input.coworkId");
      }
      const archetypes = await requireArchetypes(tx, tenantId, input.scopeArchetypes);
      if (pilot) await requireGroup(tx, tenantId, pilotGroupId!, "input.pilotGroupId");
      const running = await tx.publishJob.findFirst({
        where: { tenantId, status: "RUNNING", scope: "ARCHETYPE", scopeId: { in: archetypeIds } },
        select: { id: true, scopeId: true },
      });
      if (running) {
        throw new DomainError(
          "LOCKED",
          `Archetype "${running.scopeId}" is being published (job ${running.id}); retry shortly`,
          { retryAfterSeconds: APPLY_RETRY_AFTER_SECONDS },
        );
      }
      const items = await coworkSkills(tx);
      const skills = await tx.skill.findMany({ where: { tenantId, id: { in: items.map((s) => s.skillId) } } });
      const missing = items.find((s) => !skills.some((k) => k.id === s.skillId));
      if (missing) throw notFound("Skill", missing.skillId, "input.coworkId");
      const warnings = skills.flatMap((skill) => grantableWarnings(skill, "input.coworkId"));
      if (!pilot && input.pilotGroupId) warnings.push(`pilotGroupId is ignored with ${mergeMode}`);

      const added = new Set<string>();
      const removed = new Set<string>();
      let result = archetypes;
      if (pilot) {
        const present = new Set(
          (await tx.groupAugment.findMany({ where: { tenantId, groupId: pilotGroupId! }, select: { skillId: true } })).map((r) => r.skillId),
        );
        const toAdd = items.filter((s) => !present.has(s.skillId));
        if (toAdd.length) {
          await tx.groupAugment.createMany({ data: toAdd.map((s) => ({ tenantId, groupId: pilotGroupId!, skillId: s.skillId })) });
        }
        for (const s of toAdd) added.add(s.skillId);
      } else {
        const replace = mergeMode === CoworkMergeMode.REPLACE_ARCHETYPE_DEFAULT;
        const held = await tx.archetypeSkill.findMany({ where: { tenantId, archetypeId: { in: archetypeIds } } });
        const wanted = new Map(items.map((s) => [s.skillId, s.skillVersion]));
        for (const archetypeId of archetypeIds) {
          const mine = new Map(held.filter((h) => h.archetypeId === archetypeId).map((h) => [h.skillId, h]));
          const toAdd = items.filter((s) => !mine.has(s.skillId));
          if (toAdd.length) {
            await tx.archetypeSkill.createMany({
              data: toAdd.map((s) => ({ tenantId, archetypeId, skillId: s.skillId, pinnedVersion: s.skillVersion, origin: "COWORK" })),
            });
          }
          for (const s of toAdd) added.add(s.skillId);
          if (!replace) continue;
          const toRemove = [...mine.keys()].filter((id) => !wanted.has(id));
          if (toRemove.length) {
            await tx.archetypeSkill.deleteMany({ where: { tenantId, archetypeId, skillId: { in: toRemove } } });
          }
          for (const id of toRemove) removed.add(id);
          // Kept skills now come from the Cowork, at its version.
          for (const [skillId, row] of mine) {
            const version = wanted.get(skillId);
            if (version !== undefined && (row.origin !== "COWORK" || row.pinnedVersion !== version)) {
              await tx.archetypeSkill.update({
                where: { tenantId_archetypeId_skillId: { tenantId, archetypeId, skillId } },
                data: { origin: "COWORK", pinnedVersion: version },
              });
            }
          }
        }
        if (replace) {
          await tx.archetype.updateMany({ where: { tenantId, id: { in: archetypeIds } }, data: { coworkId } });
          result = archetypes.map((a) => ({ ...a, coworkId }));
        }
      }
      return {
        value: result,
        added: [...added].sort(),
        removed: [...removed].sort(),
        warnings,
        event: {
          kind: "cowork.applied",
          subjects: [`cowork:${coworkId}`, ...archetypeIds.map((a) => `archetype:${a}`), ...(pilot ? [`group:${pilotGroupId}`] : [])],
          payload: {
            coworkId,
            mergeMode,
            archetypes: archetypeIds,
            pilotGroupId: pilot ? pilotGroupId : null,
            skills: items.map((s) => ({ skillId: s.skillId, skillVersion: s.skillVersion })),
            added: [...added].sort(),
            removed: [...removed].sort(),
          },
        },
      };
    },
  });
  return { archetypes: value, change };
}
