// The publish worker: claims queued jobs, publishes each scope's users'
// manifests to the platform in batches with progress, and finishes, retries
// with backoff, or fails them. Claims are compare-and-set updates, safe across
// processes on PostgreSQL; a claim is a lease the worker renews while it works,
// so a job whose process died is picked up again once its lease expires, and
// never runs twice at once. Jobs for a scope and platform run one at a time.
import { generateId } from "../core/ids.js";
import type { Core } from "../core/context.js";
import type { WorkerOptions } from "../config.js";
import type { Prisma } from "../db/client.js";
import { systemContext } from "../core/context.js";
import { runChange } from "../services/governance.js";
import { usersInScope, type UserScope } from "../services/entitlement-data.js";
import { readManifestEntries } from "../services/stored-entitlements.js";
import { queuedKeyOf, type PublishJobRow, type PublishScopeKind } from "./enqueue.js";
import { buildManifest, versionHints } from "./manifest.js";
import { FilePublisher } from "./publishers/file.js";
import type { Publisher } from "./publishers/publisher.js";
import { WebhookPublisher } from "./publishers/webhook.js";
import { SkillDirPublisher } from "./publishers/skill-dir.js";
import { log } from "../ops/log.js";

/** The job was cancelled, or another worker took it over after our lease lapsed. */
class LostJob extends Error {}

