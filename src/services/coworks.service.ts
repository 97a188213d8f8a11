// Coworks: packaged skill sets (each skill at a deployed version) that
// applyCowork puts on archetypes. Errors raised here:
//   NOT_FOUND           a skill is not in this tenant (DELETED skills included)
//   CONFLICT            the cowork id is taken
//   SKILL_NOT_GRANTABLE a skill is DRAFT (never deployed) or ARCHIVED
//   BAD_USER_INPUT      invalid id, empty name, a skill twice, a version that was never deployed
import type { RequestContext as Context } from "../core/context.js";
import { badInput, conflict } from "../core/errors.js";
import type { CreateCoworkInput } from "./inputs.js";
import { checkKey } from "../catalog/keys.js";
import type { SkillRow } from "../catalog/store.js";
import { runChange } from "./governance.js";
import { uniqueOrConflict } from "./ids.js";
import { checkName, grantableSkill, type CoworkRow } from "./directory.service.js";

export interface CoworkSkillNode {
  skill: SkillRow;
  skillVersion: string;
}



export async function createCowork(ctx: Context, input: CreateCoworkInput): Promise<CoworkRow> {
  const tenantId = ctx.tenantId;
  const id = checkKey(input.id, "input.id");
  const name = checkName(input.name, "input.name");
  const seen = new Map<string, number>();
  const wanted = input.skills.map((s, i) => {
    const skillId = checkKey(s.skillId, `input.skills.${i}.skillId`);
    const first = seen.get(skillId);
    if (first !== undefined) {
      throw badInput(`Skill "${skillId}" appears twice (input.skills.${first} and input.skills.${i})`, `input.skills.${i}.skillId`);
    }
    seen.set(skillId, i);
    const skillVersion = s.skillVersion == null ? null : s.skillVersion.trim();
    if (skillVersion === "") throw badInput("skillVersion must not be empty (omit it for the current version)", `input.skills.${i}.skillVersion`);
    return { index: i, skillId, skillVersion };
  });
  const taken = `Cowork "${id}" already exists`;
  return uniqueOrConflict(
    runChange(ctx, async ({ tx, emit }) => {
      if (await tx.cowork.findUnique({ where: { tenantId_id: { tenantId, id } } })) throw conflict(taken, "input.id");
      const skillIds = [...seen.keys()];
      const pinned = [...new Set(wanted.flatMap((w) => (w.skillVersion ? [w.skillVersion] : [])))];
      const [skills, versions] = await Promise.all([
        skillIds.length ? tx.skill.findMany({ where: { tenantId, id: { in: skillIds } } }) : [],
        pinned.length
          ? tx.skillVersion.findMany({
              where: { tenantId, skillId: { in: skillIds }, key: { in: pinned }, isDraft: false },
              select: { skillId: true, key: true },
            })
          : [],
      ]);
      const skillBy = new Map(skills.map((s) => [s.id, s]));
      const deployed = new Set(versions.map((v) => `${v.skillId}\u0000${v.key}`));
      const rows = wanted.map((w) => {
        const field = `input.skills.${w.index}`;
        const skill = skillBy.get(w.skillId);
        grantableSkill(skill, w.skillId, `${field}.skillId`);
        if (w.skillVersion && !deployed.has(`${w.skillId}\u0000${w.skillVersion}`)) {
          throw badInput(`Skill "${w.skillId}" has no deployed version ${w.skillVersion}`, `${field}.skillVersion`);
        }
        return { skillId: w.skillId, skillVersion: w.skillVersion ?? skill!.currentVersion! };
      });
      const cowork = await tx.cowork.create({ data: { tenantId, id, name } });
      if (rows.length) await tx.coworkSkill.createMany({ data: rows.map((r) => ({ tenantId, coworkId: id, ...r })) });
      await emit({
        kind: "directory.changed",
        subjects: [`cowork:${id}`, ...rows.map((r) => `skill:${r.skillId}`)],
        payload: { what: "cowork.created", name, skills: rows },
      });
      return cowork;
    }),
    taken,
    "input.id",
  );
}

