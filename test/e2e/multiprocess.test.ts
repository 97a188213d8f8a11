// Several gateway processes (`tsx src/main.ts`, spawned for real) on one
// PostgreSQL database and one Redis prefix: what one process causes reaches
// subscribers connected to another, and a publish job whose worker was killed
// with SIGKILL is taken over and finished exactly once by another process.
// Needs PostgreSQL at 127.0.0.1:5432 and Redis at 127.0.0.1:6379.
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.js";
import { manifestFileName } from "../../src/jobs/publishers/file.js";
import { createTestDatabase, type TestDatabase } from "../helpers/database.js";
import { collect, JWT_SECRET, sleep, stringClient, token, waitFor, wsClient, type Collector, type StringClient } from "./helpers.js";
import { spawnGateway, startWebhookServer, type GatewayProcess, type WebhookServer } from "./process-helpers.js";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const DEMO_TENANT = "dainese";
const DEMO_USER = "user:marco.mazzolin@dainese.it";
const JOB_FIELDS = `id status scope scopeId trigger usersTotal usersPublished attempts error platform { id }`;

interface Job {
  id: string;
  status: string;
  usersTotal: number;
  usersPublished: number;
  attempts: number;
  error: string | null;
  platform: { id: string };
}
interface Event {
  id: string;
  kind: string;
  subjects: string[];
  payload: Record<string, unknown>;
}

/** One database, one Redis prefix and one publish folder shared by the processes of a scenario. */
interface Cluster {
  db: TestDatabase;
  prefix: string;
  dir: string;
  procs: GatewayProcess[];
  env(extra?: Record<string, string>): Record<string, string>;
  spawn(name: string, extra?: Record<string, string>, args?: string[]): Promise<GatewayProcess>;
  close(): Promise<void>;
}

