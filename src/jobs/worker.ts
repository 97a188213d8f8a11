// The publish worker: claims queued jobs, publishes each scope's users'
// manifests to the platform in batches with progress, and finishes, retries
// with backoff, or fails them. Claims are compare-and-set updates, safe across
// processes on PostgreSQL; a claim is a lease the worker renews while it works,
// so a job whose process died is picked up again once its lease expires, and
// never runs twice at once. Jobs for a scope and platform run one at a time;
// jobs claimed together for the same scope on different platforms (one change
// queues one per platform) share one read of the stored rows and one text of
// each user's skills, then deliver side by side, each with its own progress,
// lease and outcome.
import { generateId } from "../core/ids.js";
import type { Core } from "../core/context.js";
import type { WorkerOptions } from "../config.js";
import type { Prisma } from "../db/client.js";
import { systemContext } from "../core/context.js";
import { runChange } from "../services/governance.js";
import { usersInScope, type UserScope } from "../services/entitlement-data.js";
import { readManifestKeys } from "../services/stored-entitlements.js";
import { sourceLabels } from "../entitlements/timeline.js";
import { queuedKeyOf, type PublishJobRow, type PublishScopeKind } from "./enqueue.js";
import { ManifestTexts, versionHints } from "./manifest.js";
import { FilePublisher } from "./publishers/file.js";
import type { PlatformTarget, Publisher } from "./publishers/publisher.js";
import { WebhookPublisher } from "./publishers/webhook.js";
import { SkillDirPublisher } from "./publishers/skill-dir.js";
import { log } from "../ops/log.js";

/** The job was cancelled, or another worker took it over after our lease lapsed. */
class LostJob extends Error {}

/** A job of a group and how it went: error null while it goes well. */
interface Outcome {
  job: PublishJobRow;
  error: unknown;
}

/** A job of the group still delivering, with its platform. */
type Delivery = Outcome & { platform: PlatformTarget; publisher: Publisher };

/** Runs one job's step; a throw becomes that job's error (undefined back). */
async function attempt<T>(o: Outcome, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (e) {
    o.error = e;
    return undefined;
  }
}

export class PublishWorker {
  readonly id = generateId("worker", 6);
  private readonly running = new Set<Promise<void>>();
  /** Jobs in hand (a group of jobs of one scope is one promise in `running`). */
  private inHand = 0;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopped = true;
  private ticking: Promise<void> | null = null;
  private again = false;
  private busyListener: ((busy: boolean) => void) | undefined;

