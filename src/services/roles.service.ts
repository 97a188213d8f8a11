// Roles of the directory: creation, the role's skill list (each skill resolved
// from a repository), role assignment, and the role's relations. Skill-list and
// membership changes are entitlement changes. Errors raised here:
//   NOT_FOUND           the role, a user or a skill is not in this tenant (DELETED skills included)
//   CONFLICT            the role id is taken
//   SKILL_NOT_GRANTABLE a skill newly put on the list is DRAFT or ARCHIVED
//   BAD_USER_INPUT      invalid id, empty name, a skill twice, a repository that is
//                       missing or that the skill does not come from
import type { RequestContext as Context } from "../core/context.js";
import { badInput, conflict, notFound } from "../core/errors.js";
import type { Connection, ConnectionArgs } from "../core/paging.js";
import type { CreateRoleInput, RoleSkillInput } from "./inputs.js";
import { checkKey } from "../catalog/keys.js";
import type { SkillRow } from "../catalog/store.js";
import type { Tx } from "../db/client.js";
import { publishForUsers, runEntitlementChange, type EntitlementChange } from "./entitlement-change.js";
import { runChange } from "./governance.js";
import { uniqueOrConflict } from "./ids.js";
import {
  checkName,
  grantableSkill,
  requireRole,
  requireUser,
  sortedIds,
  userKey,
  type RoleRow,
  type UserRow,
} from "./directory.service.js";

export interface RoleSkillNode {
  skill: SkillRow;
  repositoryId: string | null;
}



export async function createRole(ctx: Context, input: CreateRoleInput): Promise<RoleRow> {
  const id = checkKey(input.id, "input.id");
  const name = checkName(input.name, "input.name");
  const description = input.description?.trim() || null;
  const taken = `Role "${id}" already exists`;
  return uniqueOrConflict(
    runChange(ctx, async ({ tx, emit }) => {
      if (await tx.role.findUnique({ where: { tenantId_id: { tenantId: ctx.tenantId, id } } })) throw conflict(taken, "input.id");
      const role = await tx.role.create({ data: { tenantId: ctx.tenantId, id, name, description } });
      await emit({ kind: "directory.changed", subjects: [`role:${id}`], payload: { what: "role.created", name } });
      return role;
    }),
    taken,
    "input.id",
  );
}

async function roleSkillIds(tx: Tx, tenantId: string, roleId: string): Promise<string[]> {
  return (await tx.roleSkill.findMany({ where: { tenantId, roleId }, select: { skillId: true } })).map((r) => r.skillId);
}

