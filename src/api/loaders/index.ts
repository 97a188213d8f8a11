// Per-request DataLoaders (graphql/dataloader README: "Creating a new DataLoader
// per request"): every relation field goes through one, so statements per
// request do not grow with the size of a page. Every query is tenant-scoped.
import type { Database, Db } from "../../db/client.js";
import DataLoader from "dataloader";
import { loadWorld, type World } from "../../services/entitlement-data.js";
import { countStored, readStored, type StoredEntitlements } from "../../services/stored-entitlements.js";
import { listLoader, MAX_BATCH, rowLoader } from "./dataloader.js";
import { hotReads } from "../../db/hot-reads.js";
import type { AgentRow } from "../../services/agents.service.js";
import type { UserRow } from "../../services/directory.service.js";
import type { AssignmentRow } from "../../services/assignments.service.js";
import type { SkillRow } from "../../catalog/store.js";

/**
 * A list relation whose rows name skills (augments, blocks, role, archetype and
 * cowork skills), each row with its skill, soft-deleted skills left out: two
 * statements per batch (rows, then their skills), so the count does not depend
 * on how loads from different fields happen to share a batch.
 */
function skillListLoader<Row extends { skillId: string }>(
  prisma: Db,
  tenantId: string,
  load: (keys: string[]) => Promise<Row[]>,
  keyOf: (row: Row) => string,
) {
  return listLoader(async (keys: string[]) => {
    const rows = await load(keys);
    const ids = [...new Set(rows.map((r) => r.skillId))];
    const skills = ids.length
      ? await prisma.skill.findMany({ where: { tenantId, lifecycle: { not: "DELETED" }, ...(ids.length <= 500 ? { id: { in: ids } } : {}) } })
      : [];
    const byId = new Map(skills.map((s) => [s.id, s]));
    return rows.flatMap((row) => {
      const skill = byId.get(row.skillId);
      return skill ? [{ ...row, skill }] : [];
    });
  }, keyOf);
}

/**
 * Loaders are built on first use: a request (or a subscription message, each
 * of which gets fresh loaders) touches a handful of them, so building every
 * one each time would be most of the cost of a small message. The factories
 * close over the tenant only, so they are made once per tenant and shared.
 */
function lazily<T extends Record<string, () => unknown>>(factories: T): { [K in keyof T]: ReturnType<T[K]> } {
  const made: Record<string | symbol, unknown> = {};
  return new Proxy(made, {
    get(target, key) {
      if (!(key in target) && typeof key === "string" && key in factories) target[key] = factories[key]();
      return target[key];
    },
  }) as { [K in keyof T]: ReturnType<T[K]> };
}

const factoryCache = new WeakMap<Db, Map<string, ReturnType<typeof loaderFactories>>>();

export function createLoaders(db: Pick<Database, "prisma" | "kind" | "direct">, tenantId: string) {
  let byTenant = factoryCache.get(db.prisma);
  if (!byTenant) factoryCache.set(db.prisma, (byTenant = new Map()));
  let factories = byTenant.get(tenantId);
  if (!factories) byTenant.set(tenantId, (factories = loaderFactories(db, tenantId)));
  return lazily(factories);
}

