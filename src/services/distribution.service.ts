// Platforms and publish jobs: configuring where entitlements go, watching and
// steering the jobs that deliver them. Errors raised here:
//   BAD_USER_INPUT  delivery not FILE/WEBHOOK; a FILE target leaving the publish
//                   directory; a WEBHOOK URL whose host is not allowed; scopeId
//                   missing/extra for the scope
//   NOT_FOUND       unknown platform, job or scope object
//   LOCKED          republish while the same scope and platform has a RUNNING job
//   CONFLICT        cancelling a job that already finished
import type { RequestContext as Context } from "../core/context.js";
import { badInput, conflict, DomainError, notFound } from "../core/errors.js";
import { findPage, type ConnectionArgs, type Order } from "../core/paging.js";
import type { DistributionPlatformInput, PublishJobFilter, RepublishInput } from "./inputs.js";
import { checkKey } from "../catalog/keys.js";
import type { Tx } from "../db/client.js";
import { enqueuePublishJobs, type PublishJobRow, type PublishTarget } from "../jobs/enqueue.js";
import { estimatePublishLag } from "../jobs/estimate.js";
import { runChange } from "./governance.js";
import { checkTarget as checkOutbound, DEFAULT_PORTS, OutboundRefused } from "../net/outbound-policy.js";

const FOLDER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const newestFirst: Order<PublishJobRow> = [
  { field: "createdAt", dir: "desc", kind: "date" },
  { field: "id", dir: "desc", kind: "string" },
];

export function listPlatforms(ctx: Context) {
  return ctx.app.db.prisma.distributionPlatform.findMany({ where: { tenantId: ctx.tenantId }, orderBy: { id: "asc" } });
}

function checkTarget(ctx: Context, delivery: string, target: string): string {
  if (delivery === "FILE") {
    if (!FOLDER.test(target) || target.includes("..")) {
      throw badInput("A FILE target is one folder name inside the publish directory (letters, digits, . _ -)", "input.target");
    }
    return target;
  }
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw badInput("A WEBHOOK target must be an http(s) URL", "input.target");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw badInput("A WEBHOOK target must be an http(s) URL", "input.target");
  const scheme = url.protocol.slice(0, -1);
  try {
    checkOutbound(ctx.app.config.webhooks, scheme, url.hostname, url.port ? Number(url.port) : DEFAULT_PORTS[scheme]!);
  } catch (e) {
    if (!(e instanceof OutboundRefused)) throw e;
    throw badInput(
      `Webhook target ${url.protocol}//${url.host} is not allowed by this gateway (WEBHOOK_ALLOWED_SCHEMES, WEBHOOK_ALLOWED_HOSTS)`,
      "input.target",
    );
  }
  return url.toString();
}

export async function upsertPlatform(ctx: Context, input: DistributionPlatformInput) {
  checkKey(input.id, "input.id");
  if (!input.name.trim()) throw badInput("name must not be empty", "input.name");
  if (input.delivery !== "FILE" && input.delivery !== "WEBHOOK") throw badInput("delivery must be FILE or WEBHOOK", "input.delivery");
  const target = checkTarget(ctx, input.delivery, input.target);
  return runChange(ctx, async ({ tx, emit }) => {
    const data = { name: input.name.trim(), enabled: input.enabled ?? true, delivery: input.delivery, target };
    const platform = await tx.distributionPlatform.upsert({
      where: { tenantId_id: { tenantId: ctx.tenantId, id: input.id } },
      create: { tenantId: ctx.tenantId, id: input.id, ...data, secret: input.secret ?? null },
      update: { ...data, ...(input.secret != null ? { secret: input.secret } : {}) },
    });
    await emit({ kind: "directory.changed", subjects: [`platform:${input.id}`], payload: { what: "platform.upserted", ...data } });
    return platform;
  });
}

export function getJob(ctx: Context, id: string) {
  return ctx.app.db.prisma.publishJob.findUnique({ where: { tenantId_id: { tenantId: ctx.tenantId, id } } });
}

