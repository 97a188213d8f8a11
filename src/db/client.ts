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
import pg from "pg";
import { postgresDirectReads, prismaDirectReads, sqliteDirectReads, type DirectReads } from "./direct-reads.js";

import type { Db } from "./types.js";
export type { Db, Prisma, Tx } from "./types.js";

/** Per-request SQL statement counter; the query log event fires inside the caller's async context. */
export const statementCounter = new AsyncLocalStorage<{ statements: number }>();

export interface Database {
  prisma: Db;
  kind: DbKind;
  /** Migrations this start applied (start-up fills what a new one needs). */
  migrated: string[];
  /** Prepared reads beside Prisma for the hottest statements (db/direct-reads.ts). */
  direct: DirectReads;
  close(): Promise<void>;
}

export interface OpenOptions {
  logQueries?: boolean;
  /** Count statements per statementCounter scope (the tests' harness). Off, Prisma emits no query events at all. */
  countStatements?: boolean;
  poolSize?: number;
  /** PostgreSQL statement_timeout of every pooled connection, in ms (0: none). */
  statementTimeoutMs?: number;
  /** How long SQLite waits for the write lock before SQLITE_BUSY, in ms. */
  busyTimeoutMs?: number;
}

export async function openDatabase(url: string, opts: OpenOptions = {}): Promise<Database> {
  const kind = dbKindOf(url);
  // A query event costs Prisma a formatted copy of every statement and its parameters: only when someone listens.
  const observe = Boolean(opts.logQueries || opts.countStatements);
  const log = observe ? ([{ emit: "event", level: "query" }] as const) : ([] as const);
  let prisma: Db;
  let direct: DirectReads;
  let pool: pg.Pool | null = null;
  const observeDirect = observe
    ? (sql: string) => {
        const store = statementCounter.getStore();
        if (store) store.statements++;
        if (opts.logQueries) logger.info({ sql }, "sql");
      }
    : null;
  if (kind === "postgres") {
    // A slow or blocked statement fails instead of holding its connection (and its caller) forever.
    // One pool, ours, shared by Prisma's adapter and the direct reads.
    pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, statement_timeout: opts.statementTimeoutMs ?? 30_000 });
    // An idle connection the server dropped must not take the process down with it.
    pool.on("error", (e) => logger.warn({ err: { message: e.message } }, "database connection lost while idle"));
    const adapter = new PrismaPg(pool);
    prisma = new PostgresClient({ adapter, log: [...log] }) as unknown as Db;
    direct = postgresDirectReads(pool, observeDirect);
  } else {
    const file = url.slice("file:".length);
    if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const busyTimeoutMs = opts.busyTimeoutMs ?? 5_000;
    const adapter = new PrismaBetterSQLite3({ url: file, timeout: busyTimeoutMs });
    prisma = new SqliteClient({ adapter, log: [...log] });
    direct = file === ":memory:"
      ? prismaDirectReads((text, params) => prisma.$queryRawUnsafe(text, ...params))
      : sqliteDirectReads(file, busyTimeoutMs, observeDirect);
  }
  if (observe) {
    (prisma as unknown as { $on(e: "query", cb: (ev: { query: string }) => void): void }).$on("query", (ev) => {
      const store = statementCounter.getStore();
      if (store) store.statements++;
      if (opts.logQueries) logger.info({ sql: ev.query }, "sql");
    });
  }
  if (kind === "sqlite") {
    // WAL lets readers run beside the single writer; foreign keys stay off (no FKs declared).
    await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await prisma.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  }
  const migrated = await migrate(prisma, kind);
  return {
    prisma,
    kind,
    migrated,
    direct,
    close: async () => {
      await direct.close();
      await prisma.$disconnect();
      // Prisma does not end a pool it was handed.
      await pool?.end();
    },
  };
}
