// Usage retention (USAGE_RETENTION_DAYS): events and daily rollups older than
// the window are deleted, monthly ones once their whole month is older, and
// per-actor last-use rows once their last use is. Runs on start, then hourly.
import type { Core } from "../core/context.js";
import { dayOf, monthOfDay } from "../services/usage-rollup.js";
import { refreshLeaderboards } from "../services/usage-leaderboard.js";
import { log } from "../ops/log.js";

export async function pruneUsage(app: Core, now = new Date()): Promise<number> {
  const cutoff = dayOf(now) - app.config.usageRetentionDays;
  // The cutoff's own month still holds kept days; only months wholly before it go.
  const month = monthOfDay(cutoff);
  const p = app.db.prisma;
  const day = { day: { lt: cutoff } };
  const results = await Promise.all([
    p.usageEvent.deleteMany({ where: day }),
    p.usageSkillDay.deleteMany({ where: day }),
    p.usageLatencyDay.deleteMany({ where: day }),
    p.usageActorDay.deleteMany({ where: day }),
    p.usageActorMonth.deleteMany({ where: { month: { lt: month } } }),
    p.usageSkillActorMonth.deleteMany({ where: { month: { lt: month } } }),
    p.usageSkillActor.deleteMany({ where: { lastDay: { lt: cutoff } } }),
    p.usageWindowRefresh.deleteMany({ where: { toDay: { lt: cutoff } } }),
  ]);
  return results[0].count;
}

/** Prunes on start and hourly; recomputes the top-actor leaderboards on start and every 10 minutes. */
export function startUsageRetention(app: Core, intervalMs = 3_600_000, leaderboardMs = 600_000): () => void {
  let refreshing = false;
  const prune = () => pruneUsage(app).catch((e: unknown) => log.error({ err: e }, "usage retention failed"));
  const refresh = () => {
    if (refreshing) return;
    refreshing = true;
    refreshLeaderboards(app)
      .catch((e: unknown) => log.error({ err: e }, "usage leaderboard refresh failed"))
      .finally(() => (refreshing = false));
  };
  void prune().then(refresh);
  const timers = [setInterval(prune, intervalMs), setInterval(refresh, leaderboardMs)];
  for (const t of timers) t.unref();
  return () => timers.forEach(clearInterval);
}
