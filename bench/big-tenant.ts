// The enterprise tenant of issue 8, generated set-based (createMany in large
// batches, no per-row logic in the database): 100,000 users, 5,000 skills,
// 100 archetypes of 30 skills, 2,000 groups with 20 augments and 3 blocks each
// and 3 groups per user, 300 roles of 10 skills with one role per user,
// 50,000 grants (half expiring), two FILE platforms. Archetype "arch-000" has
// 10,000 users (the archetype change the bench makes); the other 99 share the
// rest. A seeded generator makes every run the same tenant.
import { contentHash } from "../src/catalog/content.js";
import type { Db } from "../src/db/client.js";
import { ensureTenant } from "../src/services/tenants.js";

export const BIG_TENANT = "enterprise";
export const BIG_ARCHETYPE = "arch-000";
export const PLATFORMS = ["anthropic-claude-enterprise", "microsoft-copilot-m365"];

export interface BigTenantShape {
  users: number;
  skills: number;
  archetypes: number;
  archetypeSkills: number;
  /** Users of arch-000. */
  bigArchetypeUsers: number;
  groups: number;
  augments: number;
  blocks: number;
  groupsPerUser: number;
  roles: number;
  roleSkills: number;
  grants: number;
}

export const ISSUE_8_SHAPE: BigTenantShape = {
  users: 100_000,
  skills: 5_000,
  archetypes: 100,
  archetypeSkills: 30,
  bigArchetypeUsers: 10_000,
  groups: 2_000,
  augments: 20,
  blocks: 3,
  groupsPerUser: 3,
  roles: 300,
  roleSkills: 10,
  grants: 50_000,
};

/** Scaled down for a quick run (BENCH_SCALE=0.1). */
export function scaled(shape: BigTenantShape, f: number): BigTenantShape {
  const n = (x: number) => Math.max(1, Math.round(x * f));
  return { ...shape, users: n(shape.users), bigArchetypeUsers: n(shape.bigArchetypeUsers), grants: n(shape.grants) };
}

const pad = (n: number, w: number) => String(n).padStart(w, "0");
export const skillId = (i: number) => `ent.skill-${pad(i, 4)}`;
export const userId = (i: number) => `user:u${pad(i, 6)}@enterprise.test`;

/** mulberry32: small, fast, seeded. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** k distinct integers in [0, n). */
function pick(rand: () => number, n: number, k: number): number[] {
  const out = new Set<number>();
  while (out.size < k) out.add(Math.floor(rand() * n));
  return [...out];
}

