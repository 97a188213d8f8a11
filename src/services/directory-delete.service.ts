// Deleting directory objects. Rows go for good (a deleted object is NOT_FOUND
// and its id can be used again); what it was and what it held stays in the
// governance log (directory.changed, what: "<kind>.deleted"). Deletes that change
// who sees what (group, role, archetype, repository) run through the entitlement
// engine with dryRun and the change payload, publishing to the users whose
// pickers changed (the object's own publish scope is gone with it).
// Errors raised here:
//   NOT_FOUND      the object is not in this tenant
//   BAD_USER_INPUT invalid id
import type { RequestContext } from "../core/context.js";
import { notFound } from "../core/errors.js";
import { checkKey } from "../catalog/keys.js";
import type { Tx } from "../db/client.js";
import { publishForUsers, runEntitlementChange, type EntitlementChange } from "./entitlement-change.js";
import { runChange } from "./governance.js";

export interface Deleted {
  id: string;
  name: string;
}

export interface DeleteResult {
  deleted: Deleted;
  change: EntitlementChange;
}

async function skillIdsOf(rows: Promise<{ skillId: string }[]>[]): Promise<string[]> {
  return [...new Set((await Promise.all(rows)).flat().map((r) => r.skillId))];
}

/**
 * Members get the group's augments taken away and its blocks lifted: a blocked
 * skill another source grants comes back, and the payload warns which.
 */
export async function deleteGroup(ctx: RequestContext, idArg: string, dryRun: boolean): Promise<DeleteResult> {
  const id = checkKey(idArg, "id");
  const tenantId = ctx.tenantId;
  const where = { tenantId, groupId: id };
  let blocked: string[] = [];
  const { value, change } = await runEntitlementChange(ctx, dryRun, {
    // Resolved before the write: afterwards the group has no members to find.
    users: async (tx) => ({ kind: "users", ids: (await tx.groupMember.findMany({ where, select: { userId: true } })).map((m) => m.userId) }),
    skills: async (tx) => {
      const select = { skillId: true } as const;
      const blocks = await tx.groupBlock.findMany({ where, select });
      blocked = blocks.map((b) => b.skillId).sort();
      return skillIdsOf([tx.groupAugment.findMany({ where, select }), Promise.resolve(blocks)]);
    },
    subjects: [`group:${id}`],
    publish: publishForUsers,
    trigger: "directory_delete",
    apply: async ({ tx }) => {
      const group = await tx.group.findUnique({ where: { tenantId_id: { tenantId, id } } });
      if (!group) throw notFound("Group", id, "id");
      const members = await tx.groupMember.count({ where });
      const augments = (await tx.groupAugment.findMany({ where, select: { skillId: true } })).map((a) => a.skillId).sort();
      await tx.groupMember.deleteMany({ where });
      await tx.groupAugment.deleteMany({ where });
      await tx.groupBlock.deleteMany({ where });
      // Team configs and manager entries name the group; they go with it.
      const configs = await tx.skillConfig.deleteMany({ where: { tenantId, scope: "TEAM", teamId: id } });
      await tx.skillManager.deleteMany({ where: { tenantId, kind: "GROUP", principalId: id } });
      await tx.group.delete({ where: { tenantId_id: { tenantId, id } } });
      return {
        value: { id, name: group.name },
        event: {
          kind: "directory.changed",
          subjects: [`group:${id}`],
          payload: { what: "group.deleted", groupId: id, name: group.name, members, augments, blocks: blocked, teamConfigsDeleted: configs.count },
        },
      };
    },
  });
  const restored = blocked.filter((s) => change.added.includes(s));
  if (restored.length) {
    change.warnings.push(
      `Group "${id}" blocked ${restored.join(", ")}; deleting it gives ${restored.length === 1 ? "that skill" : "those skills"} back to members another source grants them to`,
    );
  } else if (blocked.length) {
    change.warnings.push(`Group "${id}" blocked ${blocked.join(", ")}; those blocks are lifted`);
  }
  return { deleted: value, change };
}

export async function deleteRole(ctx: RequestContext, idArg: string, dryRun: boolean): Promise<DeleteResult> {
  const id = checkKey(idArg, "id");
  const tenantId = ctx.tenantId;
  const where = { tenantId, roleId: id };
  const { value, change } = await runEntitlementChange(ctx, dryRun, {
    users: async (tx) => ({ kind: "users", ids: (await tx.roleMember.findMany({ where, select: { userId: true } })).map((m) => m.userId) }),
    skills: (tx) => skillIdsOf([tx.roleSkill.findMany({ where, select: { skillId: true } })]),
    subjects: [`role:${id}`],
    publish: publishForUsers,
    trigger: "directory_delete",
    apply: async ({ tx }) => {
      const role = await tx.role.findUnique({ where: { tenantId_id: { tenantId, id } } });
      if (!role) throw notFound("Role", id, "id");
      const members = await tx.roleMember.count({ where });
      const skills = (await tx.roleSkill.findMany({ where, select: { skillId: true } })).map((s) => s.skillId).sort();
      await tx.roleMember.deleteMany({ where });
      await tx.roleSkill.deleteMany({ where });
      await tx.role.delete({ where: { tenantId_id: { tenantId, id } } });
      return {
        value: { id, name: role.name },
        event: { kind: "directory.changed", subjects: [`role:${id}`], payload: { what: "role.deleted", roleId: id, name: role.name, members, skills } },
      };
    },
  });
  return { deleted: value, change };
}

