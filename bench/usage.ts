// Usage at scale: one year of use by 100,000 users and 100 agents, seeded
// set-based straight into the rollups (the rows reportUsage would have
// written for the same events), then the usage queries measured through the
// GraphQL schema, and reportUsage's ingestion of 1,000-event batches.
// Model: each user works on every 10th day (offset by user), with one of their
// three favourite skills, 1–4 invocations; each agent uses two of its five
// assigned skills every day, 5–24 invocations.
import "reflect-metadata";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { graphql as execute } from "graphql";
import { createApp, type App } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { createContext } from "../src/api/context.js";
import { gatewaySchema } from "../src/api/schema.js";
import { SCOPES } from "../src/auth/token.js";
import { createTestDatabase } from "../test/helpers/database.js";
import { dayBit, dayOf, monthOfDay } from "../src/services/usage-rollup.js";
import { BENCH_TENANT, seedLargeTenant } from "./fixtures.js";
import { refreshLeaderboards } from "../src/services/usage-leaderboard.js";
import { ms, summary } from "./stats.js";

const USERS = Number(process.env.BENCH_USAGE_USERS ?? 100_000);
const AGENTS = 100;
const SKILLS = 40;
const DAYS = 365;

async function gql(app: App, query: string, variables: Record<string, unknown> = {}) {
  const principal = { subject: "bench", tenantId: BENCH_TENANT, scopes: [...SCOPES], agentId: null };
  const r = await execute({ schema: await gatewaySchema(), source: query, variableValues: variables, contextValue: createContext(app, principal) });
  if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
  return r.data as any;
}

async function timed(rounds: number, work: () => Promise<unknown>) {
  await work(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await work();
    samples.push(performance.now() - t);
  }
  return summary(samples);
}