async function inBatches<T>(rows: T[], size: number, write: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

export async function generateBigTenant(prisma: Db, shape: BigTenantShape = ISSUE_8_SHAPE, tenantId = BIG_TENANT): Promise<Record<string, number>> {
  const rand = rng(8);
  const B = 5_000;
  await ensureTenant(prisma, tenantId);
  const now = new Date();
  const counts: Record<string, number> = {};
  const put = async <T>(name: string, rows: T[], write: (batch: T[]) => Promise<unknown>) => {
    const t = Date.now();
    await inBatches(rows, B, write);
    counts[name] = rows.length;
    if (process.env.BENCH_VERBOSE) console.log(`  ${name}: ${rows.length} rows in ${Date.now() - t} ms`);
  };

  const content = { instructions: "# Enterprise skill\nDo the thing.", references: [], scripts: [] };
  const hash = contentHash(content);
  const skills = Array.from({ length: shape.skills }, (_, i) => skillId(i));
  await put("skills", skills, (ids) =>
    prisma.skill.createMany({
      data: ids.map((id) => ({
        tenantId, id, name: `Skill ${id.slice(10)}`, slug: id.replace(".", "-"), description: "Enterprise benchmark skill",
        publisher: "ent", source: "CUSTOM", lifecycle: "ACTIVE", currentVersion: "1.0.0", toolIds: [], metadata: {}, searchText: id,
      })),
    }));
  await put("skillVersions", skills, (ids) =>
    prisma.skillVersion.createMany({
      data: ids.map((id) => ({ tenantId, skillId: id, key: "1.0.0", version: "1.0.0", isDraft: false, ...content, contentHash: hash, createdBy: "bench" })),
    }));

  const archetypes = Array.from({ length: shape.archetypes }, (_, i) => `arch-${pad(i, 3)}`);
  await put("archetypes", archetypes, (ids) => prisma.archetype.createMany({ data: ids.map((id) => ({ tenantId, id, name: id })) }));
  await put("archetypeSkills", archetypes.flatMap((a) => pick(rand, shape.skills, shape.archetypeSkills).map((s) => ({ a, s }))), (rows) =>
    prisma.archetypeSkill.createMany({ data: rows.map(({ a, s }) => ({ tenantId, archetypeId: a, skillId: skillId(s), origin: "MANUAL" })) }));

  const groups = Array.from({ length: shape.groups }, (_, i) => `group-${pad(i, 4)}`);
  await put("groups", groups, (ids) => prisma.group.createMany({ data: ids.map((id) => ({ tenantId, id, name: id })) }));
  const augments: { g: string; s: number }[] = [];
  const blocks: { g: string; s: number }[] = [];
  for (const g of groups) {
    const chosen = pick(rand, shape.skills, shape.augments + shape.blocks);
    for (const s of chosen.slice(0, shape.augments)) augments.push({ g, s });
    for (const s of chosen.slice(shape.augments)) blocks.push({ g, s });
  }
  await put("groupAugments", augments, (rows) => prisma.groupAugment.createMany({ data: rows.map(({ g, s }) => ({ tenantId, groupId: g, skillId: skillId(s) })) }));
  await put("groupBlocks", blocks, (rows) => prisma.groupBlock.createMany({ data: rows.map(({ g, s }) => ({ tenantId, groupId: g, skillId: skillId(s) })) }));

  const roles = Array.from({ length: shape.roles }, (_, i) => `role-${pad(i, 3)}`);
  await put("roles", roles, (ids) => prisma.role.createMany({ data: ids.map((id) => ({ tenantId, id, name: id })) }));
  await put("roleSkills", roles.flatMap((r) => pick(rand, shape.skills, shape.roleSkills).map((s) => ({ r, s }))), (rows) =>
    prisma.roleSkill.createMany({ data: rows.map(({ r, s }) => ({ tenantId, roleId: r, skillId: skillId(s) })) }));

  const users = Array.from({ length: shape.users }, (_, i) => i);
  const archetypeOf = (i: number) => (i < shape.bigArchetypeUsers ? archetypes[0] : archetypes[1 + (i % (shape.archetypes - 1))]);
  await put("users", users, (ids) =>
    prisma.user.createMany({ data: ids.map((i) => ({ tenantId, id: userId(i), email: userId(i).slice(5), archetypeId: archetypeOf(i), searchText: userId(i) })) }));
  await put("groupMembers", users.flatMap((i) => pick(rand, shape.groups, shape.groupsPerUser).map((g) => ({ i, g }))), (rows) =>
    prisma.groupMember.createMany({ data: rows.map(({ i, g }) => ({ tenantId, groupId: groups[g], userId: userId(i) })) }));
  await put("roleMembers", users, (ids) =>
    prisma.roleMember.createMany({ data: ids.map((i) => ({ tenantId, roleId: roles[Math.floor(rand() * shape.roles)], userId: userId(i) })) }));

  const DAY = 86_400_000;
  await put("grants", Array.from({ length: shape.grants }, (_, k) => k), (ks) =>
    prisma.userGrant.createMany({
      data: ks.map((k) => ({
        tenantId, id: `grant_ent_${pad(k, 6)}`, userId: userId(Math.floor(rand() * shape.users)), skillId: skillId(Math.floor(rand() * shape.skills)),
        reason: "bench", grantedAt: now, expiresAt: k % 2 === 0 ? new Date(now.getTime() + (1 + (k % 30)) * DAY) : null,
      })),
    }));
  await put("platforms", PLATFORMS, (ids) =>
    prisma.distributionPlatform.createMany({ data: ids.map((id) => ({ tenantId, id, name: id, delivery: "FILE", target: id })) }));
  return counts;
}
