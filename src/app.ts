// The application's long-lived parts, built from the configuration.
import type { Config } from "./config.js";
import { openDatabase, type Database } from "./db/client.js";
import { InProcessEventBus, type EventBus } from "./events/bus.js";

export interface App {
  config: Config;
  db: Database;
  events: EventBus;
  close(): Promise<void>;
}

export async function createApp(config: Config): Promise<App> {
  const db = await openDatabase(config.databaseUrl, { logQueries: config.logQueries });
  const events: EventBus = new InProcessEventBus();
  return {
    config,
    db,
    events,
    async close() {
      await events.close();
      await db.close();
    },
  };
}
