// npm run bench -- throughput: req/s, p50 and p99 of the issue's four queries at
// -c 10 against the gateway as a real process (NODE_ENV=production), and against
// the floor (bench/floor.server.ts: bare graphql-js over pg / better-sqlite3
// sending the same statements), back to back in one run, on SQLite and PostgreSQL.
// BENCH_SECONDS (default 10) per query and server; BENCH_DBS=sqlite,postgres;
// BENCH_PROFILE_DIR=<dir> runs the gateway (<dir>/<db>) and the floor (<dir>/<db>-floor) under --cpu-prof; BENCH_SHOW_SQL=1
// prints the statements each query sends instead of measuring; BENCH_QUERIES=0,3
// measures only those queries (by index, for a profile of one). Each line also gives the
// CPU a request cost the server process and, on PostgreSQL, the database's processes.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { signToken } from "../src/auth/token.js";
import { createTestDatabase } from "../test/helpers/database.js";
import { seedThroughputTenant, TP_TENANT } from "./throughput.fixtures.js";
import { gatewayCommand } from "./gateway-command.js";
import { startProcess, type Proc } from "./process.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const SECRET = "bench-throughput";

export const QUERIES: { name: string; query: string }[] = [
  { name: "{ __typename }", query: "{ __typename }" },
  { name: "skill(id)", query: `{ skill(id: "s00001") { id name } }` },
  { name: "skills(first:10)", query: "{ skills(first: 10) { nodes { id name } } }" },
  {
    name: "nested assignedAgents",
    query: "{ skills(first: 10) { nodes { id name currentVersion assignedAgents(first: 5) { nodes { priority agent { id name } } } } } }",
  },
];

async function post(url: string, token: string, query: string): Promise<unknown> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: unknown };
  if (res.status !== 200 || body.errors) throw new Error(`${url} ${query}: ${res.status} ${JSON.stringify(body)}`);
  return body.data;
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU microseconds per request: the server process's, and all PostgreSQL server processes' together (0 on SQLite). */
  cpuUs: number;
  dbCpuUs: number;
}

// CPU time from /proc (user + system, in the kernel's USER_HZ ticks: 100 a second on Linux). On a
// shared 2-core machine req/s moves by tens of percent from run to run with what else runs; the
// CPU a request costs moves far less, so an A/B of two builds compares it (2026-12-07: a one-statement
// nested read cut the gateway's 1,627 → 1,381 µs a request and doubled PostgreSQL's, 566 → 1,215 µs).
const TICK_US = 10_000;
/** utime + stime of one /proc/<pid>/stat line (the fields after the command's closing parenthesis). */
function statTicks(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}
function cpuTicks(pid: number): number {
  try {
    return statTicks(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return 0; // not Linux, or the process is gone
  }
}
/** Each PostgreSQL server process's ticks so far, by pid. */
function postgresTicks(): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (stat.includes(" (postgres) ")) ticks.set(Number(entry), statTicks(stat));
    } catch {
      // gone meanwhile
    }
  }
  return ticks;
}
/** What the PostgreSQL processes used since `before`, process by process: a backend that exits
 *  meanwhile (the other server's pool closing an idle connection) takes its whole past with it
 *  from a plain sum; one started meanwhile counts from zero. */
function postgresTicksSince(before: Map<number, number>): number {
  let used = 0;
  for (const [pid, now] of postgresTicks()) {
    const then = before.get(pid) ?? 0;
    used += now >= then ? now - then : now; // fewer ticks than before: the pid was reused
  }
  return used;
}