/** Its users are left with no archetype (and lose its skills unless another source grants them). */
export async function deleteArchetype(ctx: RequestContext, idArg: string, dryRun: boolean): Promise<DeleteResult> {
  const id = checkKey(idArg, "id");
  const tenantId = ctx.tenantId;
  const { value, change } = await runEntitlementChange(ctx, dryRun, {
    users: async (tx) => ({ kind: "users", ids: (await tx.user.findMany({ where: { tenantId, archetypeId: id }, select: { id: true } })).map((u) => u.id) }),
    skills: (tx) => skillIdsOf([tx.archetypeSkill.findMany({ where: { tenantId, archetypeId: id }, select: { skillId: true } })]),
    subjects: [`archetype:${id}`],
    publish: publishForUsers,
    trigger: "directory_delete",
    apply: async ({ tx }) => {
      const archetype = await tx.archetype.findUnique({ where: { tenantId_id: { tenantId, id } } });
      if (!archetype) throw notFound("Archetype", id, "id");
      const users = await tx.user.updateMany({ where: { tenantId, archetypeId: id }, data: { archetypeId: null } });
      const skills = (await tx.archetypeSkill.findMany({ where: { tenantId, archetypeId: id }, select: { skillId: true } })).map((s) => s.skillId).sort();
      await tx.archetypeSkill.deleteMany({ where: { tenantId, archetypeId: id } });
      await tx.archetype.delete({ where: { tenantId_id: { tenantId, id } } });
      return {
        value: { id, name: archetype.name },
        event: {
          kind: "directory.changed",
          subjects: [`archetype:${id}`],
          payload: { what: "archetype.deleted", archetypeId: id, name: archetype.name, users: users.count, skills, coworkId: archetype.coworkId },
        },
      };
    },
  });
  return { deleted: value, change };
}

/**
 * Applying a Cowork copied its skills into the archetypes, so deleting it
 * changes no one's skills: the archetypes keep them and forget the Cowork.
 */
export async function deleteCowork(ctx: RequestContext, idArg: string): Promise<Deleted> {
  const id = checkKey(idArg, "id");
  const tenantId = ctx.tenantId;
  return runChange(ctx, async ({ tx, emit }) => {
    const cowork = await tx.cowork.findUnique({ where: { tenantId_id: { tenantId, id } } });
    if (!cowork) throw notFound("Cowork", id, "id");
    const archetypes = await tx.archetype.findMany({ where: { tenantId, coworkId: id }, select: { id: true } });
    await tx.archetype.updateMany({ where: { tenantId, coworkId: id }, data: { coworkId: null } });
    const skills = (await tx.coworkSkill.findMany({ where: { tenantId, coworkId: id } })).map((s) => `${s.skillId}@${s.skillVersion}`);
    await tx.coworkSkill.deleteMany({ where: { tenantId, coworkId: id } });
    await tx.cowork.delete({ where: { tenantId_id: { tenantId, id } } });
    await emit({
      kind: "directory.changed",
      subjects: [`cowork:${id}`, ...archetypes.map((a) => `archetype:${a.id}`)],
      payload: { what: "cowork.deleted", coworkId: id, name: cowork.name, skills, archetypes: archetypes.map((a) => a.id) },
    });
    return { id, name: cowork.name };
  });
}

/** Its assignments and skill requests go with it (agents hold no user entitlements). */
export async function deleteAgent(ctx: RequestContext, idArg: string): Promise<Deleted> {
  const id = checkKey(idArg, "id");
  const tenantId = ctx.tenantId;
  return runChange(ctx, async ({ tx, emit }) => {
    const agent = await tx.agent.findUnique({ where: { tenantId_id: { tenantId, id } } });
    if (!agent) throw notFound("Agent", id, "id");
    const assignments = (await tx.agentSkillAssignment.findMany({ where: { tenantId, agentId: id }, select: { skillId: true } })).map((a) => a.skillId).sort();
    await tx.agentSkillAssignment.deleteMany({ where: { tenantId, agentId: id } });
    const requests = await tx.skillRequest.deleteMany({ where: { tenantId, agentId: id } });
    await tx.agent.delete({ where: { tenantId_id: { tenantId, id } } });
    await emit({
      kind: "directory.changed",
      subjects: [`agent:${id}`, ...assignments.map((s) => `skill:${s}`)],
      payload: { what: "agent.deleted", agentId: id, name: agent.name, assignments, skillRequests: requests.count },
    });
    return { id, name: agent.name };
  });
}