/** Replaces the role's skill list; added/removed are the list diff. */
export async function setRoleSkills(
  ctx: Context,
  roleIdArg: string,
  skillsArg: RoleSkillInput[],
): Promise<{ role: RoleRow; change: EntitlementChange }> {
  const tenantId = ctx.tenantId;
  const roleId = checkKey(roleIdArg, "roleId");
  const seen = new Map<string, number>();
  const wanted = skillsArg.map((s, i) => {
    const skillId = checkKey(s.skillId, `skills.${i}.skillId`);
    const first = seen.get(skillId);
    if (first !== undefined) throw badInput(`Skill "${skillId}" appears twice (skills.${first} and skills.${i})`, `skills.${i}.skillId`);
    seen.set(skillId, i);
    const repositoryId = s.repositoryId == null ? null : checkKey(s.repositoryId, `skills.${i}.repositoryId`);
    return { index: i, skillId, repositoryId };
  });
  const { value, change } = await uniqueOrConflict(runEntitlementChange(ctx, false, {
    users: { kind: "role", id: roleId },
    skills: async (tx) => [...new Set([...(await roleSkillIds(tx, tenantId, roleId)), ...seen.keys()])],
    subjects: [`role:${roleId}`],
    publish: publishForUsers,
    apply: async ({ tx }) => {
      const role = await requireRole(tx, tenantId, roleId, "roleId");
      const repositoryIds = [...new Set(wanted.flatMap((w) => (w.repositoryId ? [w.repositoryId] : [])))];
      const [current, skills, repositories] = await Promise.all([
        tx.roleSkill.findMany({ where: { tenantId, roleId } }),
        seen.size ? tx.skill.findMany({ where: { tenantId, id: { in: [...seen.keys()] } } }) : [],
        repositoryIds.length ? tx.repository.findMany({ where: { tenantId, id: { in: repositoryIds } }, select: { id: true } }) : [],
      ]);
      const currentBy = new Map(current.map((r) => [r.skillId, r]));
      const skillBy = new Map(skills.map((s) => [s.id, s]));
      const repositorySet = new Set(repositories.map((r) => r.id));
      const warnings: string[] = [];
      const rows = wanted.map((w) => {
        const field = `skills.${w.index}`;
        const skill = skillBy.get(w.skillId);
        // Only skills newly put on the list must be grantable; kept ones stay as they are (a DELETED one never does).
        if (!skill) throw notFound("Skill", w.skillId, `${field}.skillId`);
        if (!currentBy.has(w.skillId) || skill.lifecycle === "DELETED") {
          warnings.push(...grantableSkill(skill, w.skillId, `${field}.skillId`));
        }
        if (w.repositoryId === null) return { skillId: w.skillId, repositoryId: skill.repositoryId };
        if (!repositorySet.has(w.repositoryId)) throw badInput(`Repository "${w.repositoryId}" not found`, `${field}.repositoryId`);
        if (skill.repositoryId !== w.repositoryId) {
          throw badInput(`Skill "${w.skillId}" does not come from repository "${w.repositoryId}"`, `${field}.repositoryId`);
        }
        return { skillId: w.skillId, repositoryId: w.repositoryId };
      });
      const added = rows.filter((r) => !currentBy.has(r.skillId));
      const removed = current.filter((r) => !seen.has(r.skillId)).map((r) => r.skillId);
      const moved = rows.filter((r) => currentBy.has(r.skillId) && currentBy.get(r.skillId)!.repositoryId !== r.repositoryId);
      if (removed.length) await tx.roleSkill.deleteMany({ where: { tenantId, roleId, skillId: { in: removed } } });
      if (added.length) await tx.roleSkill.createMany({ data: added.map((r) => ({ tenantId, roleId, ...r })) });
      // A kept skill resolved from another repository keeps its addedAt: one UPDATE per target repository.
      const byRepository = new Map<string | null, string[]>();
      for (const r of moved) byRepository.set(r.repositoryId, [...(byRepository.get(r.repositoryId) ?? []), r.skillId]);
      for (const [repositoryId, skillIds] of byRepository) {
        await tx.roleSkill.updateMany({ where: { tenantId, roleId, skillId: { in: skillIds } }, data: { repositoryId } });
      }
      const addedIds = sortedIds(added.map((r) => r.skillId));
      const removedIds = sortedIds(removed);
      const changed = addedIds.length + removedIds.length + moved.length > 0;
      return {
        value: role,
        added: addedIds,
        removed: removedIds,
        warnings,
        event: changed
          ? {
              kind: "directory.changed",
              subjects: [`role:${roleId}`, ...[...addedIds, ...removedIds].map((s) => `skill:${s}`)],
              payload: { what: "role.skills_set", roleId, added: addedIds, removed: removedIds, repositoryChanged: sortedIds(moved.map((r) => r.skillId)) },
            }
          : null,
      };
    },
  }), `A concurrent change edited the skills of role "${roleId}"; retry`, "skills");
  return { role: value, change };
}

async function changeAssignment(
  ctx: Context,
  userIdArg: string,
  roleIdArg: string,
  mode: "assign" | "unassign",
): Promise<{ user: UserRow; change: EntitlementChange }> {
  const tenantId = ctx.tenantId;
  const userId = userKey(userIdArg, "userId");
  const roleId = checkKey(roleIdArg, "roleId");
  const { value, change } = await uniqueOrConflict(
    runEntitlementChange(ctx, false, {
      users: { kind: "users", ids: [userId] },
      skills: (tx) => roleSkillIds(tx, tenantId, roleId),
      subjects: [`user:${userId}`, `role:${roleId}`],
      publish: publishForUsers,
      apply: async ({ tx }) => {
        const user = await requireUser(tx, tenantId, userId, "userId");
        await requireRole(tx, tenantId, roleId, "roleId");
        const key = { tenantId_roleId_userId: { tenantId, roleId, userId } };
        const member = await tx.roleMember.findUnique({ where: key });
        if (mode === "assign" ? member : !member) return { value: user, event: null };
        if (mode === "assign") await tx.roleMember.create({ data: { tenantId, roleId, userId } });
        else await tx.roleMember.delete({ where: key });
        return {
          value: user,
          event: {
            kind: "directory.changed",
            subjects: [`user:${userId}`, `role:${roleId}`],
            payload: { what: mode === "assign" ? "role.assigned" : "role.unassigned", userId, roleId },
          },
        };
      },
    }),
    `A concurrent change assigned role "${roleId}" to "${userId}"; retry`,
    "roleId",
  );
  return { user: value, change };
}

/** Assigning a role the user already has changes nothing. */
export function assignRole(ctx: Context, userId: string, roleId: string) {
  return changeAssignment(ctx, userId, roleId, "assign");
}

/** Unassigning a role the user does not have changes nothing. */
export function unassignRole(ctx: Context, userId: string, roleId: string) {
  return changeAssignment(ctx, userId, roleId, "unassign");
}

// ───────────── relations (through the per-request loaders) ─────────────