export class PublishWorker {
  readonly id = generateId("worker", 6);
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopped = true;
  private ticking: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly app: Core,
    private readonly opts: WorkerOptions = app.config.worker,
    private readonly publishers: Record<string, Publisher> = {
      FILE: new FilePublisher(app.config.publishDir),
      WEBHOOK: new WebhookPublisher(app.config.webhooks, app.config.webhookTimeoutMs),
      SKILL_DIR: new SkillDirPublisher(app.db.prisma, app.config.publishDir),
    },
    /** Where failures the worker survives are reported (never dropped): logged by default. */
    private readonly report: (what: string, error: unknown) => void = (what, error) =>
      log.error({ err: error }, `worker: ${what}`),
  ) {}

  start(): this {
    this.stopped = false;
    this.unsubscribe = this.app.events.subscribe((m) => {
      if (m.type === "jobs-queued") this.wake();
    });
    // Kept referenced: a worker-only process lives on this timer.
    this.timer = setInterval(() => this.wake(), this.opts.pollMs);
    this.wake();
    return this;
  }

  /** Stops claiming and waits for the jobs in hand. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.unsubscribe?.();
    await this.ticking; // a claim in flight adds its jobs to `running`
    await Promise.allSettled([...this.running]);
  }

  wake(): void {
    if (this.stopped) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = this.tick()
      .catch((e: unknown) => this.report("claim failed", e))
      .finally(() => {
        this.ticking = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async tick(): Promise<void> {
    const free = this.opts.concurrency - this.running.size;
    if (free <= 0) return;
    for (const job of await this.claim(free)) {
      const p = this.run(job).finally(() => {
        this.running.delete(p);
        this.wake();
      });
      this.running.add(p);
    }
  }

  /** Claims up to n jobs: due QUEUED ones and RUNNING ones whose lease lapsed. */
  async claim(n: number): Promise<PublishJobRow[]> {
    const prisma = this.app.db.prisma;
    const now = new Date();
    const candidates = await prisma.publishJob.findMany({
      where: {
        OR: [
          { status: "QUEUED", runAfter: { lte: now } },
          { status: "RUNNING", leaseExpiresAt: { lt: now } },
        ],
      },
      orderBy: [{ runAfter: "asc" }, { createdAt: "asc" }],
      take: n * 4,
    });
    if (candidates.length === 0) return [];
    const busy = await prisma.publishJob.findMany({
      where: {
        status: "RUNNING",
        leaseExpiresAt: { gte: now },
        platformId: { in: [...new Set(candidates.map((c) => c.platformId))] },
      },
      select: { tenantId: true, platformId: true, scope: true, scopeId: true },
    });
    const keyOf = (j: { tenantId: string; platformId: string; scope: string; scopeId: string | null }) =>
      `${j.tenantId}|${queuedKeyOf(j.platformId, { scope: j.scope as PublishScopeKind, scopeId: j.scopeId })}`;
    const taken = new Set(busy.map(keyOf));
    const claimed: PublishJobRow[] = [];
    for (const c of candidates) {
      if (claimed.length >= n) break;
      if (taken.has(keyOf(c))) continue;
      // Compare-and-set: only one process can move the row from the state it read;
      // the unique running key refuses a second running job of the same scope and platform.
      const claim = prisma.publishJob.updateMany({
        where: {
          tenantId: c.tenantId,
          id: c.id,
          status: c.status,
          attempts: c.attempts,
          leaseOwner: c.leaseOwner,
          // A lapsed lease must still be lapsed now: its owner may have renewed it since the read.
          ...(c.status === "RUNNING" ? { leaseExpiresAt: { lt: now } } : {}),
        },
        data: {
          status: "RUNNING",
          leaseOwner: this.id,
          leaseExpiresAt: new Date(now.getTime() + this.opts.leaseMs),
          startedAt: c.startedAt ?? now,
          attempts: { increment: 1 },
          queuedKey: null,
          usersPublished: 0,
          runningKey: queuedKeyOf(c.platformId, { scope: c.scope as PublishScopeKind, scopeId: c.scopeId }),
          revision: { increment: 1 },
        },
      });
      const count = await claim.then(
        (r) => r.count,
        (e: unknown) => {
          if ((e as { code?: string }).code === "P2002") return 0;
          throw e;
        },
      );
      if (count === 1) {
        taken.add(keyOf(c));
        const job = await prisma.publishJob.findUniqueOrThrow({ where: { tenantId_id: { tenantId: c.tenantId, id: c.id } } });
        this.announce(job);
        claimed.push(job);
      }
    }
    return claimed;
  }

  private announce(job: PublishJobRow): void {
    this.app.events.publish({ type: "job", tenantId: job.tenantId, job });
  }

  /** Updates the job only while this worker still holds it (else LostJob). */
  private async update(job: PublishJobRow, data: Prisma.PublishJobUpdateManyMutationInput): Promise<PublishJobRow> {
    const prisma = this.app.db.prisma;
    const { count } = await prisma.publishJob.updateMany({
      where: { tenantId: job.tenantId, id: job.id, status: "RUNNING", leaseOwner: this.id },
      data: { ...data, revision: { increment: 1 } },
    });
    if (count !== 1) throw new LostJob(job.id);
    const next = await prisma.publishJob.findUniqueOrThrow({ where: { tenantId_id: { tenantId: job.tenantId, id: job.id } } });
    this.announce(next);
    return next;
  }

  private async run(claimed: PublishJobRow): Promise<void> {
    let job = claimed;
    // Renew the lease while a batch is being delivered, not only between batches.
    const heartbeat = setInterval(() => {
      void this.app.db.prisma.publishJob
        .updateMany({
          where: { tenantId: claimed.tenantId, id: claimed.id, status: "RUNNING", leaseOwner: this.id },
          data: { leaseExpiresAt: this.leaseEnd() },
        })
        .catch((e: unknown) => this.report(`lease renewal of ${claimed.id} failed`, e));
    }, Math.max(10, Math.floor(this.opts.leaseMs / 3)));
    try {
      job = await this.publish(job);
      await this.finish(job, "SUCCEEDED", null);
    } catch (e) {
      if (e instanceof LostJob) return;
      const message = e instanceof Error ? e.message : String(e);
      if (job.attempts >= this.opts.maxAttempts) {
        await this.finish(job, "FAILED", `${message} (after ${job.attempts} attempts)`).catch((err: unknown) =>
          this.report(`recording ${job.id} as FAILED failed`, err),
        );
      } else {
        await this.retry(job, message).catch((err: unknown) => this.report(`retry of ${job.id} failed`, err));
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async publish(start: PublishJobRow): Promise<PublishJobRow> {
    const prisma = this.app.db.prisma;
    let job = start;
    const platform = await prisma.distributionPlatform.findUnique({
      where: { tenantId_id: { tenantId: job.tenantId, id: job.platformId } },
    });
    if (!platform || !platform.enabled) throw new Error(`platform ${job.platformId} is missing or disabled`);
    const publisher = this.publishers[platform.delivery];
    if (!publisher) throw new Error(`no publisher for delivery ${platform.delivery}`);
    // The scope's users, then each batch's manifests from the stored entitlements:
    // a fixed number of statements per batch, nothing resolved here.
    const users = (await usersInScope(prisma, job.tenantId, scopeOf(job))).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const skillInfo = new Map(
      (await prisma.skill.findMany({ where: { tenantId: job.tenantId, lifecycle: { not: "DELETED" } }, select: { id: true, name: true, description: true } }))
        .map((s) => [s.id, { name: s.name, description: s.description }]),
    );
    job = await this.update(job, { usersTotal: users.length, leaseExpiresAt: this.leaseEnd() });
    const now = new Date();
    const hints = await versionHints(prisma, job.tenantId);
    const base = { tenantId: job.tenantId, platformId: platform.id, jobId: job.id, generatedAt: now };
    for (let i = 0; i < users.length; i += this.opts.batchSize) {
      const chunk = users.slice(i, i + this.opts.batchSize);
      const stored = await readManifestEntries(this.app.db, job.tenantId, chunk.map((u) => u.id), now);
      const manifests = chunk.map((u) => buildManifest(base, u, stored.get(u.id)!, skillInfo, hints));
      await publisher.deliver(platform, manifests);
      job = await this.update(job, { usersPublished: i + chunk.length, leaseExpiresAt: this.leaseEnd() });
    }
    return job;
  }

  private leaseEnd(): Date {
    return new Date(Date.now() + this.opts.leaseMs);
  }

  private async finish(job: PublishJobRow, status: "SUCCEEDED" | "FAILED", error: string | null): Promise<void> {
    const finishedAt = new Date();
    // The job's final state and its event commit together, through the unit of work every writer uses.
    await runChange(systemContext(this.app, job.tenantId, "system"), async ({ tx, emit, announce }) => {
      const { count } = await tx.publishJob.updateMany({
        where: { tenantId: job.tenantId, id: job.id, status: "RUNNING", leaseOwner: this.id },
        data: {
          status,
          error,
          finishedAt,
          lagSeconds: (finishedAt.getTime() - job.causedAt.getTime()) / 1000,
          leaseOwner: null,
          leaseExpiresAt: null,
          runningKey: null,
          revision: { increment: 1 },
        },
      });
      if (count !== 1) return;
      await emit({
        kind: status === "SUCCEEDED" ? "publish.job_succeeded" : "publish.job_failed",
        subjects: [`publish_job:${job.id}`, `platform:${job.platformId}`, scopeSubject(job)],
        payload: { jobId: job.id, platformId: job.platformId, scope: job.scope, scopeId: job.scopeId, usersPublished: job.usersPublished, attempts: job.attempts, error },
      });
      const done = await tx.publishJob.findUniqueOrThrow({ where: { tenantId_id: { tenantId: job.tenantId, id: job.id } } });
      announce({ type: "job", tenantId: job.tenantId, job: done });
    });
  }

  /** Back to QUEUED after a backoff; superseded instead when a newer job for the scope is queued. */
  private async retry(job: PublishJobRow, error: string): Promise<void> {
    const prisma = this.app.db.prisma;
    const delay = this.opts.backoffBaseMs * 2 ** (job.attempts - 1);
    const queuedKey = queuedKeyOf(job.platformId, { scope: job.scope as PublishScopeKind, scopeId: job.scopeId });
    const newer = await prisma.publishJob.findUnique({ where: { tenantId_queuedKey: { tenantId: job.tenantId, queuedKey } } });
    const data = newer
      ? { status: "CANCELLED", error: `${error}; superseded by ${newer.id}`, finishedAt: new Date() }
      : { status: "QUEUED", error, runAfter: new Date(Date.now() + delay), queuedKey };
    try {
      await this.update(job, { ...data, leaseOwner: null, leaseExpiresAt: null, runningKey: null });
    } catch (e) {
      if (!(e instanceof LostJob)) throw e;
    }
  }
}

function scopeOf(job: PublishJobRow): UserScope {
  switch (job.scope as PublishScopeKind) {
    case "ARCHETYPE":
      return { kind: "archetypes", ids: [job.scopeId!] };
    case "GROUP":
      return { kind: "group", id: job.scopeId! };
    case "USER":
      return { kind: "users", ids: [job.scopeId!] };
    default:
      return { kind: "tenant" };
  }
}

function scopeSubject(job: PublishJobRow): string {
  return job.scope === "TENANT" ? `tenant:${job.tenantId}` : `${job.scope.toLowerCase()}:${job.scopeId}`;
}
