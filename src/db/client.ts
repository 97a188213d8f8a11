// Prisma client factory: the runtime picks client and driver adapter by the
// scheme of DATABASE_URL. Both generated clients share one shape; the SQLite one
// is the static type (prisma/schema.prisma is the source of truth).
import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.js";
import { PrismaClient as PostgresClient } from "./generated/postgres/client.js";
import { dbKindOf, type DbKind } from "../config.js";
import { migrate } from "./migrate.js";
import { log as logger } from "../ops/log.js";

import type { Db } from "./types.js";
export type { Db, Prisma, Tx } from "./types.js";

/** Per-request SQL statement counter; the query log event fires inside the caller's async context. */
export const statementCounter = new AsyncLocalStorage<{ statements: number }>();

export interface Database {
  prisma: Db;
  kind: DbKind;
  /** Migrations this start applied (start-up fills what a new one needs). */
  migrated: string[];
  close(): Promise<void>;
}

export interface OpenOptions {
  logQueries?: boolean;
  poolSize?: number;
  /** PostgreSQL statement_timeout of every pooled connection, in ms (0: none). */
  statementTimeoutMs?: number;
  /** How long SQLite waits for the write lock before SQLITE_BUSY, in ms. */
  busyTimeoutMs?: number;
}

export async function openDatabase(url: string, opts: OpenOptions = {}): Promise<Database> {
  const kind = dbKindOf(url);
  const log = [{ emit: "event", level: "query" }] as const;
  let prisma: Db;
  if (kind === "postgres") {
    // A slow or blocked statement fails instead of holding its connection (and its caller) forever.
    const adapter = new PrismaPg({ connectionString: url, max: opts.poolSize ?? 10, statement_timeout: opts.statementTimeoutMs ?? 30_000 });
    prisma = new PostgresClient({ adapter, log: [...log] }) as unknown as Db;
  } else {
    const file = url.slice("file:".length);
    if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const adapter = new PrismaBetterSQLite3({ url: file, timeout: opts.busyTimeoutMs ?? 5_000 });
    prisma = new SqliteClient({ adapter, log: [...log] });
  }
  (prisma as unknown as { $on(e: "query", cb: (ev: { query: string }) => void): void }).$on("query", (ev) => {
    const store = statementCounter.getStore();
    if (store) store.statements++;
    if (opts.logQueries) logger.info({ sql: ev.query }, "sql");
  });
  if (kind === "sqlite") {
    // WAL lets readers run beside the single writer; foreign keys stay off (no FKs declared).
    await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await prisma.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  }
  const migrated = await migrate(prisma, kind);
  return { prisma, kind, migrated, close: () => prisma.$disconnect() };
}
