// Revokes expired user grants. A grant stops granting at its expiresAt whatever
// this job has done (resolution ignores expired grants), so the sweep is the
// bookkeeping that follows: revokedAt = expiresAt, revokeReason EXPIRED, one
// skill.grant_expired per grant, a skill.entitlement_changed per tenant, and
// publish jobs so the platforms' pickers drop the skills. Each tenant's batch is
// one transaction; notifications go out only after it commits.
import { systemContext, type Core } from "../core/context.js";
import type { Tx } from "../db/client.js";
import { publishForUsers, runEntitlementChange } from "../services/entitlement-change.js";

const BATCH = 500;
export const GRANT_EXPIRY_TRIGGER = "grant_expiry";

type GrantRow = Awaited<ReturnType<Tx["userGrant"]["findUniqueOrThrow"]>>;

export interface SweepResult {
  /** Grants marked EXPIRED by this sweep. */
  expired: number;
}

/**
 * One tenant's batch through the entitlement engine, as the system: the grants
 * are marked EXPIRED, one skill.grant_expired each, and the engine compares the
 * users' sets with the expired grants still in force (what platforms were last
 * told) against now, records skill.entitlement_changed and queues publish jobs.
 */
async function sweepTenant(app: Core, tenantId: string, grants: GrantRow[], now: Date): Promise<number> {
  const ctx = systemContext(app, tenantId);
  const userIds = [...new Set(grants.map((g) => g.userId))].sort();
  const skillIds = [...new Set(grants.map((g) => g.skillId))].sort();
  const { value } = await runEntitlementChange(ctx, false, {
    users: { kind: "users", ids: userIds },
    skills: skillIds,
    now,
    // Every answer already ignores the expired grants; the baseline holds them in force.
    baseline: (before) => {
      for (const g of grants) {
        before.users.get(g.userId)?.grants.push({ id: g.id, skillId: g.skillId, grantedAt: g.grantedAt, expiresAt: null, revokedAt: null });
      }
    },
    apply: async ({ tx, emit }) => {
      let expired = 0;
      for (const g of grants) {
        // Conditional: a grant revoked by hand meanwhile keeps its MANUAL revocation.
        const { count } = await tx.userGrant.updateMany({
          where: { tenantId, id: g.id, revokedAt: null },
          data: { revokedAt: g.expiresAt, revokeReason: "EXPIRED" },
        });
        if (!count) continue;
        expired++;
        await emit({
          kind: "skill.grant_expired",
          subjects: [`user:${g.userId}`, `skill:${g.skillId}`],
          payload: { grantId: g.id, expiresAt: g.expiresAt!.toISOString() },
        });
      }
      return { value: expired, recorded: expired > 0 };
    },
    // Every user whose grant expired is republished: their manifests list the grant as a source.
    publish: () => publishForUsers(userIds),
    trigger: GRANT_EXPIRY_TRIGGER,
    subjects: skillIds.map((s) => `skill:${s}`),
    payload: { cause: "grant_expiry" },
  });
  return value;
}

/** Marks every grant whose expiresAt has passed as EXPIRED, across tenants, in batches. */
export async function sweepExpiredGrants(app: Core, now: Date = new Date()): Promise<SweepResult> {
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
export function startGrantSweeper(app: Core, intervalMs = 60_000): () => void {
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
