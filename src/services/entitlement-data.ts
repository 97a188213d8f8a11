// Loads the plain data the pure resolution needs, for a set of users and a set
// of skills, in a fixed number of statements whatever the number of users or
// sources: users, archetype skills, group augments and blocks, group
// memberships, role skills, role memberships, grants, skills, tenant policy.
// Restricting to the skills a change touches keeps a 10,000-user archetype
// change cheap: a skill's effectiveness depends only on that skill's sources.
import type { Db, Tx } from "../db/client.js";
import { isQuarantined } from "./skill-rules.js";
import type { SkillFacts, UserEntitlementInput } from "../entitlements/resolve.js";

export type UserScope =
  | { kind: "users"; ids: string[] }
  | { kind: "archetypes"; ids: string[] }
  | { kind: "group"; id: string }
  | { kind: "role"; id: string }
  | { kind: "tenant" };

/** null: every skill. */
export type SkillScope = string[] | null;

export interface World {
  now: Date;
  /** E-mail of each user in scope, and name and description of each skill (manifests carry them). */
  emails: Map<string, string>;
  skillInfo: Map<string, { name: string; description: string | null }>;
  /** Users in scope (id → their archetype id), with their entitlement input. */
  users: Map<string, UserEntitlementInput>;
  skills: Map<string, SkillFacts>;
}

type Reader = Db | Tx;

/** Above this many ids, one tenant-wide read filtered in memory beats long IN lists. */
const IN_LIMIT = 500;

export async function usersInScope(
  db: Reader,
  tenantId: string,
  scope: UserScope,
): Promise<{ id: string; email: string; archetypeId: string | null; deprovisionedAt: Date | null }[]> {
  const select = { id: true, email: true, archetypeId: true, deprovisionedAt: true } as const;
  const byIds = async (ids: string[]) => {
    if (ids.length === 0) return [];
    if (ids.length <= IN_LIMIT) return db.user.findMany({ where: { tenantId, id: { in: ids } }, select });
    const wanted = new Set(ids);
    return (await db.user.findMany({ where: { tenantId }, select })).filter((u) => wanted.has(u.id));
  };
  switch (scope.kind) {
    case "users":
      return byIds([...new Set(scope.ids)]);
    case "archetypes":
      return scope.ids.length ? db.user.findMany({ where: { tenantId, archetypeId: { in: scope.ids } }, select }) : [];
    case "group":
      return byIds((await db.groupMember.findMany({ where: { tenantId, groupId: scope.id }, select: { userId: true } })).map((m) => m.userId));
    case "role":
      return byIds((await db.roleMember.findMany({ where: { tenantId, roleId: scope.id }, select: { userId: true } })).map((m) => m.userId));
    case "tenant":
      return db.user.findMany({ where: { tenantId }, select });
  }
}

function later(a: Date, b: Date): Date {
  return a > b ? a : b;
}

