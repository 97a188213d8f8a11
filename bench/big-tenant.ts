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

type Value = string | number | boolean | null;

/** Multi-row INSERTs with bound parameters (Prisma's createMany is several times slower per row). */
async function insertRaw(prisma: Db, postgres: boolean, table: string, columns: string[], rows: Value[][]): Promise<void> {
  const per = Math.floor(990 / columns.length);
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES `;
  for (let i = 0; i < rows.length; i += per) {
    const part = rows.slice(i, i + per);
    const tuples = part.map((_, k) => `(${columns.map((__, j) => (postgres ? `$${k * columns.length + j + 1}` : "?")).join(",")})`);
    await prisma.$executeRawUnsafe(head + tuples.join(","), ...part.flat());
  }
}

export async function generateBigTenant(prisma: Db, postgres: boolean, shape: BigTenantShape = ISSUE_8_SHAPE, tenantId = BIG_TENANT): Promise<Record<string, number>> {
  const rand = rng(8);
  await ensureTenant(prisma, tenantId);
  const now = new Date();
  // Each database's DateTime text, as Prisma writes and compares it.
  const at = (d: Date) => (postgres ? d.toISOString().replace("T", " ").replace("Z", "") : d.toISOString().replace("Z", "+00:00"));
  const ts = at(now);
  const counts: Record<string, number> = {};
  const put = async (table: string, columns: string[], rows: Value[][]) => {
    const t = Date.now();
    await insertRaw(prisma, postgres, table, columns, rows);
    counts[table] = rows.length;
    if (process.env.BENCH_VERBOSE) console.log(`  ${table}: ${rows.length} rows in ${Date.now() - t} ms`);
  };

  const content = { instructions: "# Enterprise skill\nDo the thing.", references: [], scripts: [] };
  const hash = contentHash(content);
  const skills = Array.from({ length: shape.skills }, (_, i) => skillId(i));
  await put("Skill", ["tenantId", "id", "name", "slug", "description", "publisher", "source", "lifecycle", "currentVersion", "hasDraftChanges", "locked", "toolIds", "metadata", "scanStatus", "searchText", "createdAt", "updatedAt"],
    skills.map((id) => [tenantId, id, `Skill ${id.slice(10)}`, id.replace(".", "-"), "Enterprise benchmark skill", "ent", "CUSTOM", "ACTIVE", "1.0.0", false, false, "[]", "{}", "NOT_SCANNED", id, ts, ts]));
  await put("SkillVersion", ["tenantId", "skillId", "key", "version", "isDraft", "instructions", "references", "scripts", "contentHash", "createdAt", "createdBy"],
    skills.map((id) => [tenantId, id, "1.0.0", "1.0.0", false, content.instructions, "[]", "[]", hash, ts, "bench"]));

  const archetypes = Array.from({ length: shape.archetypes }, (_, i) => `arch-${pad(i, 3)}`);
  await put("Archetype", ["tenantId", "id", "name", "createdAt"], archetypes.map((id) => [tenantId, id, id, ts]));
  await put("ArchetypeSkill", ["tenantId", "archetypeId", "skillId", "origin", "addedAt"],
    archetypes.flatMap((a) => pick(rand, shape.skills, shape.archetypeSkills).map((s) => [tenantId, a, skillId(s), "MANUAL", ts])));

  const groups = Array.from({ length: shape.groups }, (_, i) => `group-${pad(i, 4)}`);
  await put("Group", ["tenantId", "id", "name", "createdAt"], groups.map((id) => [tenantId, id, id, ts]));
  const augments: Value[][] = [];
  const blocks: Value[][] = [];
  for (const g of groups) {
    const chosen = pick(rand, shape.skills, shape.augments + shape.blocks);
    for (const s of chosen.slice(0, shape.augments)) augments.push([tenantId, g, skillId(s), ts]);
    for (const s of chosen.slice(shape.augments)) blocks.push([tenantId, g, skillId(s), ts]);
  }
  await put("GroupAugment", ["tenantId", "groupId", "skillId", "addedAt"], augments);
  await put("GroupBlock", ["tenantId", "groupId", "skillId", "addedAt"], blocks);

  const roles = Array.from({ length: shape.roles }, (_, i) => `role-${pad(i, 3)}`);
  await put("Role", ["tenantId", "id", "name", "createdAt"], roles.map((id) => [tenantId, id, id, ts]));
  await put("RoleSkill", ["tenantId", "roleId", "skillId", "addedAt"], roles.flatMap((r) => pick(rand, shape.skills, shape.roleSkills).map((s) => [tenantId, r, skillId(s), ts])));

  const users = Array.from({ length: shape.users }, (_, i) => i);
  const archetypeOf = (i: number) => (i < shape.bigArchetypeUsers ? archetypes[0] : archetypes[1 + (i % (shape.archetypes - 1))]);
  await put("User", ["tenantId", "id", "email", "archetypeId", "searchText", "createdAt", "updatedAt"],
    users.map((i) => [tenantId, userId(i), userId(i).slice(5), archetypeOf(i), userId(i), ts, ts]));
  await put("GroupMember", ["tenantId", "groupId", "userId", "addedAt"],
    users.flatMap((i) => pick(rand, shape.groups, shape.groupsPerUser).map((g) => [tenantId, groups[g], userId(i), ts])));
  await put("RoleMember", ["tenantId", "roleId", "userId", "assignedAt"], users.map((i) => [tenantId, roles[Math.floor(rand() * shape.roles)], userId(i), ts]));

  const DAY = 86_400_000;
  await put("UserGrant", ["tenantId", "id", "userId", "skillId", "reason", "grantedAt", "expiresAt"],
    Array.from({ length: shape.grants }, (_, k) => [
      tenantId, `grant_ent_${pad(k, 6)}`, userId(Math.floor(rand() * shape.users)), skillId(Math.floor(rand() * shape.skills)),
      "bench", ts, k % 2 === 0 ? at(new Date(now.getTime() + (1 + (k % 30)) * DAY)) : null,
    ]));
  await prisma.distributionPlatform.createMany({ data: PLATFORMS.map((id) => ({ tenantId, id, name: id, delivery: "FILE", target: id })) });
  return counts;
}