async function load(url: string, token: string, query: string, seconds: number, pid?: number, postgres = false): Promise<Measured> {
  const [own, db] = [pid ? cpuTicks(pid) : 0, postgres ? postgresTicks() : new Map<number, number>()];
  const r = await autocannon({
    url,
    method: "POST",
    connections: 10,
    duration: seconds,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const per = (ticks: number) => (r.requests.total ? Math.round((ticks * TICK_US) / r.requests.total) : 0);
  return {
    rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx + r.timeouts,
    cpuUs: pid ? per(cpuTicks(pid) - own) : 0, dbCpuUs: postgres ? per(postgresTicksSince(db)) : 0,
  };
}

const load1 = () => loadavg()[0].toFixed(1);
const fmt = (m: Measured) =>
  `${Math.round(m.rps).toString().padStart(6)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms  CPU ${m.cpuUs} µs/request${m.dbCpuUs ? ` + PostgreSQL ${m.dbCpuUs} µs` : ""}${m.errors ? `  (${m.errors} errors)` : ""}`;

export async function throughput(kind: string, report: (line: string) => void): Promise<void> {
  const db = await createTestDatabase(kind);
  const dataDir = mkdtempSync(path.join(tmpdir(), "gw-tp-"));
  const procs: Proc[] = [];
  try {
    await seedThroughputTenant(db.url);
    const token = await signToken(SECRET, { sub: "bench@tp", tid: TP_TENANT, scopes: ["admin"] });
    const showSql = process.env.BENCH_SHOW_SQL === "1";
    const profileAs = (name: string) =>
      process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE_DIR, name)}`] : [];
    const profile = profileAs(kind);
    const env = { DATABASE_URL: db.url, JWT_SECRET: SECRET, DATA_DIR: dataDir, RUN_WORKER: "0", SEED_DEMO_DATA: "0",
      // One caller at full speed on purpose: the budget is still charged per request, never exhausted.
      RATE_LIMIT_POINTS: "1000000000", LOG_SQL: showSql ? "1" : "0" };
    // BENCH_GATEWAY_NODE_ARGS: more node/V8 flags for the gateway, space-separated (GC experiments).
    const extra = (process.env.BENCH_GATEWAY_NODE_ARGS ?? "").split(" ").filter(Boolean);
    const ours = await startProcess([...profile, ...extra, ...gatewayCommand()], env, "Skill Gateway ready");
    procs.push(ours);
    if (showSql) {
      for (const q of QUERIES) {
        ours.output.length = 0;
        await post(ours.url, token, q.query);
        await new Promise((r) => setTimeout(r, 200));
        // The gateway logs each statement as a JSON line { msg: "sql", sql }.
        const sql = ours.output.join("").split("\n").flatMap((l) => {
          try {
            const line = JSON.parse(l) as { msg?: string; sql?: string };
            return line.msg === "sql" && line.sql ? [line.sql] : [];
          } catch {
            return [];
          }
        });
        console.log(`[${kind}] ${q.name}: ${sql.length} statements\n  ${sql.join("\n  ")}`);
      }
      return;
    }
    const floor = await startProcess([...profileAs(`${kind}-floor`), "--import", "tsx", "bench/floor.server.ts"], env, "floor ready");
    procs.push(floor);
    for (const q of QUERIES) {
      // Same answer from both, or the comparison means nothing.
      const a = JSON.stringify(await post(ours.url, token, q.query));
      const b = JSON.stringify(await post(floor.url, token, q.query));
      if (a !== b) throw new Error(`floor and gateway disagree on ${q.name}:\n${a}\n${b}`);
    }
    const picked = process.env.BENCH_QUERIES?.split(",").map(Number);
    const measured = picked ? QUERIES.filter((_, i) => picked.includes(i)) : QUERIES;
    report(`[${kind}] throughput, -c 10, ${SECONDS} s each, NODE_ENV=production; load average (1 min) beside each line`);
    for (const q of measured) {
      const results: Record<string, Measured> = {};
      for (const [name, proc] of [["ours", ours], ["floor", floor]] as const) {
        if (WARMUP_SECONDS > 0) await load(proc.url, token, q.query, WARMUP_SECONDS);
        const before = load1();
        results[name] = await load(proc.url, token, q.query, SECONDS, proc.child.pid, kind === "postgres");
        report(`[${kind}] ${q.name.padEnd(22)} ${name.padEnd(5)} ${fmt(results[name])}  (load ${before}→${load1()})`);
      }
      const cpu = results.ours.cpuUs ? `; CPU a request floor/ours ${(results.floor.cpuUs / results.ours.cpuUs).toFixed(2)}` : "";
      report(`[${kind}] ${q.name.padEnd(22)} ours/floor ${(results.ours.rps / results.floor.rps).toFixed(2)}${cpu}`);
    }
  } finally {
    for (const p of procs) await p.stop();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
