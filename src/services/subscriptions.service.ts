// Live updates for dashboards. Every message is derived from committed state:
// governance events from the log (via the shared tenant feed), entitlement
// changes from committed skill.entitlement_changed events, job updates from
// the committed job rows announced after each commit.
import type { RequestContext as Context } from "../core/context.js";
import { forbidden, type DomainError } from "../core/errors.js";
import { AGENT_RULE, hasScope } from "../core/principal.js";
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
  // Live streams carry other agents' and the directory's data.
  if (ctx.principal.agentId !== null) throw forbidden(`${AGENT_RULE}: agents cannot subscribe to governance streams`);
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

/** How a stream is bounded: the edge says what to do when its consumer falls behind. */
export interface StreamOptions {
  onSlowConsumer?: (error: DomainError) => void;
}

function streamLimits(ctx: Context, opts: StreamOptions) {
  const limits = ctx.app.config.limits;
  return { pageSize: limits.replayPageSize, queueLimit: limits.subscriptionQueueLimit, onOverflow: opts.onSlowConsumer };
}

export function governanceEvents(
  ctx: Context,
  kinds: string[] | null | undefined,
  after: string | null | undefined,
  opts: StreamOptions = {},
) {
  requireRead(ctx);
  const from = after == null ? null : parseEventId(after, "after");
  return tenantEvents(ctx.app, ctx.app.feeds, ctx.tenantId, from, { ...streamLimits(ctx, opts), kinds });
}

interface ChangeGroup {
  added: string[];
  removed: string[];
  users: string[];
}

/** The affected users' archetypes and groups, read once per event and shared by every subscriber. */
interface Membership {
  archetypeOf: Map<string, string | null>;
  groupsOf: Map<string, Set<string>>;
}
const MEMO_LIMIT = 256;
const memberships = new Map<string, Promise<Membership>>();

function membershipOf(ctx: Context, event: EventRow, users: string[]): Promise<Membership> {
  const key = `${ctx.tenantId}|${event.seq}`;
  let found = memberships.get(key);
  if (!found) {
    const prisma = ctx.app.db.prisma;
    found = Promise.all([
      prisma.user.findMany({ where: { tenantId: ctx.tenantId, id: { in: users } }, select: { id: true, archetypeId: true } }),
      prisma.groupMember.findMany({ where: { tenantId: ctx.tenantId, userId: { in: users } }, select: { userId: true, groupId: true } }),
    ]).then(([rows, members]) => {
      const groupsOf = new Map<string, Set<string>>();
      for (const m of members) groupsOf.set(m.userId, (groupsOf.get(m.userId) ?? new Set()).add(m.groupId));
      return { archetypeOf: new Map(rows.map((r) => [r.id, r.archetypeId])), groupsOf };
    });
    found.catch(() => memberships.delete(key));
    memberships.set(key, found);
    // Bounded: subscribers read an event within moments of each other.
    if (memberships.size > MEMO_LIMIT) memberships.delete(memberships.keys().next().value!);
  }
  return found;
}

export function entitlementChanges(
  ctx: Context,
  filter: { userId?: string | null; archetypeId?: string | null; groupId?: string | null },
  opts: StreamOptions = {},
) {
  requireRead(ctx);
  const source = tenantEvents(ctx.app, ctx.app.feeds, ctx.tenantId, null, {
    ...streamLimits(ctx, opts),
    kinds: ["skill.entitlement_changed"],
  });
  return transform(source, async (event): Promise<EntitlementChangeMessage[]> => {
    if (event.kind !== "skill.entitlement_changed") return [];
    const groups = ((event.payload as { changes?: ChangeGroup[] }).changes ?? []) as ChangeGroup[];
    let messages = groups.flatMap((g) => g.users.map((userId) => ({ userId, added: g.added, removed: g.removed, event })));
    if (filter.userId) messages = messages.filter((m) => m.userId === filter.userId);
    if (messages.length && (filter.archetypeId || filter.groupId)) {
      // One batched read per event, whatever the number of subscribers.
      const all = [...new Set(groups.flatMap((g) => g.users))];
      const { archetypeOf, groupsOf } = await membershipOf(ctx, event, all);
      if (filter.archetypeId) messages = messages.filter((m) => archetypeOf.get(m.userId) === filter.archetypeId);
      if (filter.groupId) messages = messages.filter((m) => groupsOf.get(m.userId)?.has(filter.groupId!) ?? false);
    }
    return messages;
  });
}

/**
 * Every committed state of matching jobs, in order. With jobId the current
 * state comes first; states older than one already sent (by revision) are dropped.
 */
export function publishJobUpdates(
  ctx: Context,
  jobId: string | null | undefined,
  platformId: string | null | undefined,
  opts: StreamOptions = {},
) {
  requireRead(ctx);
  const sent = new Map<string, number>();
  const limits = streamLimits(ctx, opts);
  const queue: AsyncQueue<PublishJobRow> = new AsyncQueue(() => unsubscribe(), limits.queueLimit, limits.onOverflow);
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
