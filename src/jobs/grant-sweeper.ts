// Revokes expired user grants. A grant stops granting at its expiresAt whatever
// this job has done (resolution ignores expired grants), so the sweep is the
// bookkeeping that follows: revokedAt = expiresAt, revokeReason EXPIRED, one
// skill.grant_expired per grant, a skill.entitlement_changed per tenant, and
// publish jobs so the platforms' pickers drop the skills. Each tenant's batch is
// one transaction; notifications go out only after it commits.
import type { App } from "../app.js";
import type { BusMessage } from "../events/bus.js";
import { diffEffectiveSets, resolveEntitlements } from "../entitlements/resolve.js";
import type { Tx } from "../db/client.js";
import { publishForUsers } from "../services/entitlement-change.js";
import { loadWorld, type World } from "../services/entitlement-data.js";
import { appendEvent, tenantTransaction } from "../services/governance.js";
import { storeEntitlements } from "../services/stored-entitlements.js";
import { enqueuePublishJobs } from "./enqueue.js";

const BATCH = 500;
export const GRANT_EXPIRY_TRIGGER = "grant_expiry";

type GrantRow = Awaited<ReturnType<Tx["userGrant"]["findUniqueOrThrow"]>>;

export interface SweepResult {
  /** Grants marked EXPIRED by this sweep. */
  expired: number;
}

function effectiveSets(world: World): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [userId, input] of world.users) {
    out.set(userId, new Set(resolveEntitlements(input, world.skills, world.now).effective.map((e) => e.skillId)));
  }
  return out;
}

/**
 * Who lost what through these expiries: the users' sets now, against the same
 * sets with the expired grants still in force.
 */
function lostThroughExpiry(world: World, grants: GrantRow[]) {
  const after = effectiveSets(world);
  for (const g of grants) {
    world.users.get(g.userId)?.grants.push({ id: g.id, skillId: g.skillId, grantedAt: g.grantedAt, expiresAt: null, revokedAt: null });
  }
  return diffEffectiveSets(effectiveSets(world), after);
}

async function sweepTenant(app: App, tenantId: string, grants: GrantRow[], now: Date): Promise<number> {
  const messages: BusMessage[] = [];
  const swept = await tenantTransaction(
    app.db.prisma,
    tenantId,
    async (tx) => {
      messages.length = 0;
      const expired: GrantRow[] = [];
      for (const g of grants) {
        // Conditional: a grant revoked by hand meanwhile keeps its MANUAL revocation.
        const { count } = await tx.userGrant.updateMany({
          where: { tenantId, id: g.id, revokedAt: null },
          data: { revokedAt: g.expiresAt, revokeReason: "EXPIRED" },
        });
        if (count) expired.push(g);
      }
      if (expired.length === 0) return 0;
      let lastSeq = 0;
      for (const g of expired) {
        const row = await appendEvent(tx, tenantId, "system", {
          kind: "skill.grant_expired",
          subjects: [`user:${g.userId}`, `skill:${g.skillId}`],
          payload: { grantId: g.id, expiresAt: g.expiresAt!.toISOString() },
        });
        lastSeq = row.seq;
      }
      const userIds = [...new Set(expired.map((g) => g.userId))].sort();
      const skillIds = [...new Set(expired.map((g) => g.skillId))].sort();
      const world = await loadWorld(tx, tenantId, { kind: "users", ids: userIds }, skillIds, now);
      // The stored rows already ended at expiresAt; this drops the ended rows.
      await storeEntitlements(tx, tenantId, world, skillIds);
      const diff = lostThroughExpiry(world, expired);
      const removed = [...new Set([...diff.removed.values()].flat())].sort();
      const changes = new Map<string, { added: string[]; removed: string[]; users: string[] }>();
      for (const userId of diff.changedUsers) {
        const lost = diff.removed.get(userId) ?? [];
        const key = JSON.stringify(lost);
        const group = changes.get(key) ?? { added: [], removed: lost, users: [] };
        group.users.push(userId);
        changes.set(key, group);
      }
      const event = await appendEvent(tx, tenantId, "system", {
        kind: "skill.entitlement_changed",
        subjects: [...skillIds.map((s) => `skill:${s}`), ...userIds.slice(0, 100).map((u) => `user:${u}`)],
        payload: { added: [], removed, affectedUsers: diff.changedUsers.length, changes: [...changes.values()], cause: "grant_expiry" },
      });
      lastSeq = event.seq;
      // Every user whose grant expired is republished: the platforms still list the skill.
      const jobs = await enqueuePublishJobs(tx, tenantId, publishForUsers(userIds), GRANT_EXPIRY_TRIGGER, {
        seq: event.seq,
        at: event.occurredAt,
      });
      messages.push({ type: "events", tenantId, seq: lastSeq });
      for (const job of jobs) messages.push({ type: "job", tenantId, job });
      if (jobs.length) messages.push({ type: "jobs-queued" });
      return expired.length;
    },
  );
  for (const m of messages) app.events.publish(m);
  return swept;
}

/** Marks every grant whose expiresAt has passed as EXPIRED, across tenants, in batches. */
export async function sweepExpiredGrants(app: App, now: Date = new Date()): Promise<SweepResult> {
  let expired = 0;
  for (;;) {
    const due = await app.db.prisma.userGrant.findMany({
      where: { revokedAt: null, expiresAt: { lte: now } },
      orderBy: [{ expiresAt: "asc" }, { tenantId: "asc" }, { id: "asc" }],
      take: BATCH,
    });
    if (due.length === 0) break;
    const byTenant = new Map<string, GrantRow[]>();
    for (const g of due) byTenant.set(g.tenantId, [...(byTenant.get(g.tenantId) ?? []), g]);
    for (const [tenantId, grants] of byTenant) expired += await sweepTenant(app, tenantId, grants, now);
    // Rows revoked meanwhile leave the query too, so a short batch is the last one.
    if (due.length < BATCH) break;
  }
  return { expired };
}

/** Sweeps now, then every intervalMs; the timer does not keep the process alive. Returns the stop function. */
export function startGrantSweeper(app: App, intervalMs = 60_000): () => void {
  let stopped = false;
  let running = false;
  const tick = () => {
    if (stopped || running) return;
    running = true;
    sweepExpiredGrants(app)
      .catch((e) => console.error("[gateway] grant sweep failed:", e))
      .finally(() => {
        running = false;
      });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
