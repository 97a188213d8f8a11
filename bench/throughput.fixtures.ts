// The tenant for the throughput bench: 1,000 skills, 200 agents and 5
// assignments per skill, written set-based (one multi-row insert per table).
import { openDatabase } from "../src/db/client.js";

export const TP_TENANT = "tp";
export const SKILLS = 1_000;
export const AGENTS = 200;
export const PER_SKILL = 5;

const pad = (n: number) => String(n).padStart(5, "0");
export const skillId = (i: number) => `s${pad(i)}`;
export const agentId = (i: number) => `a${pad(i)}`;

/** Migrates the fresh database at `url` and fills it; returns when the rows are committed. */
export async function seedThroughputTenant(url: string): Promise<void> {
  const db = await openDatabase(url);
  const p = db.prisma;
  const t0 = new Date("2026-01-01T00:00:00Z").getTime();
  try {
    await p.tenant.create({ data: { id: TP_TENANT } });
    await p.skill.createMany({
      data: Array.from({ length: SKILLS }, (_, k) => {
        const id = skillId(k + 1);
        return {
          tenantId: TP_TENANT, id, name: `Skill ${k + 1}`, slug: `skill-${k + 1}`, description: `Bench skill ${k + 1}`,
          category: `cat-${k % 10}`, source: "CUSTOM", lifecycle: "ACTIVE", currentVersion: "1.0.0",
          toolIds: [], metadata: { team: `t${k % 7}` }, searchText: `${id} skill ${k + 1}`,
        };
      }),
    });
    await p.agent.createMany({
      data: Array.from({ length: AGENTS }, (_, k) => ({ tenantId: TP_TENANT, id: agentId(k + 1), name: `Agent ${k + 1}` })),
    });
    await p.agentSkillAssignment.createMany({
      data: Array.from({ length: SKILLS * PER_SKILL }, (_, n) => {
        const s = Math.floor(n / PER_SKILL);
        const a = (s * PER_SKILL + (n % PER_SKILL)) % AGENTS;
        return {
          tenantId: TP_TENANT, id: `as${pad(n + 1)}`, agentId: agentId(a + 1), skillId: skillId(s + 1), skillVersion: "1.0.0",
          priority: n % 3, config: {}, assignedAt: new Date(t0 + n * 1000),
        };
      }),
    });
    // As an operator would after a bulk load (and autovacuum does a minute or so later):
    // without planner statistics PostgreSQL guesses one row per tenant and reads the page
    // of skills through the wrong index, sorting all 1,000 (1.2 ms instead of 0.05 ms).
    await p.$executeRawUnsafe(db.kind === "postgres" ? "VACUUM (ANALYZE)" : "ANALYZE");
  } finally {
    await db.close();
  }
}
