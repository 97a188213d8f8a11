// A tenant shaped like a large customer: 10,000 users in one archetype, groups
// with augments and blocks, a few grants, two FILE platforms.
import type { App } from "../src/app.js";
import { insertSkill } from "../src/catalog/store.js";
import { ensureTenant } from "../src/services/tenants.js";
import { reconcileTenant } from "../src/services/entitlement-rebuild.js";

export const BENCH_TENANT = "bench";
export const ARCHETYPE = "engineer";

export async function seedLargeTenant(app: App, users = 10_000): Promise<void> {
  const prisma = app.db.prisma;
  const tenantId = BENCH_TENANT;
  await ensureTenant(prisma, tenantId);
  await prisma.$transaction(
    async (tx) => {
      for (let i = 0; i < 40; i++) {
        await insertSkill(tx, tenantId, {
          id: `bench.skill-${String(i).padStart(2, "0")}`,
          name: `Bench skill ${i}`,
          description: "Benchmark skill",
          source: "CUSTOM",
          version: "1.0.0",
          content: { instructions: `# Skill ${i}\nDo the thing.`, references: [], scripts: [] },
          deployed: true,
          createdBy: "bench",
        });
      }
      await tx.archetype.create({ data: { tenantId, id: ARCHETYPE, name: "Engineer" } });
      await tx.archetypeSkill.createMany({
        data: Array.from({ length: 8 }, (_, i) => ({ tenantId, archetypeId: ARCHETYPE, skillId: `bench.skill-${String(i).padStart(2, "0")}`, origin: "MANUAL" })),
      });
      await tx.group.createMany({ data: [0, 1, 2].map((g) => ({ tenantId, id: `group-${g}`, name: `Group ${g}` })) });
      await tx.groupAugment.createMany({ data: [10, 11, 12].map((s, g) => ({ tenantId, groupId: `group-${g}`, skillId: `bench.skill-${s}` })) });
      await tx.groupBlock.create({ data: { tenantId, groupId: "group-2", skillId: "bench.skill-03" } });
      await tx.distributionPlatform.createMany({
        data: ["anthropic-claude-enterprise", "microsoft-copilot-m365"].map((id) => ({ tenantId, id, name: id, delivery: "FILE", target: id })),
      });
    },
    { timeout: 120_000 },
  );
  for (let start = 0; start < users; start += 1000) {
    const ids = Array.from({ length: Math.min(1000, users - start) }, (_, k) => `user:u${String(start + k).padStart(5, "0")}@bench.test`);
    await prisma.user.createMany({
      data: ids.map((id) => ({ tenantId, id, email: id.slice(5), archetypeId: ARCHETYPE, searchText: id })),
    });
    await prisma.groupMember.createMany({
      data: ids.map((userId, k) => ({ tenantId, userId, groupId: `group-${(start + k) % 3}` })),
    });
    await prisma.userGrant.createMany({
      data: ids
        .filter((_, k) => k % 10 === 0)
        .map((userId, k) => ({ tenantId, id: `grant_b${start}_${k}`, userId, skillId: "bench.skill-20", reason: "bench" })),
    });
  }
  // Written behind the engine's back, so its stored entitlements are filled as an operator rebuild fills them.
  await reconcileTenant(prisma, tenantId, { repair: true });
}
