// The distribution plane end to end: a real gateway (HTTP + graphql-ws on one
// port) with a publish worker in its process, dashboards subscribed to
// publishJobUpdated, FILE manifests on disk and signed webhooks received by
// local HTTP servers.
import { createHmac, timingSafeEqual } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { MANIFEST_SCHEMA } from "../../src/jobs/manifest.js";
import { manifestFileName } from "../../src/jobs/publishers/file.js";
import { collect, startGateway, stringClient, token, wsClient, type Collector, type E2EGateway, type StringClient } from "./helpers.js";
import { startWebhookServer, type WebhookRequest, type WebhookServer } from "./process-helpers.js";

const JOB_FIELDS = `id status scope scopeId trigger usersTotal usersPublished attempts error lagSeconds platform { id }`;
const JOB_UPDATES = `subscription($jobId: ID, $platformId: ID) { publishJobUpdated(jobId: $jobId, platformId: $platformId) { ${JOB_FIELDS} } }`;

interface Job {
  id: string;
  status: string;
  scope: string;
  scopeId: string | null;
  trigger: string;
  usersTotal: number;
  usersPublished: number;
  attempts: number;
  error: string | null;
  lagSeconds: number | null;
  platform: { id: string };
}
type JobMsg = { publishJobUpdated: Job };

let gw: E2EGateway;
const clients: Client[] = [];
const servers: WebhookServer[] = [];

beforeAll(async () => {
  gw = await startGateway({
    env: { WEBHOOK_ALLOWED_SCHEMES: "https,http", WEBHOOK_ALLOWED_HOSTS: "localhost:*,127.0.0.1:*" },
    worker: { concurrency: 2, leaseMs: 5_000, pollMs: 100, maxAttempts: 3, backoffBaseMs: 50, batchSize: 2 },
  });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await gw?.close();
  await Promise.all(servers.map((s) => s.close()));
});

async function connect(tenant: string): Promise<Client> {
  const c = wsClient(gw.wsUrl, await token({ tenant, sub: `user:dash@${tenant}.test` }));
  clients.push(c);
  return c;
}

/**
 * Resolves once the socket answered a query that needs the database. The
 * server sets up subscriptions sent earlier on the same socket without any I/O,
 * so by then they listen.
 */
async function barrier(client: Client): Promise<void> {
  const q = collect(client, `{ distributionPlatforms { id } }`);
  await q.until((items) => items.length === 1, { what: "the barrier query" });
}

/** A tenant with skills, an archetype holding the first, and users in it. */
async function seedTenant(api: StringClient, prefix: string, users: number): Promise<string[]> {
  for (const id of [`${prefix}.one`, `${prefix}.two`]) {
    await api.ok(`mutation($id: ID!, $name: String!) { createSkill(input: { id: $id, name: $name, description: "about", instructions: "# Do" }) { skill { id } } }`, {
      id,
      name: id,
    });
    await api.ok(`mutation($id: ID!) { deploySkill(id: $id) { skill { id } } }`, { id });
  }
  await api.ok(`mutation($id: ID!) { createArchetype(input: { id: "eng", name: "Engineer", skillIds: [$id] }) { id } }`, { id: `${prefix}.one` });
  const ids = Array.from({ length: users }, (_, i) => `user:u${String(i + 1).padStart(2, "0")}@${prefix}.test`);
  await api.ok(`mutation($users: [UpsertUserInput!]!) { upsertUsers(users: $users) { users { id } } }`, {
    users: ids.map((id) => ({ id, email: id.slice(5), archetypeId: "eng" })),
  });
  return ids;
}

const UPSERT = `mutation($input: DistributionPlatformInput!) { upsertDistributionPlatform(input: $input) { id } }`;
const ADD_TO_ARCHETYPE = `mutation($skill: ID!) {
  updateArchetypeSkills(archetypeId: "eng", addSkills: [$skill]) { change { affectedUsers event { id } publishJobs { ${JOB_FIELDS} } } }
}`;