/** The rollup rows of the model, written with INSERT … SELECT from a generated activity table. */
async function seedYear(app: App, firstDay: number): Promise<{ events: number; rows: Record<string, number> }> {
  const db = app.db.prisma;
  const x = (sql: string) => db.$executeRawUnsafe(sql);
  const t = `'${BENCH_TENANT}'`;
  await x(`DROP TABLE IF EXISTS bench_nums`);
  await x(`DROP TABLE IF EXISTS bench_days`);
  await x(`DROP TABLE IF EXISTS bench_act`);
  await x(`CREATE TABLE bench_nums (i INTEGER PRIMARY KEY)`);
  await x(`INSERT INTO bench_nums (i) WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${Math.max(USERS, DAYS) - 1}) SELECT i FROM n`);
  await x(`CREATE TABLE bench_days (d INTEGER PRIMARY KEY, day INTEGER, month INTEGER, bit INTEGER)`);
  const days = Array.from({ length: DAYS }, (_, d) => `(${d}, ${firstDay + d}, ${monthOfDay(firstDay + d)}, ${dayBit(firstDay + d)})`);
  await x(`INSERT INTO bench_days (d, day, month, bit) VALUES ${days.join(", ")}`);
  // kind 0 = user, 1 = agent; one row per actor, day and skill with its invocation count n.
  await x(`CREATE TABLE bench_act (kind INTEGER, a INTEGER, d INTEGER, s INTEGER, n INTEGER)`);
  await x(
    `INSERT INTO bench_act (kind, a, d, s, n) SELECT 0, u.i, k.i * 10 + u.i % 10, (u.i * 7 + ((u.i + k.i) % 3) * 13) % ${SKILLS}, 1 + (u.i + k.i) % 4 ` +
      `FROM bench_nums u, bench_nums k WHERE u.i < ${USERS} AND k.i < 37 AND k.i * 10 + u.i % 10 < ${DAYS}`,
  );
  await x(
    `INSERT INTO bench_act (kind, a, d, s, n) SELECT 1, g.i, dd.d, (g.i + j.i * 2 + dd.d % 2) % ${SKILLS}, 5 + (g.i + dd.d) % 20 ` +
      `FROM bench_nums g, bench_days dd, bench_nums j WHERE g.i < ${AGENTS} AND j.i < 2`,
  );
  const actor = `CASE a.kind WHEN 0 THEN 'USER' ELSE 'AGENT' END`;
  const pad = (col: string, width: number) =>
    app.db.kind === "postgres" ? `lpad(${col}::text, ${width}, '0')` : `substr('${"0".repeat(width - 1)}' || ${col}, -${width})`;
  const actorId = `CASE a.kind WHEN 0 THEN 'user:u' || ${pad("a.a", 5)} || '@bench.test' ELSE 'agent-' || a.a END`;
  const skill = `'bench.skill-' || ${pad("a.s", 2)}`;
  const from = `FROM bench_act a JOIN bench_days dd ON dd.d = a.d`;
  await x(`INSERT INTO "UsageSkillDay" ("tenantId", "skillId", "day", "invocations", "inputTokens", "outputTokens", "costUsd")
    SELECT ${t}, ${skill}, dd.day, SUM(a.n), SUM(a.n * 1200), SUM(a.n * 300), SUM(a.n * 0.0123) ${from} GROUP BY a.s, dd.day`);
  await x(`INSERT INTO "UsageLatencyDay" ("tenantId", "skillId", "day", "bucket", "count")
    SELECT ${t}, ${skill}, dd.day, 30 + (a.a + a.d) % 8, SUM(a.n) ${from} GROUP BY a.s, dd.day, 30 + (a.a + a.d) % 8`);
  await x(`INSERT INTO "UsageActorDay" ("tenantId", "actorKind", "actorId", "day", "invocations", "inputTokens", "outputTokens", "costUsd")
    SELECT ${t}, ${actor}, ${actorId}, dd.day, SUM(a.n), SUM(a.n * 1200), SUM(a.n * 300), SUM(a.n * 0.0123) ${from} GROUP BY a.kind, a.a, dd.day`);
  await x(`INSERT INTO "UsageActorMonth" ("tenantId", "actorKind", "actorId", "month", "invocations", "inputTokens", "outputTokens", "costUsd")
    SELECT ${t}, ${actor}, ${actorId}, dd.month, SUM(a.n), SUM(a.n * 1200), SUM(a.n * 300), SUM(a.n * 0.0123) ${from} GROUP BY a.kind, a.a, dd.month`);
  // One row per actor, skill and day in the model, so the sum of the day bits is their OR.
  await x(`INSERT INTO "UsageSkillActorMonth" ("tenantId", "skillId", "actorKind", "month", "actorId", "days", "invocations")
    SELECT ${t}, ${skill}, ${actor}, dd.month, ${actorId}, SUM(dd.bit), SUM(a.n) ${from} GROUP BY a.s, a.kind, a.a, dd.month`);
  await x(`INSERT INTO "UsageSkillActor" ("tenantId", "skillId", "actorKind", "actorId", "firstDay", "lastDay", "invocations")
    SELECT ${t}, ${skill}, ${actor}, ${actorId}, MIN(dd.day), MAX(dd.day), SUM(a.n) ${from} GROUP BY a.s, a.kind, a.a`);
  const [{ events }] = await db.$queryRawUnsafe<{ events: unknown }[]>(`SELECT SUM(n) AS events FROM bench_act`);
  await x(`DROP TABLE bench_act`);
  await x(`DROP TABLE bench_days`);
  await x(`DROP TABLE bench_nums`);
  await x(`ANALYZE`);
  const rows: Record<string, number> = {};
  for (const table of ["UsageSkillDay", "UsageLatencyDay", "UsageActorDay", "UsageActorMonth", "UsageSkillActorMonth", "UsageSkillActor"]) {
    const [{ n }] = await db.$queryRawUnsafe<{ n: unknown }[]>(`SELECT COUNT(*) AS n FROM "${table}"`);
    rows[table] = Number(n);
  }
  return { events: Number(events), rows };
}

