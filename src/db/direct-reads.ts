// Prepared reads on the driver under Prisma, for the few statements nearly every
// request sends (db/hot-reads.ts: skills, agents and users by id, a skill's
// assignments, the unfiltered skills page) and the stored-entitlement reads of
// the picker and the publisher: one fixed SQL text each, prepared once per
// connection. Prisma 6 compiles every call, raw ones
// included, in its WebAssembly query compiler on the event loop; the throughput
// profile (bench/throughput.ts, issue 9) showed that compilation plus Prisma's
// result mapping as the largest costs of a small query. Everything else goes
// through Prisma.
//
// Same connections as Prisma's: on PostgreSQL the pg pool is ours and handed to
// Prisma's adapter, so the pool size and statement timeout hold for both; on
// SQLite a second, read-only connection to the same file (WAL lets it read
// beside the writer, and every statement sees what has committed). Reads only:
// a write, or a read inside a transaction, goes through Prisma. Statements are
// counted and logged like Prisma's own (statementCounter, LOG_SQL).
import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";

export type DirectRow = Record<string, unknown>;

export interface DirectReads {
  /**
   * Runs one read. `text` must be a fixed string (parameters as $1, $2 on
   * PostgreSQL, ? on SQLite): it names the prepared statement. Rows come back as
   * the driver decodes them: on PostgreSQL timestamps as Date and jsonb parsed;
   * on SQLite as stored (ISO text, 0/1, JSON text); the caller decodes.
   */
  query(text: string, params: unknown[]): Promise<DirectRow[]>;
  /** The same, each row an array of its columns in SELECT order: no object per row (the publisher's million-row reads). */
  queryArrays(text: string, params: unknown[]): Promise<unknown[][]>;
  /** Whether rows come back typed (Date, boolean, parsed JSON) or as SQLite stores them. */
  readonly typed: boolean;
  close(): Promise<void>;
}

export type StatementObserver = (sql: string) => void;

/** PostgreSQL `timestamp` (no zone) holds UTC here, as Prisma writes it; pg's default would read it as local time. */
const TIMESTAMP = 1114;
const pgTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP ? parseTimestamp : pg.types.getTypeParser(oid, format ?? "text")) as typeof pg.types.getTypeParser,
};

/**
 * A `timestamp` as PostgreSQL writes it ("2026-03-01 00:00:00.001", fraction of 0-6
 * digits), read as UTC. The common shape is read digit by digit into Date.UTC: a nested
 * page reads a hundred or more of them per request, and building an ISO string to parse
 * was the largest cost of the driver reads in the throughput profile. Anything else
 * (years before 100 or past 9999, BC, infinity) goes the ISO way, as before.
 */
export function parseTimestamp(s: string): Date {
  const n = s.length;
  if (n >= 19 && n <= 26 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(10) === 32 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58 && (n === 19 || (n > 20 && s.charCodeAt(19) === 46))) {
    const year = digits(s, 0, 4);
    // The fraction's first three digits are the milliseconds (".5" is 500); JavaScript keeps
    // no more, but the rest must be digits too.
    const msEnd = Math.min(n, 23);
    const ms = n === 19 ? 0 : digits(s, 20, msEnd) * 10 ** (23 - msEnd) + digits(s, msEnd, n) * 0;
    const t = Date.UTC(year, digits(s, 5, 7) - 1, digits(s, 8, 10), digits(s, 11, 13), digits(s, 14, 16), digits(s, 17, 19), ms);
    // NaN when a character was not a digit; Date.UTC would read a year before 100 as 19xx.
    if (!Number.isNaN(t) && year >= 100) return new Date(t);
  }
  return new Date(`${s.replace(" ", "T")}Z`);
}

/** The decimal number in s[from, to), or NaN if any character there is not a digit. */
function digits(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
}

const statementName = (text: string) => `gw_${createHash("sha1").update(text).digest("hex").slice(0, 16)}`;

export function postgresDirectReads(pool: pg.Pool, observe: StatementObserver | null): DirectReads {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) names.set(text, (name = statementName(text)));
    observe?.(text);
    return name;
  };
  return {
    async query(text, params) {
      const result = await pool.query({ name: nameOf(text), text, values: params, types: pgTypes });
      return result.rows as DirectRow[];
    },
    async queryArrays(text, params) {
      const result = await pool.query({ name: nameOf(text), text, values: params, types: pgTypes, rowMode: "array" });
      return result.rows as unknown[][];
    },
    typed: true,
    async close() {},
  };
}

export function sqliteDirectReads(file: string, busyTimeoutMs: number, observe: StatementObserver | null): DirectReads {
  let db: Database.Database | null = null;
  const prepared = new Map<string, Database.Statement>();
  const statementOf = (text: string, arrays: boolean) => {
    // Opened on first use: by then the start-up has created and migrated the file.
    db ??= new Database(file, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
    const key = arrays ? `arrays\u0000${text}` : text;
    let statement = prepared.get(key);
    if (!statement) prepared.set(key, (statement = arrays ? db.prepare(text).raw(true) : db.prepare(text)));
    observe?.(text);
    return statement;
  };
  return {
    async query(text, params) {
      return statementOf(text, false).all(...params) as DirectRow[];
    },
    async queryArrays(text, params) {
      return statementOf(text, true).all(...params) as unknown[][];
    },
    typed: false,
    async close() {
      db?.close();
      db = null;
      prepared.clear();
    },
  };
}

/** An in-memory SQLite database has no file to open twice: its reads go through Prisma (typed by it). */
export function prismaDirectReads(raw: (text: string, params: unknown[]) => Promise<DirectRow[]>): DirectReads {
  return {
    query: raw,
    // Prisma names the columns; their order is the SELECT's.
    async queryArrays(text, params) {
      return (await raw(text, params)).map((r) => Object.values(r));
    },
    typed: true,
    async close() {},
  };
}