export interface RepositoryDeleteResult extends DeleteResult {
  /** DISCOVERED skills, soft-deleted with the repository (lifecycle DELETED, assignments removed). */
  deletedSkills: string[];
  /** MANUAL skills, kept as skills of no repository. */
  keptSkills: string[];
}

/**
 * DISCOVERED skills follow the repository: they are soft-deleted (lifecycle
 * DELETED, their agent assignments removed), exactly as a sync prunes a skill
 * that vanished. MANUAL skills stay, detached (repository null). Role skills
 * resolved from the repository keep granting, without the repository.
 */
export async function deleteRepository(ctx: RequestContext, idArg: string, dryRun: boolean): Promise<RepositoryDeleteResult> {
  const id = checkKey(idArg, "id");
  const tenantId = ctx.tenantId;
  const discovered = (tx: Tx) =>
    tx.skill.findMany({ where: { tenantId, repositoryId: id, source: "DISCOVERED", lifecycle: { not: "DELETED" } }, select: { id: true, lifecycle: true } });
  const { value, change } = await runEntitlementChange(ctx, dryRun, {
    users: { kind: "tenant" },
    skills: async (tx) => (await discovered(tx)).map((s) => s.id),
    subjects: [`repository:${id}`],
    publish: publishForUsers,
    trigger: "directory_delete",
    apply: async ({ tx, emit }) => {
      const repository = await tx.repository.findUnique({ where: { tenantId_id: { tenantId, id } } });
      if (!repository) throw notFound("Repository", id, "id");
      const gone = await discovered(tx);
      const goneIds = gone.map((s) => s.id).sort();
      const kept = (await tx.skill.findMany({ where: { tenantId, repositoryId: id, source: { not: "DISCOVERED" } }, select: { id: true } }))
        .map((s) => s.id)
        .sort();
      if (goneIds.length) {
        const assignments = await tx.agentSkillAssignment.findMany({ where: { tenantId, skillId: { in: goneIds } }, select: { agentId: true, skillId: true } });
        await tx.agentSkillAssignment.deleteMany({ where: { tenantId, skillId: { in: goneIds } } });
        await tx.skill.updateMany({ where: { tenantId, id: { in: goneIds } }, data: { lifecycle: "DELETED", deletedAt: new Date() } });
        for (const s of gone) {
          const agents = assignments.filter((a) => a.skillId === s.id).map((a) => a.agentId).sort();
          await emit({
            kind: "skill.lifecycle_changed",
            subjects: [`skill:${s.id}`, ...agents.map((a) => `agent:${a}`)],
            payload: { from: s.lifecycle, to: "DELETED", removedAssignments: agents, reason: "repository.deleted", repositoryId: id },
          });
        }
      }
      await tx.skill.updateMany({ where: { tenantId, repositoryId: id }, data: { repositoryId: null } });
      await tx.roleSkill.updateMany({ where: { tenantId, repositoryId: id }, data: { repositoryId: null } });
      await tx.repository.delete({ where: { tenantId_id: { tenantId, id } } });
      return {
        value: { deleted: { id, name: repository.name }, deletedSkills: goneIds, keptSkills: kept },
        event: {
          kind: "repository.deleted",
          subjects: [`repository:${id}`],
          payload: { repositoryId: id, name: repository.name, location: repository.location, deletedSkills: goneIds, keptSkills: kept },
        },
      };
    },
  });
  return { ...value, change };
}

export interface PlatformDeleteResult {
  deleted: Deleted;
  /** Ids of the QUEUED or RUNNING jobs that were cancelled. */
  cancelledJobs: string[];
}

/**
 * Its QUEUED and RUNNING jobs are cancelled, and its job rows go with it (a job
 * names its platform); the governance log keeps every publish_job event.
 */
export async function deletePlatform(ctx: RequestContext, idArg: string): Promise<PlatformDeleteResult> {
  const id = checkKey(idArg, "id");
  const tenantId = ctx.tenantId;
  return runChange(ctx, async ({ tx, emit }) => {
    const platform = await tx.distributionPlatform.findUnique({ where: { tenantId_id: { tenantId, id } } });
    if (!platform) throw notFound("Distribution platform", id, "id");
    const open = await tx.publishJob.findMany({
      where: { tenantId, platformId: id, status: { in: ["QUEUED", "RUNNING"] } },
      select: { id: true },
      orderBy: { id: "asc" },
    });
    const cancelled = open.map((j) => j.id);
    const jobs = await tx.publishJob.deleteMany({ where: { tenantId, platformId: id } });
    await tx.distributionPlatform.delete({ where: { tenantId_id: { tenantId, id } } });
    await emit({
      kind: "distribution.platform_deleted",
      subjects: [`platform:${id}`, ...cancelled.map((j) => `publish_job:${j}`)],
      payload: { platformId: id, name: platform.name, delivery: platform.delivery, cancelledJobs: cancelled, jobsDeleted: jobs.count },
    });
    return { deleted: { id, name: platform.name }, cancelledJobs: cancelled };
  });
}
