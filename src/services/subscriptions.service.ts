// Live updates for dashboards. Every message is derived from committed state:
// governance events from the log (via the shared tenant feed), entitlement
// changes from committed skill.entitlement_changed events, job updates from
// the committed job rows announced after each commit.
import type { RequestContext as Context } from "../core/context.js";
import { forbidden } from "../core/errors.js";
import { hasScope } from "../auth/token.js";
import { tenantEvents } from "../events/feed.js";
import { AsyncQueue } from "../events/queue.js";
import type { PublishJobRow } from "../jobs/enqueue.js";
import type { EventRow } from "./governance.js";
import { parseEventId } from "./events.service.js";

export interface EntitlementChangeMessage {
  userId: string;
  added: string[];
  removed: string[];
  event: EventRow;
}

function requireRead(ctx: Context): void {
  if (!hasScope(ctx.principal, "skills:read")) throw forbidden("This subscription needs the skills:read scope");
}

/** Maps and filters an async iterator, passing the consumer's return() through (so feeds are left at once). */
function transform<A, B>(source: AsyncIterableIterator<A>, fn: (a: A) => Promise<B[]> | B[]): AsyncIterableIterator<B> {
  const ready: B[] = [];
  const it: AsyncIterableIterator<B> = {
    async next() {
      while (ready.length === 0) {
        const r = await source.next();
        if (r.done) return { value: undefined, done: true };
        ready.push(...(await fn(r.value)));
      }
      return { value: ready.shift()!, done: false };
    },
    async return() {
      await source.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => it,
  };
  return it;
}

export function governanceEvents(ctx: Context, kinds: string[] | null | undefined, after: string | null | undefined) {
  requireRead(ctx);
  const from = after == null ? null : parseEventId(after, "after");
  const wanted = kinds?.length ? new Set(kinds) : null;
  return transform(tenantEvents(ctx.app, ctx.app.feeds, ctx.tenantId, from), (e) => (!wanted || wanted.has(e.kind) ? [e] : []));
}

interface ChangeGroup {
  added: string[];
  removed: string[];
  users: string[];
}

export function entitlementChanges(
  ctx: Context,
  filter: { userId?: string | null; archetypeId?: string | null; groupId?: string | null },
) {
  requireRead(ctx);
  const prisma = ctx.app.db.prisma;
  const source = tenantEvents(ctx.app, ctx.app.feeds, ctx.tenantId, null);
  return transform(source, async (event): Promise<EntitlementChangeMessage[]> => {
    if (event.kind !== "skill.entitlement_changed") return [];
    const groups = ((event.payload as { changes?: ChangeGroup[] }).changes ?? []) as ChangeGroup[];
    let messages = groups.flatMap((g) => g.users.map((userId) => ({ userId, added: g.added, removed: g.removed, event })));
    if (filter.userId) messages = messages.filter((m) => m.userId === filter.userId);
    if (messages.length && filter.archetypeId) {
      const inArchetype = new Set(
        (await prisma.user.findMany({
          where: { tenantId: ctx.tenantId, archetypeId: filter.archetypeId, id: { in: messages.map((m) => m.userId) } },
          select: { id: true },
        })).map((u) => u.id),
      );
      messages = messages.filter((m) => inArchetype.has(m.userId));
    }
    if (messages.length && filter.groupId) {
      const members = new Set(
        (await prisma.groupMember.findMany({
          where: { tenantId: ctx.tenantId, groupId: filter.groupId, userId: { in: messages.map((m) => m.userId) } },
          select: { userId: true },
        })).map((m) => m.userId),
      );
      messages = messages.filter((m) => members.has(m.userId));
    }
    return messages;
  });
}

/**
 * Every committed state of matching jobs, in order. With jobId the current
 * state comes first; states older than one already sent (by revision) are dropped.
 */
export function publishJobUpdates(ctx: Context, jobId: string | null | undefined, platformId: string | null | undefined) {
  requireRead(ctx);
  const sent = new Map<string, number>();
  const queue: AsyncQueue<PublishJobRow> = new AsyncQueue(() => unsubscribe());
  const offer = (job: PublishJobRow) => {
    if (jobId && job.id !== jobId) return;
    if (platformId && job.platformId !== platformId) return;
    if ((sent.get(job.id) ?? -1) >= job.revision) return;
    sent.set(job.id, job.revision);
    queue.push(job);
  };
  const buffered: PublishJobRow[] = [];
  let live = !jobId;
  const unsubscribe = ctx.app.events.subscribe((m) => {
    if (m.type !== "job" || m.tenantId !== ctx.tenantId) return;
    if (live) offer(m.job);
    else buffered.push(m.job);
  });
  if (jobId) {
    ctx.app.db.prisma.publishJob
      .findUnique({ where: { tenantId_id: { tenantId: ctx.tenantId, id: jobId } } })
      .then((current) => {
        if (current) offer(current);
        for (const job of buffered) offer(job);
        buffered.length = 0;
        live = true;
      })
      .catch((e: unknown) => queue.fail(e));
  }
  return queue;
}