export function listJobs(ctx: Context, filter: PublishJobFilter | null | undefined, args: ConnectionArgs) {
  const prisma = ctx.app.db.prisma;
  const f = filter ?? {};
  return findPage({
    args,
    order: newestFirst,
    where: {
      tenantId: ctx.tenantId,
      ...(f.status?.length ? { status: { in: f.status } } : {}),
      ...(f.platformId ? { platformId: f.platformId } : {}),
      ...(f.scope ? { scope: f.scope } : {}),
      ...(f.scopeId ? { scopeId: f.scopeId } : {}),
    },
    findMany: (q) => prisma.publishJob.findMany(q),
    count: (q) => prisma.publishJob.count(q),
    toNode: (row) => row,
  });
}

async function checkScope(tx: Tx, tenantId: string, target: PublishTarget): Promise<void> {
  if (target.scope === "TENANT") {
    if (target.scopeId) throw badInput("scopeId must be omitted for the TENANT scope", "input.scopeId");
    return;
  }
  if (!target.scopeId) throw badInput(`scopeId is required for the ${target.scope} scope`, "input.scopeId");
  const where = { tenantId_id: { tenantId, id: target.scopeId } };
  const found =
    target.scope === "ARCHETYPE"
      ? await tx.archetype.findUnique({ where })
      : target.scope === "GROUP"
        ? await tx.group.findUnique({ where })
        : await tx.user.findUnique({ where });
  if (!found) throw notFound(target.scope.toLowerCase(), target.scopeId, "input.scopeId");
}

export async function republish(ctx: Context, input: RepublishInput) {
  const target: PublishTarget = { scope: input.scope, scopeId: input.scopeId ?? null };
  return runChange(ctx, async ({ tx, announce }) => {
    await checkScope(tx, ctx.tenantId, target);
    const platforms = await tx.distributionPlatform.findMany({
      where: { tenantId: ctx.tenantId, ...(input.platforms ? { id: { in: input.platforms } } : { enabled: true }) },
    });
    input.platforms?.forEach((id, i) => {
      const p = platforms.find((x) => x.id === id);
      if (!p) throw notFound("Platform", id, `input.platforms.${i}`);
      if (!p.enabled) throw badInput(`Platform "${id}" is disabled`, `input.platforms.${i}`);
    });
    const running = await tx.publishJob.findMany({
      where: { tenantId: ctx.tenantId, status: "RUNNING", scope: target.scope, scopeId: target.scopeId, platformId: { in: platforms.map((p) => p.id) } },
    });
    if (running.length) {
      throw new DomainError("LOCKED", `Publish job ${running[0].id} is running for this scope and platform`, {
        retryAfterSeconds: await estimatePublishLag(tx, ctx.tenantId, running),
      });
    }
    const jobs = await enqueuePublishJobs(tx, ctx.tenantId, [target], "manual_republish", { seq: null, at: new Date() }, platforms.map((p) => p.id));
    for (const job of jobs) announce({ type: "job", tenantId: ctx.tenantId, job });
    announce({ type: "jobs-queued" });
    return jobs;
  });
}

export async function cancelJob(ctx: Context, id: string) {
  return runChange(ctx, async ({ tx, announce }) => {
    const job = await tx.publishJob.findUnique({ where: { tenantId_id: { tenantId: ctx.tenantId, id } } });
    if (!job) throw notFound("Publish job", id, "id");
    if (job.status !== "QUEUED" && job.status !== "RUNNING") throw conflict(`Publish job ${id} already ${job.status}`, "id");
    const cancelled = await tx.publishJob.update({
      where: { tenantId_id: { tenantId: ctx.tenantId, id } },
      data: { status: "CANCELLED", finishedAt: new Date(), queuedKey: null, runningKey: null, leaseOwner: null, leaseExpiresAt: null, error: `cancelled by ${ctx.principal.subject}`, revision: { increment: 1 } },
    });
    announce({ type: "job", tenantId: ctx.tenantId, job: cancelled });
    return cancelled;
  });
}
