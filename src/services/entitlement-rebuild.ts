// Recomputes a tenant's stored entitlements from the pure resolution and
// compares them with the stored rows (verify), or also rewrites the pairs that
// differ (rebuild). Users are taken 150 at a time (their groups and roles then
// fit one IN list, so a batch reads only their own sources), each batch in its own
// transaction under the tenant row's lock, so a rebuild on a live tenant never
// interleaves with a change and never holds writers back for long.
import type { Db } from "../db/client.js";
import { loadWorld } from "./entitlement-data.js";
import { tenantTransaction } from "./governance.js";
import { expectedRows, writeRows } from "./stored-entitlements.js";

const BATCH = 150;
const EXAMPLES = 20;

export interface ReconcileReport {
  tenantId: string;
  users: number;
  /** (user, skill) pairs whose stored rows were absent, extra, or said something else from now on. */
  missing: number;
  extra: number;
  changed: number;
  /** Users with stored rows who no longer exist. */
  orphanUsers: number;
  /** Pairs rewritten (rebuild only; 0 for verify). */
  repairedPairs: number;
  examples: string[];
}

export async function reconcileTenant(db: Db, tenantId: string, opts: { repair: boolean }): Promise<ReconcileReport> {
  const report: ReconcileReport = { tenantId, users: 0, missing: 0, extra: 0, changed: 0, orphanUsers: 0, repairedPairs: 0, examples: [] };
  const onDiff = (kind: "missing" | "extra" | "changed", userId: string, skillId: string) => {
    report[kind]++;
    if (report.examples.length < EXAMPLES) report.examples.push(`${kind}: ${userId} ${skillId}`);
  };
  let after: string | undefined;
  for (;;) {
    const batch = await tenantTransaction(db, tenantId, async (tx) => {
      const ids = (
        await tx.user.findMany({
          where: { tenantId, ...(after ? { id: { gt: after } } : {}) },
          select: { id: true },
          orderBy: { id: "asc" },
          take: BATCH,
        })
      ).map((u) => u.id);
      if (ids.length === 0) return ids;
      const world = await loadWorld(tx, tenantId, { kind: "users", ids }, null);
      const counts = await writeRows(tx, tenantId, ids, null, expectedRows(world), world.now.getTime(), onDiff, opts.repair);
      if (opts.repair) report.repairedPairs += counts.pairs;
      return ids;
    });
    if (batch.length === 0) break;
    report.users += batch.length;
    after = batch.at(-1);
  }
  await tenantTransaction(db, tenantId, async (tx) => {
    const orphans = await tx.$queryRaw<{ userId: string }[]>`
      SELECT DISTINCT e."userId" FROM "UserEntitlement" e
      WHERE e."tenantId" = ${tenantId}
        AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."tenantId" = e."tenantId" AND u."id" = e."userId")`;
    report.orphanUsers = orphans.length;
    for (const o of orphans.slice(0, EXAMPLES - report.examples.length)) report.examples.push(`orphan: ${o.userId}`);
    if (opts.repair && orphans.length) {
      const res = await tx.userEntitlement.deleteMany({ where: { tenantId, userId: { in: orphans.map((o) => o.userId) } } });
      report.repairedPairs += res.count;
    }
  });
  return report;
}

export function isClean(r: ReconcileReport): boolean {
  return r.missing + r.extra + r.changed + r.orphanUsers === 0;
}

/** The migration that adds the table: when it has just run, start-up fills it. */
export const STORED_ENTITLEMENTS_MIGRATION = "0006_stored_entitlements";

/** Every tenant, rebuilt. */
export async function rebuildAllTenants(db: Db): Promise<ReconcileReport[]> {
  const tenants = await db.tenant.findMany({ select: { id: true }, orderBy: { id: "asc" } });
  const reports: ReconcileReport[] = [];
  for (const t of tenants) reports.push(await reconcileTenant(db, t.id, { repair: true }));
  return reports;
}
