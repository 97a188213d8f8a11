// One reader per tenant and process tails the committed governance log and
// hands each new event to every live subscriber: a commit costs one read, not
// one per subscriber. Subscribers resuming with `after` replay from the log
// themselves and then continue from the feed, skipping what they replayed.
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import type { EventBus } from "./bus.js";
import type { EventRow } from "./event-row.js";
import type { BusMessage } from "./bus.js";
import { AsyncQueue } from "./queue.js";

/** What a feed reads from: the database and the bus (the core parts, without the feeds). */
export interface FeedSource {
  config: Config;
  db: Database;
  events: EventBus;
}

type Listener = (event: EventRow) => void;

/** A lost notification costs at most this delay: the feed also polls while it has listeners. */
const FALLBACK_POLL_MS = 2_000;
const READ_BATCH = 500;

class TenantFeed {
  private readonly listeners = new Set<Listener>();
  private head: number | null = null;
  private reading: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly app: FeedSource,
    readonly tenantId: string,
    private readonly onEmpty: () => void,
  ) {}

  /** Registers a listener; resolves to the last event number already handed out (new events come after it). */
  async join(listener: Listener): Promise<number> {
    this.listeners.add(listener);
    if (!this.timer) {
      this.timer = setInterval(() => this.poke(), FALLBACK_POLL_MS);
      this.timer.unref();
    }
    await this.poke();
    return this.head!;
  }

  leave(listener: Listener): void {
    this.listeners.delete(listener);
    if (this.listeners.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.onEmpty();
    }
  }

  /** Reads whatever committed since the head; reads are serialized. */
  poke(): Promise<void> {
    this.reading = this.reading.then(() => this.read()).catch((e: unknown) => console.error("[feed] read failed:", e));
    return this.reading;
  }

  private async read(): Promise<void> {
    const prisma = this.app.db.prisma;
    if (this.head === null) {
      const tenant = await prisma.tenant.findUnique({ where: { id: this.tenantId }, select: { eventSeq: true } });
      this.head = tenant?.eventSeq ?? 0;
      return;
    }
    for (;;) {
      const rows: EventRow[] = await prisma.governanceEvent.findMany({
        where: { tenantId: this.tenantId, seq: { gt: this.head as number } },
        orderBy: { seq: "asc" },
        take: READ_BATCH,
      });
      for (const row of rows) {
        this.head = row.seq;
        for (const l of this.listeners) l(row);
      }
      if (rows.length < READ_BATCH) return;
    }
  }
}

export class EventFeeds {
  private readonly feeds = new Map<string, TenantFeed>();
  private readonly unsubscribe: () => void;

  constructor(private readonly app: FeedSource) {
    this.unsubscribe = app.events.subscribe((m: BusMessage) => {
      if (m.type === "events") void this.feeds.get(m.tenantId)?.poke();
    });
  }

  feed(tenantId: string): TenantFeed {
    let feed = this.feeds.get(tenantId);
    if (!feed) {
      feed = new TenantFeed(this.app, tenantId, () => this.feeds.delete(tenantId));
      this.feeds.set(tenantId, feed);
    }
    return feed;
  }

  close(): void {
    this.unsubscribe();
  }
}

/**
 * Governance events of a tenant after `after` (exclusive), or from now. The
 * subscriber joins the feed first and buffers what it hears while it replays
 * the log; then it flushes the buffer past the last replayed number and goes
 * live: nothing is missed or repeated, even when events commit mid-replay.
 */
export function tenantEvents(app: FeedSource, feeds: EventFeeds, tenantId: string, after: number | null): AsyncQueue<EventRow> {
  const feed = feeds.feed(tenantId);
  let cursor: number | null = null; // null while replaying
  const buffer: EventRow[] = [];
  const listener: Listener = (e) => {
    if (cursor === null) buffer.push(e);
    else if (e.seq > cursor) {
      cursor = e.seq;
      out.push(e);
    }
  };
  const out = new AsyncQueue<EventRow>(() => feed.leave(listener));
  (async () => {
    const head = await feed.join(listener);
    let c = after ?? head;
    if (after !== null) {
      for (;;) {
        const rows = await app.db.prisma.governanceEvent.findMany({
          where: { tenantId, seq: { gt: c } },
          orderBy: { seq: "asc" },
          take: READ_BATCH,
        });
        for (const row of rows) out.push(row);
        if (rows.length) c = rows[rows.length - 1].seq;
        if (rows.length < READ_BATCH) break;
      }
    }
    for (const e of buffer) {
      if (e.seq > c) {
        c = e.seq;
        out.push(e);
      }
    }
    buffer.length = 0;
    cursor = c;
  })().catch((e: unknown) => out.fail(e));
  return out;
}