/** Collapses consecutive messages that agree on `key`. */
function transitions<T>(items: T[], key: (t: T) => string): string[] {
  const out: string[] = [];
  for (const k of items.map(key)) if (out[out.length - 1] !== k) out.push(k);
  return out;
}

describe("a dashboard watching publish jobs", { timeout: 30_000 }, () => {
  const TENANT = "dist-co";
  let api: StringClient;
  let users: string[];
  let all: Collector<JobMsg>;
  let files: Collector<JobMsg>;
  let elsewhere: Collector<JobMsg>;
  let jobId: string;

  beforeAll(async () => {
    api = stringClient(gw.url, await token({ tenant: TENANT }));
    users = await seedTenant(api, "dist", 7);
    await api.ok(UPSERT, { input: { id: "files", name: "Files", delivery: "FILE", target: "files-out" } });
  });

  test("sees one job go QUEUED → RUNNING → progress (usersPublished rising) → SUCCEEDED, in order", async () => {
    const ws = await connect(TENANT);
    all = collect<JobMsg>(ws, JOB_UPDATES);
    files = collect<JobMsg>(ws, JOB_UPDATES, { platformId: "files" });
    elsewhere = collect<JobMsg>(ws, JOB_UPDATES, { platformId: "elsewhere" });
    await barrier(ws);

    const change = (await api.ok(ADD_TO_ARCHETYPE, { skill: "dist.two" })).updateArchetypeSkills.change;
    expect(change.affectedUsers).toBe(7);
    expect(change.publishJobs).toHaveLength(1);
    expect(change.publishJobs[0]).toMatchObject({ status: "QUEUED", scope: "ARCHETYPE", scopeId: "eng", trigger: "entitlement_change", platform: { id: "files" } });
    jobId = change.publishJobs[0].id;

    await all.until((items) => items.some((m) => m.publishJobUpdated.id === jobId && m.publishJobUpdated.status === "SUCCEEDED"), {
      what: "the job to succeed",
    });
    const mine = all.items.map((m) => m.publishJobUpdated).filter((j) => j.id === jobId);
    expect(transitions(mine, (j) => j.status)).toEqual(["QUEUED", "RUNNING", "SUCCEEDED"]);
    // Batches of 2 over 7 users: every step of the progress, in order.
    expect(mine.filter((j) => j.status === "RUNNING" && j.usersTotal === 7).map((j) => j.usersPublished)).toEqual([0, 2, 4, 6, 7]);
    const last = mine[mine.length - 1];
    expect(last).toMatchObject({ status: "SUCCEEDED", usersTotal: 7, usersPublished: 7, attempts: 1, error: null });
    expect(last.lagSeconds).toBeGreaterThanOrEqual(0);
    // Nothing but this tenant's job came through.
    expect(all.items.every((m) => m.publishJobUpdated.id === jobId)).toBe(true);
    expect(all.errors).toEqual([]);
  });

  test("platformId filters the stream", async () => {
    await files.until((items) => items.some((m) => m.publishJobUpdated.status === "SUCCEEDED"));
    expect(files.items.map((m) => m.publishJobUpdated)).toEqual(all.items.map((m) => m.publishJobUpdated));
    expect(elsewhere.items).toEqual([]);
  });

  test("the job wrote each user's manifest, with the new skill", async () => {
    const dir = path.join(gw.app.config.publishDir, TENANT, "files-out");
    expect(readdirSync(dir).sort()).toEqual(users.map(manifestFileName).sort());
    for (const userId of users) {
      const m = JSON.parse(readFileSync(path.join(dir, manifestFileName(userId)), "utf8"));
      expect(m).toMatchObject({ schema: MANIFEST_SCHEMA, tenantId: TENANT, platformId: "files", userId, email: userId.slice(5), jobId });
      expect(m.skills.map((s: { id: string; version: string; source: string }) => [s.id, s.version, s.source])).toEqual([
        ["dist.one", "1.0.0", "archetype:eng"],
        ["dist.two", "1.0.0", "archetype:eng"],
      ]);
    }
  });

  test("publishJobUpdated(jobId) sends the job's current state first", async () => {
    const ws = await connect(TENANT);
    const one = collect<JobMsg>(ws, JOB_UPDATES, { jobId });
    const [first] = await one.until((items) => items.length >= 1);
    expect(first.publishJobUpdated).toMatchObject({ id: jobId, status: "SUCCEEDED", usersPublished: 7, usersTotal: 7 });
    // Another tenant asking for it gets nothing.
    const strangerWs = await connect("stranger-co");
    const stranger = collect<JobMsg>(strangerWs, JOB_UPDATES, { jobId });
    await barrier(strangerWs);
    expect(stranger.items).toEqual([]);
    expect(stranger.errors).toEqual([]);
  });

  test("publishJobUpdated(jobId) of an unfinished job: its state now, then every later one", async () => {
    // A RUNNING job of another (dead-slow) worker, set by hand: the worker here leaves it alone.
    await gw.app.db.prisma.publishJob.create({
      data: {
        tenantId: TENANT,
        id: "pub_elsewhere",
        platformId: "files",
        scope: "TENANT",
        status: "RUNNING",
        trigger: "test",
        causedAt: new Date(),
        attempts: 1,
        leaseOwner: "elsewhere",
        leaseExpiresAt: new Date(Date.now() + 60_000),
      },
    });
    // republish of that scope and platform is LOCKED meanwhile.
    const locked = await api.run(`mutation { republish(input: { scope: TENANT }) { id } }`);
    expect(locked.body.errors?.[0]?.extensions).toMatchObject({ code: "LOCKED", status: 423 });
    expect(locked.body.errors![0].extensions!.retryAfterSeconds).toBeGreaterThanOrEqual(1);

    const ws = await connect(TENANT);
    const sub = collect<JobMsg>(ws, JOB_UPDATES, { jobId: "pub_elsewhere" });
    const [first] = await sub.until((items) => items.length >= 1);
    expect(first.publishJobUpdated).toMatchObject({ id: "pub_elsewhere", status: "RUNNING", attempts: 1 });
    expect((await api.ok(`mutation { cancelPublishJob(id: "pub_elsewhere") { status } }`)).cancelPublishJob.status).toBe("CANCELLED");
    await sub.until((items) => items.some((m) => m.publishJobUpdated.status === "CANCELLED"));
    expect(sub.items.map((m) => m.publishJobUpdated.status)).toEqual(["RUNNING", "CANCELLED"]);
  });
});

