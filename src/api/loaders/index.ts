// Per-request DataLoaders (graphql/dataloader README: "Creating a new DataLoader
// per request"): every relation field goes through one, so statements per
// request do not grow with the size of a page. Every query is tenant-scoped.
import type { Db } from "../../db/client.js";
import { listLoader, rowLoader } from "./dataloader.js";

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
    cowork: rowLoader(
      (ids) => prisma.cowork.findMany({ where: { ...t, id: { in: ids } } }),
      (r) => r.id,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
