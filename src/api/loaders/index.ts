// Per-request DataLoaders (graphql/dataloader README: "Creating a new DataLoader
// per request"): every relation field goes through one, so statements per
// request do not grow with the size of a page. Every query is tenant-scoped.
import type { Db } from "../../db/client.js";
import DataLoader from "dataloader";
import { resolveEntitlements, type ResolvedEntitlements, type UserEntitlementInput } from "../../entitlements/resolve.js";
import { loadWorld, type World } from "../../services/entitlement-data.js";
import { listLoader, rowLoader } from "./dataloader.js";

export interface UserEntitlements extends ResolvedEntitlements {
  input: UserEntitlementInput;
  world: World;
}

export function createLoaders(prisma: Db, tenantId: string) {
  const t = { tenantId };
  return {
    tenant: rowLoader(
      (ids) => prisma.tenant.findMany({ where: { id: { in: ids } } }),
      (r) => r.id,
    ),
    skill: rowLoader(
      (ids) => prisma.skill.findMany({ where: { ...t, id: { in: ids } } }),
      (r) => r.id,
    ),
    skillVersions: listLoader(
      (ids) =>
        prisma.skillVersion.findMany({
          where: { ...t, skillId: { in: ids } },
          orderBy: [{ isDraft: "desc" }, { createdAt: "desc" }, { key: "desc" }],
        }),
      (r) => r.skillId,
    ),
    repository: rowLoader(
      (ids) => prisma.repository.findMany({ where: { ...t, id: { in: ids } } }),
      (r) => r.id,
    ),
    /** Repository.skills: non-deleted skills, ordered by id. */
    skillsByRepository: listLoader(
      (ids) =>
        prisma.skill.findMany({
          where: { ...t, repositoryId: { in: ids }, lifecycle: { not: "DELETED" } },
          orderBy: { id: "asc" },
        }),
      (r) => r.repositoryId!,
    ),
    agent: rowLoader(
      (ids) => prisma.agent.findMany({ where: { ...t, id: { in: ids } } }),
      (r) => r.id,
    ),
    assignmentsBySkill: listLoader(
      (ids) =>
        prisma.agentSkillAssignment.findMany({
          where: { ...t, skillId: { in: ids } },
          orderBy: [{ assignedAt: "asc" }, { agentId: "asc" }],
        }),
      (r) => r.skillId,
    ),
    assignmentsByAgent: listLoader(
      (ids) =>
        prisma.agentSkillAssignment.findMany({
          where: { ...t, agentId: { in: ids } },
          orderBy: [{ priority: "desc" }, { skillId: "asc" }],
        }),
      (r) => r.agentId,
    ),
    group: rowLoader(
      (ids) => prisma.group.findMany({ where: { ...t, id: { in: ids } } }),
      (r) => r.id,
    ),
    user: rowLoader(
      (ids) => prisma.user.findMany({ where: { ...t, id: { in: ids } } }),
      (r) => r.id,
    ),
    archetype: rowLoader(
      (ids) => prisma.archetype.findMany({ where: { ...t, id: { in: ids } } }),
      (r) => r.id,
    ),
    role: rowLoader(
      (ids) => prisma.role.findMany({ where: { ...t, id: { in: ids } } }),
      (r) => r.id,
    ),
    platform: rowLoader(
      (ids) => prisma.distributionPlatform.findMany({ where: { ...t, id: { in: ids } } }),
      (r) => r.id,
    ),
    userGrant: rowLoader(
      (ids) => prisma.userGrant.findMany({ where: { ...t, id: { in: ids } } }),
      (r) => r.id,
    ),
    /** Each user's entitlement input and resolution, batched: a constant number of statements per batch. */
    entitlements: new DataLoader<string, UserEntitlements | null>(async (userIds) => {
      const world = await loadWorld(prisma, tenantId, { kind: "users", ids: [...userIds] }, null);
      return userIds.map((id) => {
        const input = world.users.get(id);
        return input ? { input, world, ...resolveEntitlements(input, world.skills, world.now) } : null;
      });
    }),
    /** Per skill, the ids of the users for whom it is effective now, sorted. */
    entitledUserIds: new DataLoader<string, string[]>(async (skillIds) => {
      const world = await loadWorld(prisma, tenantId, { kind: "tenant" }, [...skillIds]);
      const bySkill = new Map<string, string[]>(skillIds.map((id) => [id, []]));
      for (const [userId, input] of [...world.users].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        for (const e of resolveEntitlements(input, world.skills, world.now).effective) bySkill.get(e.skillId)?.push(userId);
      }
      return skillIds.map((id) => bySkill.get(id)!);
    }),
    cowork: rowLoader(
      (ids) => prisma.cowork.findMany({ where: { ...t, id: { in: ids } } }),
      (r) => r.id,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
