// Archetypes of the directory: creation (a MANUAL skill list) and the
// archetype's relations. Skill-list edits and Cowork applies are entitlement
// mutations elsewhere; setUserArchetype lives with the users. Errors raised here:
//   NOT_FOUND           a skill is not in this tenant (DELETED skills included)
//   CONFLICT            the archetype id is taken
//   SKILL_NOT_GRANTABLE a skill is DRAFT or ARCHIVED
//   BAD_USER_INPUT      invalid id or empty name
import type { RequestContext as Context } from "../core/context.js";
import { conflict } from "../core/errors.js";
import type { Connection, ConnectionArgs } from "../core/paging.js";
import { ArchetypeSkillOrigin } from "../core/enums.js";
import type { CreateArchetypeInput } from "./inputs.js";
import { checkKey } from "../catalog/keys.js";
import type { SkillRow } from "../catalog/store.js";
import { runChange } from "./governance.js";
import { uniqueOrConflict } from "./ids.js";
import {
  checkName,
  grantableSkill,
  type ArchetypeRow,
  type CoworkRow,
  type UserRow,
} from "./directory.service.js";

export interface ArchetypeSkillNode {
  skill: SkillRow;
  skillVersion: string;
  origin: ArchetypeSkillOrigin;
  addedAt: Date;
}



export async function createArchetype(ctx: Context, input: CreateArchetypeInput): Promise<ArchetypeRow> {
  const tenantId = ctx.tenantId;
  const id = checkKey(input.id, "input.id");
  const name = checkName(input.name, "input.name");
  const skillIds = (input.skillIds ?? []).map((s, i) => checkKey(s, `input.skillIds.${i}`));
  const taken = `Archetype "${id}" already exists`;
  return uniqueOrConflict(
    runChange(ctx, async ({ tx, emit }) => {
      if (await tx.archetype.findUnique({ where: { tenantId_id: { tenantId, id } } })) throw conflict(taken, "input.id");
      const unique = [...new Set(skillIds)];
      const skills = new Map(
        (unique.length ? await tx.skill.findMany({ where: { tenantId, id: { in: unique } } }) : []).map((s) => [s.id, s]),
      );
      skillIds.forEach((skillId, i) => grantableSkill(skills.get(skillId), skillId, `input.skillIds.${i}`));
      const archetype = await tx.archetype.create({ data: { tenantId, id, name } });
      if (unique.length) {
        await tx.archetypeSkill.createMany({
          data: unique.map((skillId) => ({ tenantId, archetypeId: id, skillId, pinnedVersion: null, origin: ArchetypeSkillOrigin.MANUAL })),
        });
      }
      await emit({
        kind: "directory.changed",
        subjects: [`archetype:${id}`, ...unique.map((s) => `skill:${s}`)],
        payload: { what: "archetype.created", name, skillIds: unique },
      });
      return archetype;
    }),
    taken,
    "input.id",
  );
}

// ───────────── relations (through the per-request loaders) ─────────────




