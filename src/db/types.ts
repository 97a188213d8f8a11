// The database's static types. Both generated clients share one shape; the
// SQLite one is the static type (prisma/schema.prisma is the source of truth).
import type { PrismaClient as SqliteClient } from "./generated/sqlite/client.js";

export type Db = SqliteClient;
export type { Prisma } from "./generated/sqlite/client.js";
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** A publish job as stored; the bus carries committed ones to dashboards. */
export type PublishJobRow = Awaited<ReturnType<Tx["publishJob"]["findUniqueOrThrow"]>>;