function loaderFactories(db: Pick<Database, "prisma" | "kind" | "direct">, tenantId: string) {
  const { prisma } = db;
  const t = { tenantId };
  const hot = hotReads(db, tenantId);
  return {
    tenant: () => rowLoader(
      (ids) => prisma.tenant.findMany({ where: { id: { in: ids } } }),
      (r) => r.id,
    ),
    skill: () => rowLoader(
      (ids) => hot.skills<SkillRow>(ids),
      (r) => r.id,
    ),
    skillVersions: () => listLoader(
      (ids) =>
        prisma.skillVersion.findMany({
          where: { ...t, skillId: { in: ids } },
          orderBy: [{ isDraft: "desc" }, { createdAt: "desc" }, { key: "desc" }],
        }),
      (r) => r.skillId,
    ),
    repository: () => rowLoader(
      (ids) => prisma.repository.findMany({ where: { ...t, id: { in: ids } } }),
      (r) => r.id,
    ),
    /** Repository.skills: non-deleted skills, ordered by id. */
    skillsByRepository: () => listLoader(
      (ids) =>
        prisma.skill.findMany({
          where: { ...t, repositoryId: { in: ids }, lifecycle: { not: "DELETED" } },
          orderBy: { id: "asc" },
        }),
      (r) => r.repositoryId!,
    ),
    agent: () => rowLoader(
      (ids) => hot.agents<AgentRow>(ids),
      (r) => r.id,
    ),
    assignmentsBySkill: () => listLoader(
      (ids) => hot.assignmentsBySkill<AssignmentRow>(ids),
      (r) => r.skillId,
    ),
    /** The same lists, each assignment with its agent's row (hot-reads' JOINED_AGENT): Skill.assignedAgents when the agent is asked for. */
    assignmentsBySkillWithAgent: () => listLoader(
      (ids) => hot.assignmentsBySkillWithAgent<AssignmentRow>(ids),
      (r) => r.skillId,
    ),
    assignmentsByAgent: () => listLoader(
      (ids) =>
        prisma.agentSkillAssignment.findMany({
          where: { ...t, agentId: { in: ids } },
          orderBy: [{ priority: "desc" }, { skillId: "asc" }],
        }),
      (r) => r.agentId,
    ),
    group: () => rowLoader(
      (ids) => prisma.group.findMany({ where: { ...t, id: { in: ids } } }),
      (r) => r.id,
    ),
    user: () => rowLoader(
      (ids) => hot.users<UserRow>(ids),
      (r) => r.id,
    ),
    archetype: () => rowLoader(
      (ids) => prisma.archetype.findMany({ where: { ...t, id: { in: ids } } }),
      (r) => r.id,
    ),
    role: () => rowLoader(
      (ids) => prisma.role.findMany({ where: { ...t, id: { in: ids } } }),
      (r) => r.id,
    ),
    platform: () => rowLoader(
      (ids) => prisma.distributionPlatform.findMany({ where: { ...t, id: { in: ids } } }),
      (r) => r.id,
    ),
    userGrant: () => rowLoader(
      (ids) => prisma.userGrant.findMany({ where: { ...t, id: { in: ids } } }),
      (r) => r.id,
    ),
    /** Each user's effective and blocked skills now, from the stored rows: one statement per batch. */
    entitlements: () => new DataLoader<string, StoredEntitlements>(async (userIds) => {
      const stored = await readStored(db, tenantId, userIds);
      return userIds.map((id) => stored.get(id)!);
    }, { maxBatchSize: MAX_BATCH }),
    /** Each user's number of effective skills now (totalCount alone decodes no row). */
    effectiveCount: () => new DataLoader<string, number>(async (userIds) => {
      const counts = await countStored(db, tenantId, userIds);
      return userIds.map((id) => counts.get(id)!);
    }, { maxBatchSize: MAX_BATCH }),
    /** Each user's entitlement input for the given skill ("userId\u0000skillId" keys): explainSkill over a page of users. */
    entitlementInputs: () => new DataLoader<string, World>(async (keys) => {
      const pairs = keys.map((k) => k.split("\u0000") as [string, string]);
      const world = await loadWorld(prisma, tenantId, { kind: "users", ids: [...new Set(pairs.map((p) => p[0]))] }, [...new Set(pairs.map((p) => p[1]))]);
      return keys.map(() => world);
    }, { maxBatchSize: MAX_BATCH }),
    cowork: () => rowLoader(
      (ids) => prisma.cowork.findMany({ where: { ...t, id: { in: ids } } }),
      (r) => r.id,
    ),
    // ── directory relations (users, groups, roles, archetypes, coworks) ──
    /** User.groups: the user's memberships in group id order. */
    userGroupMemberships: () => listLoader(
      (ids) =>
        prisma.groupMember.findMany({
          where: { ...t, userId: { in: ids } },
          select: { userId: true, groupId: true },
          orderBy: { groupId: "asc" },
        }),
      (r) => r.userId,
    ),
    /** User.roles: the user's role memberships in role id order. */
    userRoleMemberships: () => listLoader(
      (ids) =>
        prisma.roleMember.findMany({
          where: { ...t, userId: { in: ids } },
          select: { userId: true, roleId: true },
          orderBy: { roleId: "asc" },
        }),
      (r) => r.userId,
    ),
    /** User.grants: active and past grants, newest first. */
    userGrants: () => listLoader(
      (ids) => prisma.userGrant.findMany({ where: { ...t, userId: { in: ids } }, orderBy: [{ grantedAt: "desc" }, { id: "desc" }] }),
      (r) => r.userId,
    ),
    /** Group.augments: with their skills, in skill id order. */
    groupAugments: () => skillListLoader(
      prisma,
      tenantId,
      (ids) =>
        prisma.groupAugment.findMany({
          where: { ...t, groupId: { in: ids } },
          select: { groupId: true, skillId: true },
          orderBy: { skillId: "asc" },
        }),
      (r) => r.groupId,
    ),
    /** Group.blocks: with their skills, in skill id order. */
    groupBlocks: () => skillListLoader(
      prisma,
      tenantId,
      (ids) =>
        prisma.groupBlock.findMany({
          where: { ...t, groupId: { in: ids } },
          select: { groupId: true, skillId: true },
          orderBy: { skillId: "asc" },
        }),
      (r) => r.groupId,
    ),
    /** Group.members: member ids in user id order (paged in memory, hydrated through `user`). */
    groupMemberIds: () => listLoader(
      (ids) =>
        prisma.groupMember.findMany({
          where: { ...t, groupId: { in: ids } },
          select: { groupId: true, userId: true },
          orderBy: { userId: "asc" },
        }),
      (r) => r.groupId,
    ),
    groupMemberCount: () => new DataLoader<string, number>(async (ids) => {
      const rows = await prisma.groupMember.groupBy({ by: ["groupId"], where: { ...t, groupId: { in: [...ids] } }, _count: { _all: true } });
      const counts = new Map(rows.map((r) => [r.groupId, r._count._all]));
      return ids.map((id) => counts.get(id) ?? 0);
    }, { maxBatchSize: MAX_BATCH }),
    /** Role.skills: in skill id order, with the repository each is resolved from. */
    roleSkills: () => skillListLoader(
      prisma,
      tenantId,
      (ids) =>
        prisma.roleSkill.findMany({
          where: { ...t, roleId: { in: ids } },
          select: { roleId: true, skillId: true, repositoryId: true },
          orderBy: { skillId: "asc" },
        }),
      (r) => r.roleId,
    ),
    /** Role.members: member ids in user id order. */
    roleMemberIds: () => listLoader(
      (ids) =>
        prisma.roleMember.findMany({
          where: { ...t, roleId: { in: ids } },
          select: { roleId: true, userId: true },
          orderBy: { userId: "asc" },
        }),
      (r) => r.roleId,
    ),
    /** Archetype.skills: in skill id order. */
    archetypeSkills: () => skillListLoader(
      prisma,
      tenantId,
      (ids) => prisma.archetypeSkill.findMany({ where: { ...t, archetypeId: { in: ids } }, orderBy: { skillId: "asc" } }),
      (r) => r.archetypeId,
    ),
    /** Archetype.users: user ids in id order. */
    archetypeUserIds: () => listLoader(
      (ids) =>
        prisma.user.findMany({
          where: { ...t, archetypeId: { in: ids } },
          select: { id: true, archetypeId: true },
          orderBy: { id: "asc" },
        }),
      (r) => r.archetypeId!,
    ),
    archetypeUserCount: () => new DataLoader<string, number>(async (ids) => {
      const rows = await prisma.user.groupBy({ by: ["archetypeId"], where: { ...t, archetypeId: { in: [...ids] } }, _count: { _all: true } });
      const counts = new Map(rows.map((r) => [r.archetypeId, r._count._all]));
      return ids.map((id) => counts.get(id) ?? 0);
    }, { maxBatchSize: MAX_BATCH }),
    /** Cowork.skills: in skill id order. */
    coworkSkills: () => skillListLoader(
      prisma,
      tenantId,
      (ids) => prisma.coworkSkill.findMany({ where: { ...t, coworkId: { in: ids } }, orderBy: { skillId: "asc" } }),
      (r) => r.coworkId,
    ),
    /** ScanJob.findings: in report order (by skill, then as the scanner ordered them). */
    scanFindingsByJob: () => listLoader(
      (ids) => prisma.scanFinding.findMany({ where: { ...t, scanJobId: { in: ids } }, orderBy: { id: "asc" } }),
      (r) => r.scanJobId,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
