// The leaderboard behind topUsageActors for the standard windows ending today
// (7, 30, 90, 365 days): per-actor totals recomputed in the background, so
// ranking 100,000 users is an index read. Each tenant and window is replaced
// in one transaction; readers see the previous ranking until it commits.
import type { Core } from "../core/context.js";
import { actorTotalsSql, STANDARD_WINDOWS } from "./usage-queries.service.js";
import { dayOf } from "./usage-rollup.js";

export async function refreshLeaderboards(app: Core, now = new Date()): Promise<{ tenants: number; rows: number }> {
  const prisma = app.db.prisma;
  const pg = app.db.kind === "postgres";
  const today = dayOf(now);
  const tenants = (await prisma.usageActorMonth.findMany({ distinct: ["tenantId"], select: { tenantId: true } })).map((t) => t.tenantId);
  let rows = 0;
  for (const tenantId of tenants) {
    for (const days of STANDARD_WINDOWS) {
      const values: unknown[] = [];
      const p = (v: unknown) => (values.push(v), pg ? `$${values.length}` : "?");
      // "?" placeholders bind in text order: make them in that order.
      const head = `SELECT ${p(tenantId)}, t."actorKind", ${p(days)}, t."actorId"`;
      const select = actorTotalsSql(p, tenantId, null, today - days + 1, today);
      rows += await prisma.$transaction(
        async (tx) => {
          await tx.usageActorWindow.deleteMany({ where: { tenantId, windowDays: days } });
          const n = await tx.$executeRawUnsafe(
            `INSERT INTO "UsageActorWindow" ("tenantId", "actorKind", "windowDays", "actorId", "invocations", "inputTokens", "outputTokens", "tokens", "costUsd") ` +
              `${head}, t.invocations, t."inputTokens", t."outputTokens", t.tokens, t."costUsd" FROM (${select}) t`,
            ...values,
          );
          await tx.usageWindowRefresh.upsert({
            where: { tenantId_windowDays: { tenantId, windowDays: days } },
            create: { tenantId, windowDays: days, toDay: today, refreshedAt: now },
            update: { toDay: today, refreshedAt: now },
          });
          return n;
        },
        { timeout: 300_000, maxWait: 60_000 },
      );
    }
  }
  return { tenants: tenants.length, rows };
}
