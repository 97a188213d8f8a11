// An honest estimate of the seconds until queued jobs finish: the work queued
// ahead of them (and theirs), at the pace recent jobs of the tenant actually
// ran, spread over the workers' concurrency, plus the worker's wake-up delay.
import type { Tx } from "../db/client.js";
import type { PublishJobRow } from "./enqueue.js";

export const WORKER_CONCURRENCY = 4;
export const WORKER_POLL_SECONDS = 1;
/** Until jobs have run here, assume this many seconds per job. */
const DEFAULT_JOB_SECONDS = 2;

export async function estimatePublishLag(tx: Tx, tenantId: string, jobs: PublishJobRow[]): Promise<number> {
  if (jobs.length === 0) return 0;
  const [recent, backlog] = await Promise.all([
    tx.publishJob.findMany({
      where: { tenantId, status: "SUCCEEDED", startedAt: { not: null }, finishedAt: { not: null } },
      orderBy: { finishedAt: "desc" },
      take: 20,
      select: { startedAt: true, finishedAt: true },
    }),
    // Only this tenant's backlog: another tenant's activity is not the caller's to see.
    tx.publishJob.count({ where: { tenantId, status: { in: ["QUEUED", "RUNNING"] } } }),
  ]);
  const perJob = recent.length
    ? recent.reduce((sum, j) => sum + (j.finishedAt!.getTime() - j.startedAt!.getTime()), 0) / recent.length / 1000
    : DEFAULT_JOB_SECONDS;
  const rounds = Math.ceil(Math.max(backlog, jobs.length) / WORKER_CONCURRENCY);
  return Math.max(1, Math.ceil(WORKER_POLL_SECONDS + rounds * perJob));
}
