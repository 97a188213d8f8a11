// Archetype and group edits: the list-level writes behind who sees what. Every
// write runs through runEntitlementChange, so affected users, events and publish
// jobs come from one place, and a dry run answers exactly as the real call.
// `added` / `removed` in the payload are list-level: ids actually put on or
// taken off the archetype's list, the group's augments or the group's blocks
// (for a block, `added` are the skills newly blocked). Errors raised here:
//   NOT_FOUND           the archetype, the group or a skill is not in this tenant
//   SKILL_NOT_GRANTABLE a skill to add (archetype skill, augment) is DRAFT, ARCHIVED or DELETED
//   BAD_USER_INPUT      the same skill is both added and removed
import type { RequestContext as Context } from "../core/context.js";
import { badInput, notFound, notGrantable } from "../core/errors.js";
import type { SkillRow } from "../catalog/store.js";
import type { Tx } from "../db/client.js";
import { runEntitlementChange, type EntitlementChange } from "./entitlement-change.js";
import { requireArchetype, requireGroup, type ArchetypeRow, type GroupRow } from "./directory.service.js";


import { grantableSkill } from "./skill-rules.js";

/** The grant rule of every entitlement source (skill-rules.ts). */
export const grantableWarnings = (skill: SkillRow, field: string): string[] => grantableSkill(skill, skill.id, field);

/** Ids in first-seen order, each with the index it first appears at (for error fields). */
export function distinct(ids: readonly string[]): { id: string; index: number }[] {
  const seen = new Set<string>();
  const out: { id: string; index: number }[] = [];
  ids.forEach((id, index) => {
    if (!seen.has(id)) {
      seen.add(id);
      out.push({ id, index });
    }
  });
  return out;
}