  constructor(
    private readonly app: Core,
    private readonly opts: WorkerOptions = app.config.worker,
    private readonly publishers: Record<string, Publisher> = {
      FILE: new FilePublisher(app.config.publishDir, opts.fileWriterThreads),
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

  /** Told true when the worker takes jobs in hand with none before, false when its last one ends (main.ts: the heap floor). */
  onBusyChange(listener: (busy: boolean) => void): this {
    this.busyListener = listener;
    return this;
  }

  /** Stops claiming and waits for the jobs in hand. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.unsubscribe?.();
    await this.ticking; // a claim in flight adds its jobs to `running`
    await Promise.allSettled([...this.running]);
    await Promise.allSettled(Object.values(this.publishers).map((p) => p.close?.()));
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
    const free = this.opts.concurrency - this.inHand;
    if (free <= 0) return;
    const groups = new Map<string, PublishJobRow[]>();
    for (const job of await this.claim(free)) {
      const key = `${job.tenantId}|${job.scope}|${job.scopeId ?? ""}`;
      groups.set(key, [...(groups.get(key) ?? []), job]);
    }
    for (const jobs of groups.values()) {
      if (this.inHand === 0) this.busyListener?.(true);
      this.inHand += jobs.length;
      const p = this.run(jobs).finally(() => {
        this.inHand -= jobs.length;
        if (this.inHand === 0) this.busyListener?.(false);
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

  /** Runs jobs of one scope (one per platform) together; each ends on its own. */
  private async run(claimed: PublishJobRow[]): Promise<void> {
    // Renew each lease while a batch is being delivered, not only between batches.
    const heartbeats = claimed.map((c) =>
      setInterval(() => {
        void this.app.db.prisma.publishJob
          .updateMany({
            where: { tenantId: c.tenantId, id: c.id, status: "RUNNING", leaseOwner: this.id },
            data: { leaseExpiresAt: this.leaseEnd() },
          })
          .catch((e: unknown) => this.report(`lease renewal of ${c.id} failed`, e));
      }, Math.max(10, Math.floor(this.opts.leaseMs / 3))),
    );
    try {
      const outcomes = await this.publish(claimed);
      await Promise.all(outcomes.map((o) => this.end(o)));
    } finally {
      heartbeats.forEach(clearInterval);
    }
  }

  private async end({ job, error }: Outcome): Promise<void> {
    if (error === null) {
      await this.finish(job, "SUCCEEDED", null).catch((err: unknown) => this.fail(job, err));
      return;
    }
    await this.fail(job, error);
  }

  private async fail(job: PublishJobRow, e: unknown): Promise<void> {
    if (e instanceof LostJob) return;
    const message = e instanceof Error ? e.message : String(e);
    if (job.attempts >= this.opts.maxAttempts) {
      await this.finish(job, "FAILED", `${message} (after ${job.attempts} attempts)`).catch((err: unknown) =>
        this.report(`recording ${job.id} as FAILED failed`, err),
      );
    } else {
      await this.retry(job, message).catch((err: unknown) => this.report(`retry of ${job.id} failed`, err));
    }
  }

  /**
   * Publishes the scope's users to each job's platform: the users once, then per
   * batch one read of the stored rows and one skills text per user for all the
   * jobs (a fixed number of statements per batch, nothing resolved here). A job
   * whose platform fails leaves the group with its error; the others go on.
   */
  private async publish(jobs: PublishJobRow[]): Promise<Outcome[]> {
    const prisma = this.app.db.prisma;
    const { tenantId } = jobs[0];
    const outcomes: Outcome[] = [];
    const live: Delivery[] = [];
    for (const job of jobs) {
      const o: Outcome = { job, error: null };
      outcomes.push(o);
      const found = await attempt(o, async () => {
        const platform = await prisma.distributionPlatform.findUnique({ where: { tenantId_id: { tenantId, id: job.platformId } } });
        if (!platform || !platform.enabled) throw new Error(`platform ${job.platformId} is missing or disabled`);
        const publisher = this.publishers[platform.delivery];
        if (!publisher) throw new Error(`no publisher for delivery ${platform.delivery}`);
        return { platform, publisher };
      });
      if (found) live.push(Object.assign(o, found));
    }
    if (live.length === 0) return outcomes;
    try {
      await this.deliverAll(tenantId, jobs[0], live);
    } catch (e) {
      // A shared step failed (reading the scope or the stored rows): every job still going fails with it.
      for (const l of live) if (l.error === null) l.error = e;
    }
    return outcomes;
  }

  private async deliverAll(tenantId: string, first: PublishJobRow, group: Delivery[]): Promise<void> {
    const prisma = this.app.db.prisma;
    let live = group;
    const together = async (work: (l: Delivery) => Promise<void>) => {
      await Promise.all(live.map((l) => attempt(l, () => work(l))));
      live = live.filter((l) => l.error === null);
    };
    const users = (await usersInScope(prisma, tenantId, scopeOf(first))).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const skillInfo = new Map(
      (await prisma.skill.findMany({ where: { tenantId, lifecycle: { not: "DELETED" } }, select: { id: true, name: true, description: true } }))
        .map((s) => [s.id, { name: s.name, description: s.description }]),
    );
    const texts = new ManifestTexts(skillInfo, await versionHints(prisma, tenantId), sourceLabels);
    await together(async (l) => {
      l.job = await this.update(l.job, { usersTotal: users.length, leaseExpiresAt: this.leaseEnd() });
    });
    const now = new Date();
    // One batch is read and put in text while the one before is being delivered.
    let delivering: Promise<void> = Promise.resolve();
    try {
      for (let i = 0; i < users.length && live.length > 0; i += this.opts.batchSize) {
        const chunk = users.slice(i, i + this.opts.batchSize);
        const stored = await readManifestKeys(this.app.db, tenantId, chunk.map((u) => u.id), now);
        const skills = chunk.map((u) => texts.skills(stored.get(u.id)!));
        await delivering;
        delivering = together(async (l) => {
          const base = { tenantId, platformId: l.platform.id, jobId: l.job.id, generatedAt: now };
          await l.publisher.deliver(l.platform, chunk.map((u, k) => ManifestTexts.text(base, u, skills[k])));
          l.job = await this.update(l.job, { usersPublished: i + chunk.length, leaseExpiresAt: this.leaseEnd() });
        });
      }
    } finally {
      // Never end a job while one of its batches is still out (together() does not reject).
      await delivering;
    }
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