describe("webhook platforms", { timeout: 30_000 }, () => {
  const TENANT = "hooks-co";
  const GOOD_SECRET = "s3cret-for-the-good-hook";
  let api: StringClient;
  let users: string[];
  let bad: WebhookServer;
  let good: WebhookServer;
  let jobs: Collector<JobMsg>;
  let badJob: string;
  let goodJob: string;

  beforeAll(async () => {
    bad = await startWebhookServer(() => ({ status: 500 }));
    good = await startWebhookServer(() => ({ status: 200 }));
    servers.push(bad, good);
    api = stringClient(gw.url, await token({ tenant: TENANT }));
    users = await seedTenant(api, "hooks", 3);
    await api.ok(UPSERT, { input: { id: "hook-bad", name: "Bad", delivery: "WEBHOOK", target: bad.url, secret: "other-secret" } });
    await api.ok(UPSERT, { input: { id: "hook-good", name: "Good", delivery: "WEBHOOK", target: good.url, secret: GOOD_SECRET } });
  });

  test("a receiver answering 500: the job retries, then FAILS after the max attempts; the other platform's job SUCCEEDS", async () => {
    const ws = await connect(TENANT);
    jobs = collect<JobMsg>(ws, JOB_UPDATES);
    await barrier(ws);
    const change = (await api.ok(ADD_TO_ARCHETYPE, { skill: "hooks.two" })).updateArchetypeSkills.change;
    const byPlatform = new Map<string, string>(change.publishJobs.map((j: Job) => [j.platform.id, j.id]));
    badJob = byPlatform.get("hook-bad")!;
    goodJob = byPlatform.get("hook-good")!;
    expect(badJob && goodJob).toBeTruthy();

    const ended = (id: string, status: string) => (items: JobMsg[]) => items.some((m) => m.publishJobUpdated.id === id && m.publishJobUpdated.status === status);
    await jobs.until((items) => ended(badJob, "FAILED")(items) && ended(goodJob, "SUCCEEDED")(items), { what: "both jobs to end" });

    const badStates = jobs.items.map((m) => m.publishJobUpdated).filter((j) => j.id === badJob);
    expect(transitions(badStates, (j) => `${j.status}#${j.attempts}`)).toEqual([
      "QUEUED#0",
      "RUNNING#1",
      "QUEUED#1",
      "RUNNING#2",
      "QUEUED#2",
      "RUNNING#3",
      "FAILED#3",
    ]);
    for (const retry of badStates.filter((j) => j.status === "QUEUED" && j.attempts > 0)) {
      expect(retry.error).toMatch(/^webhook 127\.0\.0\.1:\d+: delivery failed \(HTTP 500\)$/);
    }
    const failed = badStates[badStates.length - 1];
    expect(failed.error).toMatch(/^webhook 127\.0\.0\.1:\d+: delivery failed \(HTTP 500\) \(after 3 attempts\)$/);
    expect(bad.requests).toHaveLength(3);

    const goodStates = jobs.items.map((m) => m.publishJobUpdated).filter((j) => j.id === goodJob);
    expect(transitions(goodStates, (j) => j.status)).toEqual(["QUEUED", "RUNNING", "SUCCEEDED"]);
    expect(goodStates[goodStates.length - 1]).toMatchObject({ usersTotal: 3, usersPublished: 3, attempts: 1, error: null });

    const events = await api.ok(`{ governanceEvents(filter: { kinds: ["publish.job_failed", "publish.job_succeeded"] }) { nodes { kind payload } } }`);
    const byJob = (id: string) => events.governanceEvents.nodes.filter((e: { payload: { jobId: string } }) => e.payload.jobId === id);
    expect(byJob(badJob).map((e: { kind: string }) => e.kind)).toEqual(["publish.job_failed"]);
    expect(byJob(badJob)[0].payload.error).toContain("after 3 attempts");
    expect(byJob(goodJob).map((e: { kind: string }) => e.kind)).toEqual(["publish.job_succeeded"]);
  });

  test("a receiver answering 200 gets bodies whose signature verifies with the platform's secret", async () => {
    expect(good.requests).toHaveLength(2); // 3 users in batches of 2
    const hmac = (secret: string, r: WebhookRequest) =>
      `sha256=${createHmac("sha256", secret).update(`${String(r.headers["x-skill-gateway-timestamp"])}.${r.rawBody}`).digest("hex")}`;
    const seen: string[] = [];
    for (const r of good.requests) {
      expect(r.headers["content-type"]).toContain("application/json");
      const ts = Number(r.headers["x-skill-gateway-timestamp"]);
      expect(Number.isInteger(ts)).toBe(true);
      expect(Math.abs(Date.now() / 1000 - ts)).toBeLessThan(300);
      const signature = String(r.headers["x-skill-gateway-signature"]);
      const expected = hmac(GOOD_SECRET, r);
      expect(signature.length).toBe(expected.length);
      expect(timingSafeEqual(Buffer.from(signature), Buffer.from(expected))).toBe(true);
      expect(signature).not.toBe(hmac("other-secret", r));
      expect(r.body).toMatchObject({ tenantId: TENANT, platformId: "hook-good" });
      for (const m of r.body.manifests) {
        expect(m).toMatchObject({ schema: MANIFEST_SCHEMA, tenantId: TENANT, platformId: "hook-good", jobId: goodJob });
        expect(m.skills.map((s: { id: string }) => s.id)).toEqual(["hooks.one", "hooks.two"]);
        seen.push(m.userId);
      }
    }
    expect(seen.sort()).toEqual([...users].sort());
    // The secret itself never travels.
    expect(good.requests.some((r) => r.rawBody.includes(GOOD_SECRET) || JSON.stringify(r.headers).includes(GOOD_SECRET))).toBe(false);
  });
});
