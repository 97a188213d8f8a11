// The application's long-lived parts, built from the configuration: the
// database (SQLite or PostgreSQL) and the event bus (in-process, or Redis when
// REDIS_URL is set so several gateway processes share one fan-out).
import type { Config } from "./config.js";
import { openDatabase, type Database } from "./db/client.js";
import { InProcessEventBus, type EventBus } from "./events/bus.js";
import { RedisEventBus } from "./events/redis-bus.js";
import { EventFeeds } from "./events/feed.js";
import { StartupError } from "./ops/startup-errors.js";
import { rebuildAllTenants, STORED_ENTITLEMENTS_MIGRATION } from "./services/entitlement-rebuild.js";
import type { Core } from "./core/context.js";

/** The process's parts: the core's (config, database, bus, feeds) and how to close them. */
export interface App extends Core {
  close(): Promise<void>;
}

export async function createApp(config: Config, opts: { countStatements?: boolean } = {}): Promise<App> {
  const db = await openDatabase(config.databaseUrl, {
    logQueries: config.logQueries,
    countStatements: opts.countStatements,
    poolSize: config.databasePoolSize,
    statementTimeoutMs: config.timeouts.statementMs,
    busyTimeoutMs: config.timeouts.sqliteBusyMs,
  }).catch((e: unknown) => {
    throw new StartupError("database", e);
  });
  // A database from before stored entitlements existed is filled once, by the start that migrates it.
  if (db.migrated.includes(STORED_ENTITLEMENTS_MIGRATION)) await rebuildAllTenants(db.prisma);
  const events: EventBus = config.redisUrl
    ? await RedisEventBus.connect(config.redisUrl, config.redisPrefix).catch(async (e: unknown) => {
        await db.close();
        throw new StartupError("redis", e);
      })
    : new InProcessEventBus();
  const feeds = new EventFeeds({ config, db, events });
  return {
    config,
    db,
    events,
    feeds,
    async close() {
      feeds.close();
      await events.close();
      await db.close();
    },
  };
}