/** Loads every listed skill in one statement; the first unknown one is NOT_FOUND at `<field>.<index>`. */
export async function requireSkills(
  tx: Tx,
  tenantId: string,
  ids: readonly string[],
  field: string,
): Promise<{ skill: SkillRow; field: string }[]> {
  const wanted = distinct(ids);
  if (wanted.length === 0) return [];
  const rows = await tx.skill.findMany({ where: { tenantId, id: { in: wanted.map((w) => w.id) } } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return wanted.map(({ id, index }) => {
    const skill = byId.get(id);
    if (!skill) throw notFound("Skill", id, `${field}.${index}`);
    return { skill, field: `${field}.${index}` };
  });
}



// ───────────── archetypes ─────────────

export interface ArchetypeEditResult {
  archetype: ArchetypeRow;
  change: EntitlementChange;
}

export async function updateArchetypeSkills(
  ctx: Context,
  archetypeId: string,
  addSkills: readonly string[] | null | undefined,
  removeSkills: readonly string[] | null | undefined,
  dryRun: boolean,
): Promise<ArchetypeEditResult> {
  const add = addSkills ?? [];
  const remove = removeSkills ?? [];
  const adding = new Set(add);
  const both = remove.findIndex((id) => adding.has(id));
  if (both !== -1) throw badInput(`Skill "${remove[both]}" is both added and removed`, `removeSkills.${both}`);
  const tenantId = ctx.tenantId;
  const { value, change } = await runEntitlementChange(ctx, dryRun, {
    users: { kind: "archetypes", ids: [archetypeId] },
    skills: [...new Set([...add, ...remove])],
    subjects: [`archetype:${archetypeId}`, ...[...new Set([...add, ...remove])].map((s) => `skill:${s}`)],
    publish: () => [{ scope: "ARCHETYPE", scopeId: archetypeId }],
    async apply({ tx }) {
      const archetype = await requireArchetype(tx, tenantId, archetypeId, "archetypeId");
      const toAdd = await requireSkills(tx, tenantId, add, "addSkills");
      const toRemove = await requireSkills(tx, tenantId, remove, "removeSkills");
      const warnings = toAdd.flatMap(({ skill, field }) => grantableWarnings(skill, field));
      const present = new Set(
        (
          await tx.archetypeSkill.findMany({
            where: { tenantId, archetypeId, skillId: { in: [...toAdd, ...toRemove].map((s) => s.skill.id) } },
            select: { skillId: true },
          })
        ).map((r) => r.skillId),
      );
      const added = toAdd.map((s) => s.skill.id).filter((id) => !present.has(id));
      const removed = toRemove.map((s) => s.skill.id).filter((id) => present.has(id));
      if (added.length) {
        await tx.archetypeSkill.createMany({
          data: added.map((skillId) => ({ tenantId, archetypeId, skillId, pinnedVersion: null, origin: "MANUAL" })),
        });
      }
      if (removed.length) await tx.archetypeSkill.deleteMany({ where: { tenantId, archetypeId, skillId: { in: removed } } });
      return { value: archetype, added: added.sort(), removed: removed.sort(), warnings };
    },
  });
  return { archetype: value, change };
}

// ───────────── groups ─────────────

export interface GroupEditResult {
  group: GroupRow;
  change: EntitlementChange;
}

type GroupList = "augment" | "block";

/** Adds skills to or removes them from a group's augments or blocks. */
async function editGroupList(
  ctx: Context,
  groupId: string,
  skillIds: readonly string[],
  dryRun: boolean,
  list: GroupList,
  op: "add" | "remove",
): Promise<GroupEditResult> {
  const tenantId = ctx.tenantId;
  const ids = [...new Set(skillIds)];
  const { value, change } = await runEntitlementChange(ctx, dryRun, {
    users: { kind: "group", id: groupId },
    skills: ids,
    subjects: [`group:${groupId}`, ...ids.map((s) => `skill:${s}`)],
    publish: () => [{ scope: "GROUP", scopeId: groupId }],
    async apply({ tx }) {
      const group = await requireGroup(tx, tenantId, groupId, "groupId");
      const skills = await requireSkills(tx, tenantId, skillIds, "skillIds");
      // Granting needs a grantable skill; blocking (and taking anything away) does not.
      const warnings =
        list === "augment" && op === "add" ? skills.flatMap(({ skill, field }) => grantableWarnings(skill, field)) : [];
      const where = { tenantId, groupId, skillId: { in: ids } };
      const present = new Set(
        (list === "augment"
          ? await tx.groupAugment.findMany({ where, select: { skillId: true } })
          : await tx.groupBlock.findMany({ where, select: { skillId: true } })
        ).map((r) => r.skillId),
      );
      if (op === "add") {
        const added = ids.filter((id) => !present.has(id)).sort();
        if (added.length) {
          const data = added.map((skillId) => ({ tenantId, groupId, skillId }));
          if (list === "augment") await tx.groupAugment.createMany({ data });
          else await tx.groupBlock.createMany({ data });
        }
        return { value: group, added, removed: [], warnings };
      }
      const removed = ids.filter((id) => present.has(id)).sort();
      if (removed.length) {
        const del = { where: { tenantId, groupId, skillId: { in: removed } } };
        if (list === "augment") await tx.groupAugment.deleteMany(del);
        else await tx.groupBlock.deleteMany(del);
      }
      return { value: group, added: [], removed, warnings };
    },
  });
  return { group: value, change };
}

export const addGroupAugment = (ctx: Context, groupId: string, skillIds: readonly string[], dryRun: boolean) =>
  editGroupList(ctx, groupId, skillIds, dryRun, "augment", "add");

export const removeGroupAugment = (ctx: Context, groupId: string, skillIds: readonly string[], dryRun: boolean) =>
  editGroupList(ctx, groupId, skillIds, dryRun, "augment", "remove");

export const blockSkillsForGroup = (ctx: Context, groupId: string, skillIds: readonly string[], dryRun: boolean) =>
  editGroupList(ctx, groupId, skillIds, dryRun, "block", "add");

export const unblockSkillsForGroup = (ctx: Context, groupId: string, skillIds: readonly string[], dryRun: boolean) =>
  editGroupList(ctx, groupId, skillIds, dryRun, "block", "remove");
