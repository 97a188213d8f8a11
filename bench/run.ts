// npm run bench: the speed targets, measured (never asserted in tests).
//  1. Payload of an archetype change affecting 10,000 users (dry run and real).
//  2. Archetype change affecting 10,000 users → SUCCEEDED on every platform.
//  3. Committed change → subscription message with 1,000 graphql-ws subscribers.
//  4. Usage queries over one year of use by 100,000 users (bench/usage.ts).
//  5. Query throughput against a bare graphql-js floor (bench/throughput.ts).
//  4. Issue 8: the 100,000-user tenant over HTTP (bench/entitlements.ts; `npm run bench -- entitlements`).
// BENCH_DB=postgres runs 1 and 2 on a fresh local PostgreSQL database.
import "reflect-metadata";
import { spawn } from "node:child_process";
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { graphql as execute } from "graphql";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { createApp, type App } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { createContext } from "../src/api/context.js";
import { gatewaySchema } from "../src/api/schema.js";
import { SCOPES, signToken } from "../src/auth/token.js";
import { PublishWorker } from "../src/jobs/worker.js";
import { createTestDatabase } from "../test/helpers/database.js";
import { ARCHETYPE, BENCH_TENANT, seedLargeTenant } from "./fixtures.js";
import { ms, summary } from "./stats.js";
import { usageBench } from "./usage.js";
import { throughput } from "./throughput.js";
import { freePort } from "./process.js";

const USERS = Number(process.env.BENCH_USERS ?? 10_000);
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1_000);
const results: string[] = [];
const report = (line: string) => {
  console.log(line);
  results.push(line);
};

async function gql(app: App, query: string, variables: Record<string, unknown> = {}) {
  const principal = { subject: "bench", tenantId: BENCH_TENANT, scopes: [...SCOPES], agentId: null };
  const r = await execute({ schema: await gatewaySchema(), source: query, variableValues: variables, contextValue: createContext(app, principal) });
  if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
  return r.data as any;
}

const CHANGE = `mutation($add: [ID!], $remove: [ID!], $dry: Boolean) {
  updateArchetypeSkills(archetypeId: "${ARCHETYPE}", addSkills: $add, removeSkills: $remove, dryRun: $dry) {
    change { affectedUsers added removed publishJobs { id } }
  }
}`;