export async function loadWorld(db: Reader, tenantId: string, userScope: UserScope, skillScope: SkillScope, now = new Date()): Promise<World> {
  const users = await usersInScope(db, tenantId, userScope);
  const userIds = new Set(users.map((u) => u.id));
  const skillFilter = skillScope && skillScope.length <= IN_LIMIT ? { skillId: { in: skillScope } } : {};
  const small = userIds.size <= IN_LIMIT;
  const userFilter = small ? { userId: { in: [...userIds] } } : {};
  const archetypeIds = [...new Set(users.map((u) => u.archetypeId).filter((a): a is string => a !== null))];

  const scoped = skillScope ? new Set(skillScope) : null;
  const inScope = <R extends { skillId: string }>(rows: R[]) => (scoped ? rows.filter((r) => scoped.has(r.skillId)) : rows);
  const archetypeSet = new Set(archetypeIds);
  const grantRows = () =>
    userIds.size
      ? db.userGrant.findMany({
          where: { tenantId, ...skillFilter, ...userFilter, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
        }).then(inScope)
      : Promise.resolve([]);
  const archetypeRows = () =>
    archetypeIds.length
      ? db.archetypeSkill
          .findMany({ where: { tenantId, ...(archetypeIds.length <= IN_LIMIT ? { archetypeId: { in: archetypeIds } } : {}), ...skillFilter } })
          .then((rows) => inScope(rows).filter((r) => archetypeSet.has(r.archetypeId)))
      : Promise.resolve([]);
  // Long id lists exceed the databases' bind limits: past IN_LIMIT one read
  // bounded by the other filters is taken and the rest is filtered in memory.
  const inOrAll = (field: "groupId" | "roleId", ids: string[]) => (ids.length <= IN_LIMIT ? { [field]: { in: ids } } : {});
  const only = <R, K>(rows: R[], key: (r: R) => K, wanted: Set<K>) => rows.filter((r) => wanted.has(key(r)));

  let archetypeSkills, augments, blocks, roleSkills, grants, groupMembers, roleMembers;
  if (small) {
    // A few users (a picker, a page, a rebuild batch): their memberships first,
    // then the sources of just those groups and roles. Nothing here grows with the tenant.
    [archetypeSkills, grants, groupMembers, roleMembers] = await Promise.all([
      archetypeRows(),
      grantRows(),
      userIds.size ? db.groupMember.findMany({ where: { tenantId, ...userFilter } }) : [],
      userIds.size ? db.roleMember.findMany({ where: { tenantId, ...userFilter } }) : [],
    ]);
    const groupIds = [...new Set(groupMembers.map((m) => m.groupId))];
    const roleIds = [...new Set(roleMembers.map((m) => m.roleId))];
    const groupSet = new Set(groupIds);
    const roleSet = new Set(roleIds);
    [augments, blocks, roleSkills] = await Promise.all([
      groupIds.length ? db.groupAugment.findMany({ where: { tenantId, ...inOrAll("groupId", groupIds), ...skillFilter } }).then((r) => only(inScope(r), (x) => x.groupId, groupSet)) : [],
      groupIds.length ? db.groupBlock.findMany({ where: { tenantId, ...inOrAll("groupId", groupIds), ...skillFilter } }).then((r) => only(inScope(r), (x) => x.groupId, groupSet)) : [],
      roleIds.length ? db.roleSkill.findMany({ where: { tenantId, ...inOrAll("roleId", roleIds), ...skillFilter } }).then((r) => only(inScope(r), (x) => x.roleId, roleSet)) : [],
    ]);
    // As in the other order: only memberships of groups and roles that hold a source in scope.
    groupMembers = only(groupMembers, (m) => m.groupId, new Set([...augments, ...blocks].map((r) => r.groupId)));
    roleMembers = only(roleMembers, (m) => m.roleId, new Set(roleSkills.map((r) => r.roleId)));
  } else {
    // Many users (a change to an archetype or a big group): the sources of the
    // skills in scope first, then the memberships of the groups and roles that hold them.
    [archetypeSkills, augments, blocks, roleSkills, grants] = await Promise.all([
      archetypeRows(),
      db.groupAugment.findMany({ where: { tenantId, ...skillFilter } }).then(inScope),
      db.groupBlock.findMany({ where: { tenantId, ...skillFilter } }).then(inScope),
      db.roleSkill.findMany({ where: { tenantId, ...skillFilter } }).then(inScope),
      grantRows(),
    ]);
    const groupIds = [...new Set([...augments, ...blocks].map((r) => r.groupId))];
    const roleIds = [...new Set(roleSkills.map((r) => r.roleId))];
    const groupSet = new Set(groupIds);
    const roleSet = new Set(roleIds);
    [groupMembers, roleMembers] = await Promise.all([
      groupIds.length && userIds.size
        ? db.groupMember.findMany({ where: { tenantId, ...inOrAll("groupId", groupIds), ...userFilter } }).then((rows) => only(rows, (m) => m.groupId, groupSet))
        : [],
      roleIds.length && userIds.size
        ? db.roleMember.findMany({ where: { tenantId, ...inOrAll("roleId", roleIds), ...userFilter } }).then((rows) => only(rows, (m) => m.roleId, roleSet))
        : [],
    ]);
  }

  const skillIds = new Set<string>(skillScope ?? []);
  for (const r of [...archetypeSkills, ...augments, ...blocks, ...roleSkills, ...grants]) skillIds.add(r.skillId);
  const [skillRows, tenant] = await Promise.all([
    skillIds.size
      ? db.skill.findMany({
          where: { tenantId, ...(skillIds.size <= IN_LIMIT ? { id: { in: [...skillIds] } } : {}) },
          select: { id: true, name: true, description: true, lifecycle: true, currentVersion: true, scanStatus: true },
        })
      : [],
    db.tenant.findUnique({ where: { id: tenantId }, select: { quarantineMode: true } }),
  ]);
  const skills = new Map<string, SkillFacts>(
    skillRows
      .filter((s) => skillIds.has(s.id))
      .map((s) => [s.id, { id: s.id, lifecycle: s.lifecycle, currentVersion: s.currentVersion, quarantined: isQuarantined(s.scanStatus, tenant?.quarantineMode) }]),
  );

  const byArchetype = groupBy(archetypeSkills, (r) => r.archetypeId);
  const augmentsByGroup = groupBy(augments, (r) => r.groupId);
  const blocksByGroup = groupBy(blocks, (r) => r.groupId);
  const skillsByRole = groupBy(roleSkills, (r) => r.roleId);
  const groupsByUser = groupBy(groupMembers.filter((m) => userIds.has(m.userId)), (m) => m.userId);
  const rolesByUser = groupBy(roleMembers.filter((m) => userIds.has(m.userId)), (m) => m.userId);
  const grantsByUser = groupBy(grants.filter((g) => userIds.has(g.userId)), (g) => g.userId);

  const inputs = new Map<string, UserEntitlementInput>();
  for (const u of users) {
    // A deprovisioned user is never effective for anything, whatever rows still name them.
    if (u.deprovisionedAt) {
      inputs.set(u.id, { archetype: null, groups: [], roles: [], grants: [] });
      continue;
    }
    inputs.set(u.id, {
      archetype: u.archetypeId
        ? {
            id: u.archetypeId,
            skills: (byArchetype.get(u.archetypeId) ?? []).map((s) => ({ skillId: s.skillId, pinnedVersion: s.pinnedVersion, grantedAt: s.addedAt })),
          }
        : null,
      groups: (groupsByUser.get(u.id) ?? []).map((m) => ({
        id: m.groupId,
        augments: (augmentsByGroup.get(m.groupId) ?? []).map((a) => ({ skillId: a.skillId, grantedAt: later(a.addedAt, m.addedAt) })),
        blocks: (blocksByGroup.get(m.groupId) ?? []).map((b) => b.skillId),
      })),
      roles: (rolesByUser.get(u.id) ?? []).map((m) => ({
        id: m.roleId,
        skills: (skillsByRole.get(m.roleId) ?? []).map((s) => ({
          skillId: s.skillId,
          repositoryId: s.repositoryId,
          grantedAt: later(s.addedAt, m.assignedAt),
        })),
      })),
      grants: (grantsByUser.get(u.id) ?? []).map((g) => ({
        id: g.id,
        skillId: g.skillId,
        grantedAt: g.grantedAt,
        expiresAt: g.expiresAt,
        revokedAt: g.revokedAt,
      })),
    });
  }
  return {
    now,
    users: inputs,
    skills,
    emails: new Map(users.map((u) => [u.id, u.email])),
    skillInfo: new Map(skillRows.map((r) => [r.id, { name: r.name, description: r.description }])),
  };
}

export function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}
