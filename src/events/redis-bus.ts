// Distributed mode: every gateway process publishes to one Redis channel and
// hears every process's messages (its own included), so a subscriber connected
// to one process receives what a mutation on another caused.
import { Redis } from "ioredis";
import { InProcessEventBus, reviveMessage, type BusMessage } from "./bus.js";
import { log } from "../ops/log.js";

export class RedisEventBus extends InProcessEventBus {
  private constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly channel: string,
  ) {
    super();
  }

  static async connect(url: string, prefix = "skill-gateway"): Promise<RedisEventBus> {
    const options = { lazyConnect: true, maxRetriesPerRequest: null, enableAutoPipelining: true };
    const pub = new Redis(url, options);
    const sub = new Redis(url, options);
    // ioredis reconnects on its own; without a listener it prints every failure to the console.
    for (const [role, client] of [["publisher", pub], ["subscriber", sub]] as const) {
      client.on("error", (e: Error) => log.warn({ err: { message: e.message, code: (e as { code?: unknown }).code }, role }, "redis connection error"));
    }
    await Promise.all([pub.connect(), sub.connect()]);
    const bus = new RedisEventBus(pub, sub, `${prefix}:bus`);
    sub.on("message", (_channel: string, raw: string) => {
      try {
        bus.emitter.emit("message", reviveMessage(raw));
      } catch (e) {
        log.error({ err: e }, "event bus: dropped a malformed message");
      }
    });
    await sub.subscribe(bus.channel);
    return bus;
  }

  override publish(message: BusMessage): void {
    this.pub.publish(this.channel, JSON.stringify(message)).catch((e: unknown) => {
      // Subscribers still catch up from the log on their next read.
      log.error({ err: e }, "event bus: publish failed");
    });
  }

  override async ping(): Promise<void> {
    await Promise.all([this.pub.ping(), this.sub.status === "ready" ? undefined : Promise.reject(new Error(`subscriber ${this.sub.status}`))]);
  }

  override async close(): Promise<void> {
    await super.close();
    // quit() waits for Redis to answer; with Redis gone it would hold shutdown forever.
    await Promise.allSettled([this.sub, this.pub].map((c) => (c.status === "ready" ? c.quit() : Promise.resolve(c.disconnect()))));
  }
}