async function archetypeChanges(kind: string) {
  const db = await createTestDatabase(kind);
  const dataDir = mkdtempSync(path.join(tmpdir(), "gw-bench-"));
  const app = await createApp(
    loadConfig({
      DATABASE_URL: db.url, JWT_SECRET: "bench", DATA_DIR: dataDir, SEED_DEMO_DATA: "0",
      WEBHOOK_ALLOWED_SCHEMES: "http", WEBHOOK_ALLOWED_HOSTS: "127.0.0.1:*,localhost:*",
    }),
  );
  try {
    let t = performance.now();
    await seedLargeTenant(app, USERS);
    console.log(`[${kind}] seeded ${USERS} users in ${ms(performance.now() - t)}`);

    // 1. The payload of a change to 10,000 users (set-based before/after diff).
    const dry: number[] = [];
    for (let i = 0; i < 20; i++) {
      t = performance.now();
      const r = await gql(app, CHANGE, { add: ["bench.skill-30"], dry: true });
      dry.push(performance.now() - t);
      if (r.updateArchetypeSkills.change.affectedUsers !== USERS) throw new Error("dry run did not affect every user");
    }
    const d = summary(dry);
    report(`[${kind}] archetype change payload, ${USERS} users affected (dryRun, n=${d.n}): p50 ${ms(d.p50)}, p99 ${ms(d.p99)}`);

    // 2. Change → SUCCEEDED on every platform, with the worker in this process:
    //    first with the two FILE platforms, then with both switched to WEBHOOK
    //    (a local receiver), which separates the pipeline from this disk.
    const worker = new PublishWorker(app, {
      concurrency: Number(process.env.BENCH_WORKER_CONCURRENCY ?? 4),
      leaseMs: 60_000,
      pollMs: 1_000,
      maxAttempts: 3,
      backoffBaseMs: 500,
      batchSize: 1_000,
    }).start();
    const receiver = await startReceiver();
    let round = 0;
    for (const delivery of ["FILE", "WEBHOOK"] as const) {
      if (delivery === "WEBHOOK") {
        await app.db.prisma.distributionPlatform.updateMany({
          where: { tenantId: BENCH_TENANT },
          data: { delivery: "WEBHOOK", target: receiver.url, secret: "bench-secret" },
        });
      }
      const e2e: number[] = [];
      const real: number[] = [];
      for (let i = 0; i < 10; i++, round++) {
        const vars = round % 2 === 0 ? { add: ["bench.skill-30"] } : { remove: ["bench.skill-30"] };
        const done = new Set<string>();
        let resolveAll: () => void = () => undefined;
        const all = new Promise<void>((r) => (resolveAll = r));
        let wanted: string[] | null = null;
        const unsubscribe = app.events.subscribe((m) => {
          if (m.type === "job" && (m.job.status === "SUCCEEDED" || m.job.status === "FAILED")) {
            if (m.job.status === "FAILED") console.error(`job failed: ${m.job.error}`);
            done.add(m.job.id);
            if (wanted && wanted.every((id) => done.has(id))) resolveAll();
          }
        });
        t = performance.now();
        const r = await gql(app, CHANGE, vars);
        real.push(performance.now() - t);
        wanted = r.updateArchetypeSkills.change.publishJobs.map((j: { id: string }) => j.id);
        if (wanted!.length !== 2) throw new Error(`expected 2 jobs, got ${wanted!.length}`);
        if (wanted!.every((id) => done.has(id))) resolveAll();
        await all;
        e2e.push(performance.now() - t);
        unsubscribe();
      }
      const rr = summary(real);
      const ee = summary(e2e);
      if (delivery === "FILE") {
        report(`[${kind}] archetype change mutation (commit + payload), ${USERS} users (n=${rr.n}): p50 ${ms(rr.p50)}, p99 ${ms(rr.p99)}`);
      }
      report(`[${kind}] archetype change → SUCCEEDED on 2 ${delivery} platforms, ${USERS} users each (n=${ee.n}): p50 ${ms(ee.p50)}, p99 ${ms(ee.p99)}`);
    }
    report(`[${kind}] webhook receiver got ${receiver.manifests()} manifests`);
    await worker.stop();
    await receiver.close();
  } finally {
    await app.close();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A local WEBHOOK receiver that reads and counts manifests. */
async function startReceiver(): Promise<{ url: string; manifests(): number; close(): Promise<void> }> {
  let count = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      count += (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { manifests: unknown[] }).manifests.length;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    manifests: () => count,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function subscriptionLatency() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "gw-bench-ws-"));
  const port = await freePort();
  const profile = process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", "src/main.ts"], {
    cwd: path.resolve(import.meta.dirname, ".."),
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, JWT_SECRET: "bench", SEED_DEMO_DATA: "1", RUN_WORKER: "0", DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("server did not start")), 60_000);
      child.stdout!.on("data", (b: Buffer) => {
        if (b.toString().includes("Skill Gateway ready")) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const token = await signToken("bench", { sub: "bench", tid: "dainese", scopes: ["admin"] });
    const url = `ws://127.0.0.1:${port}/graphql`;
    const received = new Map<string, number[]>();
    const sinceEvent: number[] = [];
    const clients = [];
    let ready = 0;
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, lazy: false, retryAttempts: 0, on: { connected: () => void ready++ } });
      clients.push(client);
      client.subscribe<{ governanceEvents: { subjects: string[]; occurredAt: string } }>(
        { query: `subscription { governanceEvents(kinds: ["skill.created"]) { subjects occurredAt } }` },
        {
          next: (m) => {
            // The event row is written as the transaction's last statement: occurredAt is its commit, to a few ms.
            sinceEvent.push(Date.now() - Date.parse(m.data!.governanceEvents.occurredAt));
            const key = m.data!.governanceEvents.subjects[0];
            const list = received.get(key) ?? [];
            list.push(performance.now());
            received.set(key, list);
          },
          error: (e) => console.error("subscriber error", e),
          complete: () => undefined,
        },
      );
    }
    for (let i = 0; i < 600 && ready < SUBSCRIBERS; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1_000)); // let every subscribe reach the server
    const latencies: number[] = [];
    const roundTrips: number[] = [];
    const spreads: number[] = [];
    const rounds = 20;
    const warmup = 3; // JIT warm-up rounds, not counted
    for (let i = -warmup; i < rounds; i++) {
      const id = `bench.latency-${i + warmup}`;
      const sent = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: `mutation { createSkill(input: { id: "${id}", name: "${id}", instructions: "x" }) { skill { id } } }` }),
      });
      await res.json();
      if (i >= 0) roundTrips.push(performance.now() - sent);
      for (let w = 0; w < 200 && (received.get(`skill:${id}`)?.length ?? 0) < SUBSCRIBERS; w++) await new Promise((r) => setTimeout(r, 10));
      const got = received.get(`skill:${id}`) ?? [];
      if (got.length !== SUBSCRIBERS) throw new Error(`round ${i}: ${got.length}/${SUBSCRIBERS} subscribers got the event`);
      if (i < 0) {
        sinceEvent.length = 0;
        continue;
      }
      for (const at of got) latencies.push(at - sent);
      spreads.push(Math.max(...got) - Math.min(...got));
    }
    const s = summary(latencies);
    const ce = summary(sinceEvent);
    report(`[sqlite] committed event (occurredAt) → subscription message, ${SUBSCRIBERS} subscribers × ${rounds} events (n=${ce.n}): p50 ${ms(ce.p50)}, p99 ${ms(ce.p99)}, max ${ms(ce.max)}`);
    const rt = summary(roundTrips);
    const sp = summary(spreads);
    report(`[sqlite] first to last subscriber of one event (fan-out spread, n=${sp.n}): p50 ${ms(sp.p50)}, p99 ${ms(sp.p99)}`);
    report(`[sqlite] the mutation's own HTTP round trip while 1000 subscribers are connected (n=${rt.n}): p50 ${ms(rt.p50)}, p99 ${ms(rt.p99)}`);
    report(`[sqlite] mutation sent → subscription message, ${SUBSCRIBERS} subscribers × ${rounds} events (n=${s.n}): p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, max ${ms(s.max)}`);
    await Promise.all(clients.map((c) => c.dispose()));
  } finally {
    child.kill("SIGTERM");
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const only = process.argv[2];
if (!only || only === "changes") await archetypeChanges(process.env.BENCH_DB ?? "sqlite");
if (!only || only === "subscriptions") await subscriptionLatency();
if (!only || only === "usage") await usageBench(process.env.BENCH_DB ?? "sqlite", report);
if (!only || only === "throughput") {
  for (const kind of (process.env.BENCH_DBS ?? "sqlite,postgres").split(",")) await throughput(kind, report);
}
if (!only || only === "entitlements") await (await import("./entitlements.js")).runEntitlementsBench(report);
console.log(`\nSummary (${new Date().toISOString()}, ${process.version}, ${(await import("node:os")).cpus().length} cores):\n${results.join("\n")}`);
process.exit(0);
