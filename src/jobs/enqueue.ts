// Queues publish jobs inside the transaction of the change that needs them: one
// per enabled platform for each scope. Changes to the same scope and platform
// coalesce into at most one QUEUED job, enforced by a unique key that only
// QUEUED jobs carry; the coalesced job keeps its first cause, so its lag is
// measured from the earliest change it delivers.
import { generateId } from "../core/ids.js";
import type { Tx } from "../db/client.js";

export type PublishScopeKind = "TENANT" | "ARCHETYPE" | "GROUP" | "USER";
export interface PublishTarget {
  scope: PublishScopeKind;
  scopeId: string | null;
}
import type { PublishJobRow } from "../db/types.js";
export type { PublishJobRow };

export function newJobId(): string {
  return generateId("pub", 10);
}

export function queuedKeyOf(platformId: string, t: PublishTarget): string {
  return `${platformId}|${t.scope}|${t.scopeId ?? ""}`;
}

export async function enqueuePublishJobs(
  tx: Tx,
  tenantId: string,
  targets: PublishTarget[],
  trigger: string,
  cause: { seq: number | null; at: Date },
  platformIds?: string[],
): Promise<PublishJobRow[]> {
  if (targets.length === 0) return [];
  const platforms = await tx.distributionPlatform.findMany({
    where: { tenantId, enabled: true, ...(platformIds ? { id: { in: platformIds } } : {}) },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  const jobs: PublishJobRow[] = [];
  for (const target of dedupeTargets(targets)) {
    for (const p of platforms) {
      const queuedKey = queuedKeyOf(p.id, target);
      jobs.push(
        await tx.publishJob.upsert({
          where: { tenantId_queuedKey: { tenantId, queuedKey } },
          update: {},
          create: {
            tenantId,
            id: newJobId(),
            platformId: p.id,
            scope: target.scope,
            scopeId: target.scopeId,
            status: "QUEUED",
            trigger,
            causedAt: cause.at,
            eventSeq: cause.seq,
            queuedKey,
          },
        }),
      );
    }
  }
  return jobs;
}

function dedupeTargets(targets: PublishTarget[]): PublishTarget[] {
  const seen = new Map<string, PublishTarget>();
  for (const t of targets) seen.set(`${t.scope}|${t.scopeId ?? ""}`, t);
  return [...seen.values()];
}
