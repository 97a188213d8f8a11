// Prometheus metrics (prom-client), one registry per server so test gateways in
// one process never share counters. Request series come from the request log;
// publish series are read from the database at scrape time, so they describe the
// whole deployment (every process answers the same), not one process's worker.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { App } from "../app.js";
import { log } from "../ops/log.js";
import type { RequestRecord } from "./request-log.js";

const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
/** Operation names come from callers: beyond this many distinct ones they are counted as `_other`. */
const MAX_OPERATIONS = 200;
const JOB_STATUSES = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"];

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();
  private readonly requests: Counter<"operation" | "outcome">;
  private readonly durations: Histogram<"operation">;
  private readonly errors: Counter<"code">;
  private readonly feedLag: Histogram;
  readonly subscriptions: Gauge;

  constructor(app: App) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: "gateway_process_" });
    this.requests = new Counter({
      name: "gateway_graphql_requests_total",
      help: "GraphQL requests over HTTP by operation name and outcome (success or error).",
      labelNames: ["operation", "outcome"],
      registers,
    });
    this.durations = new Histogram({
      name: "gateway_graphql_request_duration_seconds",
      help: "Time from receiving a GraphQL HTTP request to the end of its response.",
      labelNames: ["operation"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.errors = new Counter({
      name: "gateway_graphql_errors_total",
      help: "Errors answered over HTTP, by extensions.code.",
      labelNames: ["code"],
      registers,
    });
    this.feedLag = new Histogram({
      name: "gateway_event_feed_lag_seconds",
      help: "Time from a governance event's commit to its hand-over to this process's subscribers.",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.subscriptions = new Gauge({
      name: "gateway_subscriptions_active",
      help: "GraphQL subscriptions currently open on this process's WebSocket server.",
      registers,
    });
    const prisma = app.db.prisma;
    new Gauge({
      name: "gateway_publish_jobs",
      help: "Publish jobs in the database by status (all tenants).",
      labelNames: ["status"],
      registers,
      async collect() {
        const rows = await prisma.publishJob.groupBy({ by: ["status"], _count: { _all: true } });
        const counts = new Map(rows.map((r) => [r.status, r._count._all]));
        for (const status of JOB_STATUSES) this.set({ status }, counts.get(status) ?? 0);
      },
    });
    new Gauge({
      name: "gateway_publish_queue_depth",
      help: "QUEUED publish jobs that are due (not waiting for a retry delay).",
      registers,
      async collect() {
        this.set(await prisma.publishJob.count({ where: { status: "QUEUED", runAfter: { lte: new Date() } } }));
      },
    });
    new Gauge({
      name: "gateway_publish_lag_seconds",
      help: "Seconds from change to delivery of the most recently finished successful publish job.",
      registers,
      async collect() {
        const last = await prisma.publishJob.findFirst({
          where: { status: "SUCCEEDED", finishedAt: { not: null } },
          orderBy: { finishedAt: "desc" },
          select: { finishedAt: true, causedAt: true },
        });
        this.set(last?.finishedAt ? (last.finishedAt.getTime() - last.causedAt.getTime()) / 1000 : 0);
      },
    });
  }

  observeRequest(record: RequestRecord, outcome: string, seconds: number): void {
    const operation = this.operationLabel(record.operation);
    this.requests.inc({ operation, outcome: outcome === "OK" ? "success" : "error" });
    this.durations.observe({ operation }, seconds);
    for (const code of record.codes) this.errors.inc({ code: NAME.test(code) ? code : "_invalid" });
    if (!record.codes.length && outcome !== "OK") this.errors.inc({ code: outcome });
  }

  observeFeedDelivery(occurredAt: Date): void {
    this.feedLag.observe(Math.max(0, (Date.now() - occurredAt.getTime()) / 1000));
  }

  /**
   * Wraps a subscription's stream so the live-subscription gauge follows it,
   * however it ends. Not an async generator: a generator waiting on its source
   * would queue return() until the next message, leaving the source (and the
   * feed behind it) subscribed while the client is gone.
   */
  countSubscription<T>(stream: AsyncIterable<T>): AsyncIterableIterator<T> {
    const gauge = this.subscriptions;
    const source = stream[Symbol.asyncIterator]();
    let open = true;
    gauge.inc();
    const end = () => {
      if (open) gauge.dec();
      open = false;
    };
    const it: AsyncIterableIterator<T> = {
      async next() {
        try {
          const r = await source.next();
          if (r.done) end();
          return r;
        } catch (e) {
          end();
          throw e;
        }
      },
      async return(value?: unknown) {
        end();
        return (await source.return?.(value)) ?? { value: undefined, done: true };
      },
      async throw(e?: unknown) {
        end();
        if (source.throw) return source.throw(e);
        throw e;
      },
      [Symbol.asyncIterator]: () => it,
    };
    return it;
  }

  async scrape(): Promise<string> {
    try {
      return await this.registry.metrics();
    } catch (e) {
      log.error({ err: e }, "metrics scrape failed");
      throw e;
    }
  }

  private operationLabel(name: string | undefined): string {
    if (!name) return "_anonymous";
    if (!NAME.test(name)) return "_invalid";
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATIONS) return "_other";
    this.operations.add(name);
    return name;
  }
}