async function cluster(): Promise<Cluster> {
  const db = await createTestDatabase("postgres");
  const prefix = `gw-test-${randomBytes(6).toString("hex")}`;
  const dir = mkdtempSync(path.join(tmpdir(), "gw-multi-"));
  const procs: GatewayProcess[] = [];
  const c: Cluster = {
    db,
    prefix,
    dir,
    procs,
    env: (extra = {}) => ({
      DATABASE_URL: db.url,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      JWT_SECRET,
      DATA_DIR: path.join(dir, "data"),
      PUBLISH_DIR: path.join(dir, "publish"),
      WORKER_POLL_MS: "200",
      WEBHOOK_ALLOWED_SCHEMES: "https,http",
      WEBHOOK_ALLOWED_HOSTS: "localhost:*,127.0.0.1:*",
      ...extra,
    }),
    async spawn(name, extra = {}, args = []) {
      const p = await spawnGateway({ name, env: c.env(extra), args });
      procs.push(p);
      return p;
    },
    async close() {
      await Promise.all(procs.map((p) => p.stop(2_000)));
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return c;
}

const ended = (items: { publishJobUpdated: Job }[], id: string, status: string) =>
  items.some((m) => m.publishJobUpdated.id === id && m.publishJobUpdated.status === status);

function transitions(jobs: Job[]): string[] {
  const out: string[] = [];
  for (const j of jobs) if (out[out.length - 1] !== j.status) out.push(j.status);
  return out;
}

describe("two gateway processes, one database, one Redis prefix", { timeout: 90_000 }, () => {
  let c: Cluster;
  let A: GatewayProcess;
  let B: GatewayProcess;
  let apiB: StringClient;
  const clients: Client[] = [];

  beforeAll(async () => {
    c = await cluster();
    // One after the other: the first seeds the demo tenant, the second finds it.
    A = await c.spawn("A", { SEED_DEMO_DATA: "1" });
    B = await c.spawn("B", { SEED_DEMO_DATA: "1" });
    apiB = stringClient(B.url, await token({ tenant: DEMO_TENANT, sub: "admin@demo" }));
  }, 90_000);

  afterAll(async () => {
    await Promise.all(clients.map((cl) => cl.dispose()));
    await c?.close();
  }, 30_000);

  async function subscriberOnA(): Promise<Client> {
    const ws = wsClient(A.wsUrl, await token({ tenant: DEMO_TENANT, sub: "user:dashboard@dainese.it" }));
    clients.push(ws);
    return ws;
  }

  /** Writes probe events on B until A's subscriber hears one (A's feed has read the log head). */
  async function goLive(events: Collector<{ governanceEvents: Event }>, tag: string): Promise<void> {
    for (let i = 0; i < 40; i++) {
      const id = `probe.${tag}-${i}`;
      await apiB.ok(`mutation($id: ID!, $name: String!) { createSkill(input: { id: $id, name: $name, instructions: "#" }) { skill { id } } }`, { id, name: id });
      try {
        await events.until((items) => items.length > 0, { timeoutMs: 300 });
        return;
      } catch {
        // not listening yet
      }
    }
    throw new Error("A's subscription never heard B's events");
  }

  test("a subscriber on A receives the governance events and job updates that a mutation on B caused", async () => {
    const ws = await subscriberOnA();
    const jobs = collect<{ publishJobUpdated: Job }>(ws, `subscription { publishJobUpdated { ${JOB_FIELDS} } }`);
    const events = collect<{ governanceEvents: Event }>(ws, `subscription { governanceEvents { id kind subjects payload } }`);
    await goLive(events, "mp");
    // Probe events may still be on their way: look only at what comes after them.
    const since = Number((await apiB.ok(`{ governanceEvents(last: 1) { nodes { id } } }`)).governanceEvents.nodes[0].id);

    await apiB.ok(`mutation { createSkill(input: { id: "mp.cross", name: "Cross-process", instructions: "# Hi" }) { skill { id } } }`);
    await apiB.ok(`mutation { deploySkill(id: "mp.cross") { skill { id } } }`);
    const change = (
      await apiB.ok(
        `mutation { updateArchetypeSkills(archetypeId: "firmware_engineer", addSkills: ["mp.cross"]) { change { affectedUsers event { id } publishJobs { ${JOB_FIELDS} } } } }`,
      )
    ).updateArchetypeSkills.change;
    expect(change.affectedUsers).toBe(1);
    const jobIds: string[] = change.publishJobs.map((j: Job) => j.id);
    expect(change.publishJobs.map((j: Job) => j.platform.id).sort()).toEqual(["anthropic-claude-enterprise", "microsoft-copilot-m365"]);

    await jobs.until((items) => jobIds.every((id) => ended(items, id, "SUCCEEDED")), { timeoutMs: 30_000, what: "both jobs to succeed" });
    for (const id of jobIds) {
      const states = jobs.items.map((m) => m.publishJobUpdated).filter((j) => j.id === id);
      expect(transitions(states), id).toEqual(["QUEUED", "RUNNING", "SUCCEEDED"]);
      expect(states[states.length - 1]).toMatchObject({ usersTotal: 1, usersPublished: 1, attempts: 1 });
    }

    const succeeded = (items: { governanceEvents: Event }[]) =>
      items.filter((m) => m.governanceEvents.kind === "publish.job_succeeded").map((m) => m.governanceEvents.payload.jobId);
    await events.until((items) => jobIds.every((id) => succeeded(items).includes(id)), { timeoutMs: 30_000, what: "publish.job_succeeded on A" });
    const caused = events.items.map((m) => m.governanceEvents).filter((e) => Number(e.id) > since);
    expect(caused.slice(0, 3).map((e) => e.kind)).toEqual(["skill.created", "skill.deployed", "skill.entitlement_changed"]);
    expect(caused[0].subjects).toEqual(["skill:mp.cross"]);
    expect(caused[2].id).toBe(change.event.id);
    const seqs = events.items.map((m) => Number(m.governanceEvents.id));
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);

    // Whichever process ran each job, it ran once and wrote the manifest.
    for (const id of jobIds) expect(succeeded(events.items).filter((j) => j === id)).toHaveLength(1);
    for (const folder of ["anthropic-claude-enterprise", "microsoft-copilot-m365"]) {
      expect(existsSync(path.join(c.dir, "publish", DEMO_TENANT, folder, manifestFileName(DEMO_USER)))).toBe(true);
    }
    expect([...jobs.errors, ...events.errors]).toEqual([]);
  });

  test("resuming on A with `after` while B writes: every later event once, in order, no gap", async () => {
    const last = await apiB.ok(`{ governanceEvents(last: 1) { nodes { id } } }`);
    const after = Number(last.governanceEvents.nodes[0].id) - 3;
    let done = 0;
    let next = 0;
    let failed: unknown;
    const writer = Promise.all(
      Array.from({ length: 3 }, async () => {
        while (next < 30 && !failed) {
          const id = `resume.${next++}`;
          await apiB.ok(`mutation($id: ID!, $name: String!) { createSkill(input: { id: $id, name: $name, instructions: "#" }) { skill { id } } }`, { id, name: id });
          done++;
        }
      }),
    ).catch((e: unknown) => {
      failed = e;
    });
    await waitFor(() => {
      if (failed) throw failed;
      return done >= 5;
    }, { what: "B to start writing" });
    const resumed = collect<{ governanceEvents: Event }>(await subscriberOnA(), `subscription($after: ID) { governanceEvents(after: $after) { id kind } }`, {
      after: String(after),
    });
    const writesBefore = done;
    await writer;
    expect(failed).toBeUndefined();
    expect(writesBefore).toBeLessThan(30);
    const tail = await apiB.ok(`{ governanceEvents(last: 1) { nodes { id } } }`);
    const maxId = Number(tail.governanceEvents.nodes[0].id);
    await resumed.until((items) => items.some((m) => Number(m.governanceEvents.id) === maxId), { timeoutMs: 30_000 });
    expect(resumed.items.map((m) => Number(m.governanceEvents.id))).toEqual(Array.from({ length: maxId - after }, (_, i) => after + 1 + i));
  });

  test("SIGTERM shuts a gateway process down cleanly (exit code 0) within 10 s", async () => {
    expect(B.signal("SIGTERM")).toBe(true);
    const outcome = await Promise.race([B.exited, sleep(10_000).then(() => "still running after 10 s")]);
    if (outcome === "still running after 10 s") B.signal("SIGKILL");
    expect(outcome).toBe(0);
  });
});

describe("a worker process killed with SIGKILL in the middle of a job", { timeout: 120_000 }, () => {
  const TENANT = "kill-co";
  const USERS = Array.from({ length: 6 }, (_, i) => `user:k${i + 1}@kill.test`);
  let c: Cluster;
  let slow: WebhookServer;
  let db: Database | undefined;

  beforeAll(async () => {
    c = await cluster();
    slow = await startWebhookServer(() => ({ status: 200, delayMs: 1_000 }));
  }, 30_000);

  afterAll(async () => {
    await db?.close();
    await c?.close();
    await slow?.close();
  }, 30_000);

  test("another process takes the job over once the lease lapses and finishes it once, never two at a time", async () => {
    const workerEnv = { RUN_WORKER: "1", PUBLISH_LEASE_MS: "1500", PUBLISH_BATCH_SIZE: "1", SEED_DEMO_DATA: "0" };
    const K = await c.spawn("K", workerEnv);
    const api = stringClient(K.url, await token({ tenant: TENANT }));
    await api.ok(`mutation { createSkill(input: { id: "kill.one", name: "One", instructions: "#" }) { skill { id } } }`);
    await api.ok(`mutation { deploySkill(id: "kill.one") { skill { id } } }`);
    await api.ok(`mutation { createArchetype(input: { id: "eng", name: "Engineer", skillIds: ["kill.one"] }) { id } }`);
    await api.ok(`mutation($users: [UpsertUserInput!]!) { upsertUsers(users: $users) { users { id } } }`, {
      users: USERS.map((id) => ({ id, email: id.slice(5), archetypeId: "eng" })),
    });
    await api.ok(`mutation($url: String!) { upsertDistributionPlatform(input: { id: "slow-hook", name: "Slow", delivery: "WEBHOOK", target: $url, secret: "k" }) { id } }`, {
      url: slow.url,
    });
    const [queued] = (await api.ok(`mutation { republish(input: { scope: TENANT }) { id } }`)).republish;
    const jobId: string = queued.id;

    const running = await waitFor(async () => {
      const j = (await api.ok(`query($id: ID!) { publishJob(id: $id) { ${JOB_FIELDS} } }`, { id: jobId })).publishJob as Job;
      return j.status === "RUNNING" && j.usersPublished >= 1 ? j : null;
    }, { timeoutMs: 20_000, intervalMs: 50, what: "the job to be RUNNING with progress" });
    expect(running).toMatchObject({ usersTotal: 6, attempts: 1 });

    expect(K.signal("SIGKILL")).toBe(true);
    expect(await Promise.race([K.exited, sleep(5_000).then(() => "alive")])).toBe("SIGKILL");
    const killedAt = Date.now();

    db = await openDatabase(c.db.url);
    const orphan = await db.prisma.publishJob.findUniqueOrThrow({ where: { tenantId_id: { tenantId: TENANT, id: jobId } } });
    expect(orphan.status).toBe("RUNNING");
    expect(orphan.leaseOwner).not.toBeNull();

    await c.spawn("W", workerEnv, ["--worker-only"]);
    const done = await waitFor(async () => {
      const j = await db!.prisma.publishJob.findUniqueOrThrow({ where: { tenantId_id: { tenantId: TENANT, id: jobId } } });
      return j.status === "SUCCEEDED" || j.status === "FAILED" ? j : null;
    }, { timeoutMs: 40_000, intervalMs: 100, what: "the job to finish on the other process" });
    expect(done).toMatchObject({ status: "SUCCEEDED", usersTotal: 6, usersPublished: 6, leaseOwner: null, error: null });
    expect(done.attempts).toBeGreaterThanOrEqual(2);

    // Finished once: exactly one publish.job_succeeded (and no publish.job_failed) for it.
    const outcomes = await db.prisma.governanceEvent.findMany({
      where: { tenantId: TENANT, kind: { in: ["publish.job_succeeded", "publish.job_failed"] } },
    });
    expect(outcomes.filter((e) => (e.payload as { jobId?: string }).jobId === jobId).map((e) => e.kind)).toEqual(["publish.job_succeeded"]);

    // Never two deliveries at once; after the kill every user was delivered again.
    expect(slow.maxInFlight()).toBe(1);
    const redelivered = slow.requests.filter((r) => r.start > killedAt).flatMap((r) => r.body.manifests.map((m: { userId: string; jobId: string }) => [m.userId, m.jobId]));
    expect(redelivered.map(([u]: string[]) => u).sort()).toEqual([...USERS].sort());
    expect(new Set(redelivered.map(([, j]: string[]) => j))).toEqual(new Set([jobId]));
  });
});