export async function usageBench(kind: string, report: (line: string) => void): Promise<void> {
  const db = await createTestDatabase(kind);
  const dataDir = mkdtempSync(path.join(tmpdir(), "gw-bench-usage-"));
  // The year is seeded in a few INSERT … SELECTs of millions of rows: past the 30 s statement timeout on PostgreSQL.
  const app = await createApp(loadConfig({ DATABASE_URL: db.url, JWT_SECRET: "bench", DATA_DIR: dataDir, SEED_DEMO_DATA: "0", STATEMENT_TIMEOUT_MS: "0" }));
  try {
    let t = performance.now();
    await seedLargeTenant(app, USERS);
    const prisma = app.db.prisma;
    await prisma.agent.createMany({ data: Array.from({ length: AGENTS }, (_, i) => ({ tenantId: BENCH_TENANT, id: `agent-${i}`, name: `Agent ${i}` })) });
    await prisma.agentSkillAssignment.createMany({
      data: Array.from({ length: AGENTS * 5 }, (_, k) => {
        const a = Math.floor(k / 5);
        const s = (a + (k % 5)) % SKILLS;
        return { tenantId: BENCH_TENANT, id: `asg_b${k}`, agentId: `agent-${a}`, skillId: `bench.skill-${String(s).padStart(2, "0")}`, skillVersion: "1.0.0", config: {} };
      }),
    });
    console.log(`[${kind}] seeded ${USERS} users and ${AGENTS} agents in ${ms(performance.now() - t)}`);
    const today = dayOf(new Date());
    t = performance.now();
    const seeded = await seedYear(app, today - DAYS + 1);
    report(`[${kind}] usage: one year, ${USERS} users + ${AGENTS} agents = ${seeded.events.toLocaleString("en")} events as rollups (${Object.entries(seeded.rows).map(([k, v]) => `${k} ${v.toLocaleString("en")}`).join(", ")}), seeded in ${ms(performance.now() - t)}`);

    const since = (days: number) => new Date((today - days + 1) * 86_400_000).toISOString();
    const SKILL = `query($w: UsageWindowInput!) { skillUsage(skillId: "bench.skill-07", window: $w) { invocations distinctUsers distinctAgents inputTokens costUsd latencyP50Ms daily { invocations } } }`;
    for (const days of [30, 365]) {
      const s = await timed(20, () => gql(app, SKILL, { w: { since: since(days) } }));
      const one = (await gql(app, SKILL, { w: { since: since(days) } })).skillUsage;
      report(`[${kind}] skillUsage, ${days}-day window (${one.invocations} invocations, ${one.distinctUsers} distinct users): p50 ${ms(s.p50)}, p99 ${ms(s.p99)}`);
    }
    const TOP_SKILLS = `query($w: UsageWindowInput!) { topSkills(window: $w, first: 10) { skill { id } invocations } }`;
    const ts = await timed(20, () => gql(app, TOP_SKILLS, { w: { since: since(365) } }));
    report(`[${kind}] topSkills, 365-day window: p50 ${ms(ts.p50)}, p99 ${ms(ts.p99)}`);
    const TOP = `query($k: UsageActorKind!, $w: UsageWindowInput!) { topUsageActors(kind: $k, window: $w, first: 10) { actorId invocations } }`;
    t = performance.now();
    const board = await refreshLeaderboards(app);
    report(`[${kind}] leaderboard refresh (7/30/90/365-day windows, background every 10 min): ${ms(performance.now() - t)} for ${board.rows.toLocaleString("en")} rows`);
    for (const [k, days] of [["USER", 7], ["USER", 30], ["USER", 365], ["AGENT", 365]] as const) {
      const s = await timed(20, () => gql(app, TOP, { k, w: { since: since(days) } }));
      report(`[${kind}] topUsageActors ${k}, ${days}-day window (leaderboard): p50 ${ms(s.p50)}, p99 ${ms(s.p99)}`);
    }
    for (const days of [7, 45]) {
      const w = { since: since(days + 1), until: new Date((today - 1) * 86_400_000).toISOString() };
      const s = await timed(3, () => gql(app, TOP, { k: "USER", w }));
      report(`[${kind}] topUsageActors USER, ${days}-day window ending yesterday (live grouping): p50 ${ms(s.p50)}, max ${ms(s.max)}`);
    }
    const skip = (process.env.BENCH_USAGE_SKIP ?? "").split(",");
    if (!skip.includes("unused")) {
    const UNUSED = `{ unusedEntitlements(days: 30, maxActiveShare: 0.5) { skill { id } entitledUsers activeUsers assignedAgents activeAgents } }`;
    const un = await timed(3, () => gql(app, UNUSED));
    const listed = (await gql(app, UNUSED)).unusedEntitlements.length;
    report(`[${kind}] unusedEntitlements, 30 days (${listed} skills listed; counts the stored entitlements of ${USERS} users by skill): p50 ${ms(un.p50)}, max ${ms(un.max)}`);
    }
    if (skip.includes("ingest")) return;

    const REPORT = `mutation($e: [UsageEventInput!]!) { reportUsage(events: $e) { accepted } }`;
    let batch = 0;
    const now = Date.now();
    const ingest = await timed(10, () =>
      gql(app, REPORT, {
        e: Array.from({ length: 1000 }, (_, i) => ({
          clientEventId: `bench-${batch}-${i}`,
          userId: `user:u${String((batch * 1000 + i) % USERS).padStart(5, "0")}@bench.test`,
          skillId: `bench.skill-${String(i % SKILLS).padStart(2, "0")}`,
          occurredAt: new Date(now - i * 1000).toISOString(),
          latencyMs: 200 + (i % 300),
          inputTokens: 1000,
          outputTokens: 200,
          costUsd: 0.01,
        })),
      }).finally(() => batch++),
    );
    report(`[${kind}] reportUsage, 1,000-event batches (validation, events, six rollups): p50 ${ms(ingest.p50)}, p99 ${ms(ingest.p99)} (${Math.round(1000 / (ingest.p50 / 1000)).toLocaleString("en")} events/s)`);
  } finally {
    await app.close();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
