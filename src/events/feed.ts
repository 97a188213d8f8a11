// One reader per tenant and process tails the committed governance log and
// hands each new event to every live subscriber: a commit costs one read, not
// one per subscriber. Subscribers resuming with `after` replay from the log
// themselves and then continue from the feed, skipping what they replayed.
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import type { EventBus } from "./bus.js";
import type { EventRow } from "./event-row.js";
import type { BusMessage } from "./bus.js";
import type { DomainError } from "../core/errors.js";
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
/** Replayed events handed out between two turns of the event loop. */
const YIELD_EVERY = 5;

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

export interface TenantEventsOptions {
  /** Only these kinds (filtered in the replay's query, too). */
  kinds?: readonly string[] | null;
  /** Events read per replay page. */
  pageSize: number;
  /** Live events waiting for the consumer; past it the stream fails as a slow consumer. */
  queueLimit: number;
  onOverflow?: (error: DomainError) => void;
}

/**
 * Governance events of a tenant after `after` (exclusive), or from now. The
 * replay is read a page at a time, and only when the consumer has taken the
 * previous page, so a replay of the whole log holds one page in memory and
 * yields the event loop between pages. When a short page shows the replay has
 * caught up, the stream joins the feed, reads what committed in between, and
 * goes live from the feed's head: nothing is missed or repeated, even when events
 * commit mid-replay. Live events wait in a bounded queue.
 */
export function tenantEvents(
  app: FeedSource,
  feeds: EventFeeds,
  tenantId: string,
  after: number | null,
  opts: TenantEventsOptions,
): AsyncIterableIterator<EventRow> {
  // Taken when joining: a long replay may outlive the feed that existed when it began.
  let feed: ReturnType<EventFeeds["feed"]> | undefined;
  const kindFilter = opts.kinds?.length ? { kind: { in: [...opts.kinds] } } : {};
  const wanted = opts.kinds?.length ? new Set(opts.kinds) : null;
  let cursor = after ?? 0; // last event read from the log
  let liveFrom: number | null = null; // set once joined: feed events after it are new
  const early: EventRow[] = []; // heard while joining
  const page: EventRow[] = [];
  let replaying = after !== null;
  let joined = false;
  let closed = false;
  let served = 0;

  const listener: Listener = (e) => {
    if (wanted && !wanted.has(e.kind)) return;
    if (liveFrom === null) early.push(e);
    else if (e.seq > liveFrom) {
      liveFrom = e.seq;
      live.push(e);
    }
  };
  const live = new AsyncQueue<EventRow>(() => leave(), opts.queueLimit, opts.onOverflow);
  const leave = () => {
    closed = true;
    if (joined) feed!.leave(listener);
    joined = false;
  };

  const readPage = async (upTo?: number): Promise<EventRow[]> => {
    const rows: EventRow[] = await app.db.prisma.governanceEvent.findMany({
      where: { tenantId, seq: upTo === undefined ? { gt: cursor } : { gt: cursor, lte: upTo }, ...kindFilter },
      orderBy: { seq: "asc" },
      take: opts.pageSize,
    });
    if (rows.length) cursor = rows[rows.length - 1].seq;
    return rows;
  };

  /** Joins the feed and reads what committed between the last replayed page and the feed's head. */
  const goLive = async (): Promise<void> => {
    joined = true;
    feed = feeds.feed(tenantId);
    const head = await feed.join(listener);
    if (after === null) cursor = head;
    while (after !== null) {
      const rows = await readPage(head);
      page.push(...rows);
      if (rows.length < opts.pageSize) break;
    }
    liveFrom = Math.max(head, cursor);
    for (const e of early) if (e.seq > liveFrom) listener(e);
    early.length = 0;
  };

  const it: AsyncIterableIterator<EventRow> = {
    async next(): Promise<IteratorResult<EventRow>> {
      if (closed && !page.length) return live.next();
      if (page.length) {
        // A socket's sends complete without waiting for I/O while its buffers have room, so a
        // replay would otherwise run the event loop's turn for itself: let others in every few events.
        if (++served % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
        if (closed) return { value: undefined, done: true };
        return { value: page.shift()!, done: false };
      }
      if (replaying) {
        const rows = await readPage();
        if (closed) return { value: undefined, done: true };
        page.push(...rows);
        if (rows.length < opts.pageSize) replaying = false;
        if (page.length) return { value: page.shift()!, done: false };
      }
      if (!joined) {
        await goLive();
        if (closed) return { value: undefined, done: true };
        if (page.length) return { value: page.shift()!, done: false };
      }
      return live.next();
    },
    async return(): Promise<IteratorResult<EventRow>> {
      page.length = 0;
      live.close();
      leave();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => it,
  };
  return it;
}
