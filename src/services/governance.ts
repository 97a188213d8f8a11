// Governance events are rows written in the same transaction as the change
// they record. Numbers come from the tenant row (incremented under its row
// lock), so a tenant's events commit in number order and `after` cursors can
// never skip an event that commits late.
import type { Db, Prisma, Tx } from "../db/client.js";
import type { RequestContext as Context } from "../core/context.js";
import type { BusMessage } from "../events/bus.js";

export interface EventDraft {
  kind: string;
  subjects: string[];
  payload?: Record<string, unknown>;
}

import type { EventRow } from "../events/event-row.js";
export type { EventRow };

export async function appendEvent(tx: Tx, tenantId: string, actor: string, draft: EventDraft): Promise<EventRow> {
  const { eventSeq: seq } = await tx.tenant.update({ where: { id: tenantId }, data: { eventSeq: { increment: 1 } } });
  const subjects = [...new Set(draft.subjects)];
  const row = await tx.governanceEvent.create({
    data: { tenantId, seq, kind: draft.kind, actor, subjects, payload: (draft.payload ?? {}) as Prisma.InputJsonValue },
  });
  if (subjects.length) {
    await tx.governanceEventSubject.createMany({ data: subjects.map((subject) => ({ tenantId, seq, subject })) });
  }
  return row;
}

export interface ChangeScope {
  tx: Tx;
  /** Records a governance event inside the transaction. */
  emit(draft: EventDraft): Promise<EventRow>;
  /** Queues a bus message that is published only once the transaction has committed. */
  announce(message: BusMessage): void;
}

/**
 * Every transaction that records governance events starts by locking its
 * tenant's row (the event counter lives there). One lock order for every
 * writer: no deadlock can form between the counter and the rows a change
 * touches, and per-tenant writes that record events serialize here.
 */
export async function tenantTransaction<T>(prisma: Db, tenantId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return prisma.$transaction(
    async (tx) => {
      await tx.tenant.update({ where: { id: tenantId }, data: { eventSeq: { increment: 0 } } });
      return work(tx);
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

/** Thrown to roll a dry run back after it computed its answer. */
class DryRunRollback<T> extends Error {
  constructor(readonly result: T) {
    super("dry run");
  }
}

/**
 * Runs one use case in a transaction. Events recorded through `emit` commit or
 * roll back with the change; subscribers are told only after the commit. A dry
 * run does all the same work, then rolls back: its answer is exactly the real
 * one's, and nothing is written, emitted or queued.
 */
export async function runChange<T>(
  ctx: Context,
  work: (scope: ChangeScope) => Promise<T>,
  opts: { dryRun?: boolean } = {},
): Promise<T> {
  let lastSeq = 0;
  let announcements: BusMessage[] = [];
  try {
    const result = await tenantTransaction(ctx.app.db.prisma, ctx.tenantId, async (tx) => {
      lastSeq = 0;
      announcements = [];
      const out = await work({
        tx,
        emit: async (draft) => {
          const row = await appendEvent(tx, ctx.tenantId, ctx.principal.subject, draft);
          lastSeq = row.seq;
          return row;
        },
        announce: (message) => announcements.push(message),
      });
      if (opts.dryRun) throw new DryRunRollback(out);
      return out;
    });
    if (lastSeq) ctx.app.events.publish({ type: "events", tenantId: ctx.tenantId, seq: lastSeq });
    for (const message of announcements) ctx.app.events.publish(message);
    return result;
  } catch (e) {
    if (e instanceof DryRunRollback) return e.result as T;
    throw e;
  }
}
