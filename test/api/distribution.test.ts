// The distribution plane through the schema: platforms, republish, cancel,
// job listing, and the publish worker (claims, leases, retries, manifests).
// Runs on SQLite and on PostgreSQL (vitest projects "sqlite" and "postgres").
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { App } from "../../src/app.js";
import { MANIFEST_SCHEMA } from "../../src/jobs/manifest.js";
import { manifestFileName } from "../../src/jobs/publishers/file.js";
import { PublishWorker } from "../../src/jobs/worker.js";
import type { WorkerOptions } from "../../src/config.js";
import { rebuildStored } from "../helpers/stored.js";
import { codeOf, createTestGateway, type As, type TestGateway } from "../helpers/harness.js";
import { makeSkill } from "../helpers/agent-fixtures.js";
import { sleep, waitFor } from "../e2e/helpers.js";
import { startWebhookServer, type WebhookServer } from "../e2e/process-helpers.js";

const T = "acme";
const USERS = ["u1", "u2", "u3", "u4", "u5"];
const SECRET = "whsec-do-not-leak-7f3a9c";
const NOT_ADMIN: As = { scopes: ["skills:read", "skills:write", "skill_entitlement:write", "directory:write"] };
const WORKER: WorkerOptions = { concurrency: 2, leaseMs: 5000, pollMs: 100, maxAttempts: 3, backoffBaseMs: 50, batchSize: 2 };

let gw: TestGateway;
let publishDir: string;

const UPSERT = `mutation($input: DistributionPlatformInput!) { upsertDistributionPlatform(input: $input) { id name enabled delivery target } }`;
const JOB_FIELDS = `id status scope scopeId trigger usersTotal usersPublished attempts error createdAt startedAt finishedAt lagSeconds platform { id delivery }`;
const REPUBLISH = `mutation($input: RepublishInput!) { republish(input: $input) { ${JOB_FIELDS} } }`;
const CANCEL = `mutation($id: ID!) { cancelPublishJob(id: $id) { ${JOB_FIELDS} } }`;
const JOB = `query($id: ID!) { publishJob(id: $id) { ${JOB_FIELDS} } }`;

type Job = {
  id: string;
  status: string;
  scope: string;
  scopeId: string | null;
  trigger: string;
  usersTotal: number;
  usersPublished: number;
  attempts: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  lagSeconds: number | null;
  platform: { id: string; delivery: string };
};

const republish = async (input: Record<string, unknown>): Promise<Job[]> => (await gw.ok(REPUBLISH, { input })).republish;
const job = async (id: string): Promise<Job> => (await gw.ok(JOB, { id })).publishJob;
const finished = (id: string, timeoutMs = 20_000) =>
  waitFor(async () => {
    const j = await job(id);
    return ["SUCCEEDED", "FAILED", "CANCELLED"].includes(j.status) ? j : null;
  }, { timeoutMs, what: `job ${id} to finish` });

async function withWorker<R>(opts: Partial<WorkerOptions>, work: (w: PublishWorker) => Promise<R>): Promise<R> {
  const w = new PublishWorker(gw.app, { ...WORKER, ...opts }).start();
  try {
    return await work(w);
  } finally {
    await w.stop();
  }
}

/** Jobs left QUEUED by one test must not leak into the next one's worker. */
async function cancelQueued(): Promise<void> {
  await gw.app.db.prisma.publishJob.updateMany({ where: { status: "QUEUED" }, data: { status: "CANCELLED", queuedKey: null } });
}

async function setHook(url: string, enabled: boolean) {
  await gw.ok(UPSERT, { input: { id: "hook", name: "Hook", delivery: "WEBHOOK", target: url, enabled } });
}

beforeAll(async () => {
  publishDir = mkdtempSync(path.join(tmpdir(), "gw-publish-"));
  gw = await createTestGateway({ PUBLISH_DIR: publishDir, WEBHOOK_ALLOWED_SCHEMES: "https,http", WEBHOOK_ALLOWED_HOSTS: "localhost:*,127.0.0.1:*" });
  for (const id of ["acme.a", "acme.b", "acme.c"]) await makeSkill(gw, id);
  const db = gw.app.db.prisma;
  await db.archetype.create({ data: { tenantId: T, id: "eng", name: "Engineer" } });
  await db.user.createMany({
    data: USERS.map((id) => ({ tenantId: T, id, email: `${id}@acme.test`, searchText: id, archetypeId: "eng" })),
  });
  await db.group.create({ data: { tenantId: T, id: "pilot", name: "Pilot" } });
  await db.groupMember.create({ data: { tenantId: T, groupId: "pilot", userId: "u1" } });
  await db.groupAugment.create({ data: { tenantId: T, groupId: "pilot", skillId: "acme.b" } });
  await rebuildStored(gw, T);
  // No platform exists yet: this queues nothing.
  await gw.ok(`mutation { updateArchetypeSkills(archetypeId: "eng", addSkills: ["acme.a"]) { change { affectedUsers publishJobs { id } } } }`);
});

afterAll(async () => {
  await gw?.close();
  rmSync(publishDir, { recursive: true, force: true });
});

describe("upsertDistributionPlatform", () => {
  test("needs the admin scope", async () => {
    const r = await gw.run(UPSERT, { input: { id: "files", name: "Files", delivery: "FILE", target: "files-out" } }, NOT_ADMIN);
    expect(codeOf(r)).toBe("FORBIDDEN");
    expect(r.errors![0].extensions).toMatchObject({ status: 403 });
    expect(await gw.app.db.prisma.distributionPlatform.count()).toBe(0);
  });

  test("creates FILE and WEBHOOK platforms", async () => {
    const files = await gw.ok(UPSERT, { input: { id: "files", name: " Files ", delivery: "FILE", target: "files-out" } });
    expect(files.upsertDistributionPlatform).toEqual({ id: "files", name: "Files", enabled: true, delivery: "FILE", target: "files-out" });
    await gw.ok(UPSERT, { input: { id: "files2", name: "Files 2", delivery: "FILE", target: "files2-out" } });
    const hook = await gw.ok(UPSERT, {
      input: { id: "hook", name: "Hook", delivery: "WEBHOOK", target: "http://127.0.0.1:9/hook", secret: SECRET, enabled: false },
    });
    expect(hook.upsertDistributionPlatform).toEqual({
      id: "hook",
      name: "Hook",
      enabled: false,
      delivery: "WEBHOOK",
      target: "http://127.0.0.1:9/hook",
    });
    const list = await gw.ok(`{ distributionPlatforms { id name enabled delivery target } }`);
    expect(list.distributionPlatforms.map((p: { id: string }) => p.id)).toEqual(["files", "files2", "hook"]);
  });

  test("delivery other than FILE or WEBHOOK is BAD_USER_INPUT on input.delivery", async () => {
    for (const delivery of ["SFTP", "file", ""]) {
      const r = await gw.run(UPSERT, { input: { id: "x", name: "X", delivery, target: "x" } });
      expect(codeOf(r), delivery).toBe("BAD_USER_INPUT");
      expect(r.errors![0].extensions).toMatchObject({ status: 400, field: "input.delivery" });
    }
  });

  test("a FILE target that leaves the publish directory is BAD_USER_INPUT on input.target", async () => {
    for (const target of ["../x", "a/b", "..", ".", "/etc", "a\\b", "", "x/../../y"]) {
      const r = await gw.run(UPSERT, { input: { id: "bad-file", name: "X", delivery: "FILE", target } });
      expect(codeOf(r), target).toBe("BAD_USER_INPUT");
      expect(r.errors![0].extensions!.field, target).toBe("input.target");
    }
  });

  test("a WEBHOOK to a host not in WEBHOOK_ALLOWED_HOSTS, or not http(s), is BAD_USER_INPUT", async () => {
    for (const target of ["https://example.com/hook", "http://10.0.0.1/hook", "http://localhost.evil.test/x", "ftp://127.0.0.1/x", "not a url", "file:///etc/passwd"]) {
      const r = await gw.run(UPSERT, { input: { id: "bad-hook", name: "X", delivery: "WEBHOOK", target } });
      expect(codeOf(r), target).toBe("BAD_USER_INPUT");
      expect(r.errors![0].extensions!.field, target).toBe("input.target");
    }
    expect(await gw.app.db.prisma.distributionPlatform.count({ where: { id: { in: ["bad-file", "bad-hook", "x"] } } })).toBe(0);
  });

  test("the secret is write-only: no field returns it, no event records it, an upsert without it keeps it", async () => {
    const type = await gw.ok(`{ __type(name: "DistributionPlatform") { fields { name } } }`);
    expect(type.__type.fields.map((f: { name: string }) => f.name).sort()).toEqual(["delivery", "enabled", "id", "name", "target"]);
    const r = await gw.run(`{ distributionPlatforms { id secret } }`);
    expect(codeOf(r)).toBe("GRAPHQL_VALIDATION_FAILED");

    // Replacing the platform without a secret keeps the stored one.
    await gw.ok(UPSERT, { input: { id: "hook", name: "Hook", delivery: "WEBHOOK", target: "http://127.0.0.1:9/hook", enabled: false } });
    const row = await gw.app.db.prisma.distributionPlatform.findUniqueOrThrow({ where: { tenantId_id: { tenantId: T, id: "hook" } } });
    expect(row.secret).toBe(SECRET);

    const events = await gw.ok(`{ governanceEvents(first: 100) { nodes { id kind subjects payload } } }`);
    expect(events.governanceEvents.nodes.some((e: { subjects: string[] }) => e.subjects.includes("platform:hook"))).toBe(true);
    expect(JSON.stringify(events)).not.toContain(SECRET);
    const everything = await gw.ok(`{ distributionPlatforms { id name enabled delivery target } publishJobs(first: 100) { nodes { platform { id name target } } } }`);
    expect(JSON.stringify(everything)).not.toContain(SECRET);
  });

  test("another tenant sees none of them", async () => {
    const other = await gw.ok(`{ distributionPlatforms { id } }`, {}, { tenant: "other" });
    expect(other.distributionPlatforms).toEqual([]);
  });
});

describe("republish", () => {
  test("TENANT with a scopeId, or ARCHETYPE without one, is BAD_USER_INPUT on input.scopeId", async () => {
    const a = await gw.run(REPUBLISH, { input: { scope: "TENANT", scopeId: "eng" } });
    expect(codeOf(a)).toBe("BAD_USER_INPUT");
    expect(a.errors![0].extensions!.field).toBe("input.scopeId");
    const b = await gw.run(REPUBLISH, { input: { scope: "ARCHETYPE" } });
    expect(codeOf(b)).toBe("BAD_USER_INPUT");
    expect(b.errors![0].extensions!.field).toBe("input.scopeId");
  });

  test("an unknown scope object or platform is NOT_FOUND; a disabled platform is BAD_USER_INPUT", async () => {
    expect(codeOf(await gw.run(REPUBLISH, { input: { scope: "ARCHETYPE", scopeId: "nope" } }))).toBe("NOT_FOUND");
    expect(codeOf(await gw.run(REPUBLISH, { input: { scope: "USER", scopeId: "ghost" } }))).toBe("NOT_FOUND");
    expect(codeOf(await gw.run(REPUBLISH, { input: { scope: "GROUP", scopeId: "ghost" } }))).toBe("NOT_FOUND");
    // Another tenant's archetype does not exist here.
    expect(codeOf(await gw.run(REPUBLISH, { input: { scope: "ARCHETYPE", scopeId: "eng" } }, { tenant: "other" }))).toBe("NOT_FOUND");
    const p = await gw.run(REPUBLISH, { input: { scope: "TENANT", platforms: ["files", "nope"] } });
    expect(codeOf(p)).toBe("NOT_FOUND");
    expect(p.errors![0].extensions!.field).toBe("input.platforms.1");
    const d = await gw.run(REPUBLISH, { input: { scope: "TENANT", platforms: ["hook"] } });
    expect(codeOf(d)).toBe("BAD_USER_INPUT");
    expect(await gw.app.db.prisma.publishJob.count()).toBe(0);
  });

  test("needs skill_entitlement:write", async () => {
    const r = await gw.run(REPUBLISH, { input: { scope: "TENANT" } }, { scopes: ["skills:read", "skills:write"] });
    expect(codeOf(r)).toBe("FORBIDDEN");
  });

  test("two republishes coalesce into the same QUEUED job per enabled platform", async () => {
    const first = await republish({ scope: "ARCHETYPE", scopeId: "eng" });
    expect(first.map((j) => j.platform.id)).toEqual(["files", "files2"]);
    for (const j of first) {
      expect(j).toMatchObject({ status: "QUEUED", scope: "ARCHETYPE", scopeId: "eng", trigger: "manual_republish", attempts: 0, usersPublished: 0 });
      expect(j.id).toMatch(/^pub_/);
    }
    const second = await republish({ scope: "ARCHETYPE", scopeId: "eng" });
    expect(second.map((j) => j.id)).toEqual(first.map((j) => j.id));
    const only = await republish({ scope: "ARCHETYPE", scopeId: "eng", platforms: ["files2"] });
    expect(only.map((j) => j.id)).toEqual([first[1].id]);
    expect(await gw.app.db.prisma.publishJob.count({ where: { tenantId: T, scope: "ARCHETYPE", scopeId: "eng", status: "QUEUED" } })).toBe(2);
  });

  test("LOCKED, with retryAfterSeconds, while a job of the same scope and platform is RUNNING", async () => {
    const db = gw.app.db.prisma;
    await db.publishJob.create({
      data: {
        tenantId: T,
        id: "pub_running_u1",
        platformId: "files",
        scope: "USER",
        scopeId: "u1",
        status: "RUNNING",
        trigger: "test",
        causedAt: new Date(),
        startedAt: new Date(),
        attempts: 1,
        leaseOwner: "someone-else",
        leaseExpiresAt: new Date(Date.now() + 60_000),
      },
    });
    try {
      const r = await gw.run(REPUBLISH, { input: { scope: "USER", scopeId: "u1", platforms: ["files"] } });
      expect(codeOf(r)).toBe("LOCKED");
      expect(r.errors![0].extensions).toMatchObject({ code: "LOCKED", status: 423 });
      const retry = r.errors![0].extensions!.retryAfterSeconds;
      expect(typeof retry).toBe("number");
      expect(retry as number).toBeGreaterThanOrEqual(1);
      // All platforms (the default) include the locked one.
      expect(codeOf(await gw.run(REPUBLISH, { input: { scope: "USER", scopeId: "u1" } }))).toBe("LOCKED");
      // Another platform, or another scope, is not locked.
      const other = await republish({ scope: "USER", scopeId: "u1", platforms: ["files2"] });
      expect(other).toHaveLength(1);
      const otherScope = await republish({ scope: "USER", scopeId: "u2", platforms: ["files"] });
      expect(otherScope).toHaveLength(1);
      expect(await db.publishJob.count({ where: { tenantId: T, platformId: "files", scope: "USER", scopeId: "u1", status: "QUEUED" } })).toBe(0);
    } finally {
      await db.publishJob.update({ where: { tenantId_id: { tenantId: T, id: "pub_running_u1" } }, data: { status: "FAILED", leaseOwner: null } });
    }
  });
});

describe("cancelPublishJob", () => {
  test("cancels a QUEUED job; the next republish queues a new one", async () => {
    const [queued] = await republish({ scope: "ARCHETYPE", scopeId: "eng", platforms: ["files"] });
    const cancelled = (await gw.ok(CANCEL, { id: queued.id })).cancelPublishJob;
    expect(cancelled).toMatchObject({ id: queued.id, status: "CANCELLED" });
    expect(cancelled.finishedAt).not.toBeNull();
    expect(cancelled.error).toContain("cancelled");
    const [next] = await republish({ scope: "ARCHETYPE", scopeId: "eng", platforms: ["files"] });
    expect(next.id).not.toBe(queued.id);
    expect(next.status).toBe("QUEUED");
    // Cancelling twice: the job is finished.
    expect(codeOf(await gw.run(CANCEL, { id: queued.id }))).toBe("CONFLICT");
  });

  test("a SUCCEEDED job is CONFLICT; an unknown or another tenant's job is NOT_FOUND", async () => {
    const db = gw.app.db.prisma;
    const base = { platformId: "files", scope: "TENANT", trigger: "test", causedAt: new Date() };
    await db.publishJob.create({ data: { ...base, tenantId: T, id: "pub_done", status: "SUCCEEDED", finishedAt: new Date() } });
    await db.publishJob.create({ data: { ...base, tenantId: "other", id: "pub_other", status: "QUEUED", runAfter: new Date("2100-01-01") } });
    const done = await gw.run(CANCEL, { id: "pub_done" });
    expect(codeOf(done)).toBe("CONFLICT");
    expect(done.errors![0].extensions).toMatchObject({ status: 409 });
    const unknown = await gw.run(CANCEL, { id: "pub_nope" });
    expect(codeOf(unknown)).toBe("NOT_FOUND");
    expect(unknown.errors![0].extensions).toMatchObject({ status: 404, field: "id" });
    expect(codeOf(await gw.run(CANCEL, { id: "pub_other" }))).toBe("NOT_FOUND");
    expect((await db.publishJob.findUniqueOrThrow({ where: { tenantId_id: { tenantId: "other", id: "pub_other" } } })).status).toBe("QUEUED");
  });
});

describe("publishJobs and publishJob", () => {
  const L = "lister";
  const seeded: { id: string; platformId: string; scope: string; scopeId: string | null; status: string; at: number }[] = [];

  beforeAll(async () => {
    const db = gw.app.db.prisma;
    await db.distributionPlatform.createMany({
      data: ["lp1", "lp2"].map((id) => ({ tenantId: L, id, name: id, delivery: "FILE", target: id })),
    });
    const t0 = Date.parse("2026-01-01T00:00:00Z");
    const specs = [
      ["lp1", "TENANT", null, "SUCCEEDED"],
      ["lp2", "TENANT", null, "FAILED"],
      ["lp1", "USER", "x", "FAILED"],
      ["lp2", "USER", "x", "CANCELLED"],
      ["lp1", "USER", "y", "SUCCEEDED"],
      ["lp2", "ARCHETYPE", "eng", "QUEUED"],
    ] as const;
    for (const [i, [platformId, scope, scopeId, status]] of specs.entries()) {
      const id = `pub_list_${i}`;
      seeded.push({ id, platformId, scope, scopeId, status, at: t0 + i * 60_000 });
      await db.publishJob.create({
        data: {
          tenantId: L,
          id,
          platformId,
          scope,
          scopeId,
          status,
          trigger: "test",
          causedAt: new Date(t0 + i * 60_000),
          createdAt: new Date(t0 + i * 60_000),
          // Never due: no worker of another test may pick it up.
          runAfter: new Date("2100-01-01"),
          queuedKey: status === "QUEUED" ? `${platformId}|${scope}|${scopeId ?? ""}` : null,
        },
      });
    }
  });

  const LIST = `query($filter: PublishJobFilter, $first: Int, $after: String) {
    publishJobs(filter: $filter, first: $first, after: $after) { totalCount nodes { id status scope scopeId platform { id } } pageInfo { hasNextPage endCursor } }
  }`;
  const list = async (filter: Record<string, unknown> | null, extra: Record<string, unknown> = {}) =>
    (await gw.ok(LIST, { filter, ...extra }, { tenant: L })).publishJobs;
  const newestFirst = (rows: typeof seeded) => [...rows].sort((a, b) => b.at - a.at).map((r) => r.id);

  test("newest first, paginated", async () => {
    const all = await list(null);
    expect(all.totalCount).toBe(6);
    expect(all.nodes.map((n: { id: string }) => n.id)).toEqual(newestFirst(seeded));
    const page1 = await list(null, { first: 4 });
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = await list(null, { first: 4, after: page1.pageInfo.endCursor });
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect([...page1.nodes, ...page2.nodes].map((n: { id: string }) => n.id)).toEqual(newestFirst(seeded));
  });

  test("filters by status, platform, scope and scopeId, alone and together", async () => {
    const cases: [Record<string, unknown>, (r: (typeof seeded)[number]) => boolean][] = [
      [{ status: ["FAILED"] }, (r) => r.status === "FAILED"],
      [{ status: ["SUCCEEDED", "QUEUED"] }, (r) => r.status === "SUCCEEDED" || r.status === "QUEUED"],
      [{ platformId: "lp2" }, (r) => r.platformId === "lp2"],
      [{ scope: "USER" }, (r) => r.scope === "USER"],
      [{ scope: "USER", scopeId: "x" }, (r) => r.scope === "USER" && r.scopeId === "x"],
      [{ scopeId: "x", platformId: "lp1", status: ["FAILED"] }, (r) => r.scopeId === "x" && r.platformId === "lp1" && r.status === "FAILED"],
      [{ platformId: "files" }, () => false],
    ];
    for (const [filter, keep] of cases) {
      const got = await list(filter);
      expect(got.nodes.map((n: { id: string }) => n.id), JSON.stringify(filter)).toEqual(newestFirst(seeded.filter(keep)));
      expect(got.totalCount, JSON.stringify(filter)).toBe(seeded.filter(keep).length);
    }
  });

  test("publishJob of another tenant's job is null, and their lists do not mix", async () => {
    const mine = await gw.ok(`query($id: ID!) { publishJob(id: $id) { id platform { id } } }`, { id: "pub_list_0" }, { tenant: L });
    expect(mine.publishJob).toEqual({ id: "pub_list_0", platform: { id: "lp1" } });
    const theirs = await gw.ok(`query($id: ID!) { publishJob(id: $id) { id } }`, { id: "pub_list_0" });
    expect(theirs.publishJob).toBeNull();
    const acme = await gw.ok(`{ publishJobs(first: 100) { nodes { id } } }`);
    expect(acme.publishJobs.nodes.some((n: { id: string }) => n.id.startsWith("pub_list_"))).toBe(false);
  });
});

describe("the publish worker", { timeout: 30_000 }, () => {
  let hook: WebhookServer | undefined;
  afterAll(async () => {
    await hook?.close();
  });

  /** Expected manifest skills of a user, from the API's own effectiveSkills. */
  async function expectedSkills(userId: string) {
    const r = await gw.ok(
      `query($id: ID!) { user(id: $id) { effectiveSkills(first: 100) { nodes { skill { id name description } skillVersion source sources { label } deprecated } } } }`,
      { id: userId },
    );
    return r.user.effectiveSkills.nodes.map(
      (n: {
        skill: { id: string; name: string; description: string | null };
        skillVersion: string;
        source: string;
        sources: { label: string }[];
        deprecated: boolean;
      }) => ({
        id: n.skill.id,
        name: n.skill.name,
        description: n.skill.description,
        version: n.skillVersion,
        source: n.source,
        sources: n.sources.map((s) => s.label),
        deprecated: n.deprecated,
      }),
    );
  }

  test("a claim does not take over a job whose owner renewed its lease after the claimer read it", async () => {
    await cancelQueued();
    const prisma = gw.app.db.prisma;
    const id = "pub_renewed_in_time";
    await prisma.publishJob.create({
      data: {
        tenantId: T,
        id,
        platformId: "files2",
        scope: "USER",
        scopeId: "u5",
        status: "RUNNING",
        trigger: "test",
        causedAt: new Date(),
        startedAt: new Date(),
        attempts: 1,
        leaseOwner: "slow-but-alive",
        leaseExpiresAt: new Date(Date.now() - 1_000),
      },
    });
    // Between the claimer's read (lease lapsed) and its compare-and-set, the
    // owner renews its lease, as PublishWorker.update does after each batch.
    let renewed = false;
    const delegate = new Proxy(prisma.publishJob, {
      get(target, prop, receiver) {
        if (prop === "updateMany") {
          return async (args: { where?: { id?: string } }) => {
            if (!renewed && args.where?.id === id) {
              renewed = true;
              await target.updateMany({
                where: { tenantId: T, id, status: "RUNNING", leaseOwner: "slow-but-alive" },
                data: { leaseExpiresAt: new Date(Date.now() + 60_000), revision: { increment: 1 } },
              });
            }
            return target.updateMany(args as never);
          };
        }
        const v = Reflect.get(target, prop, receiver);
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
    const racy = new Proxy(prisma, {
      get(target, prop, receiver) {
        if (prop === "publishJob") return delegate;
        const v = Reflect.get(target, prop, receiver);
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
    const app = { ...gw.app, db: { ...gw.app.db, prisma: racy } } as App;
    try {
      const claimed = await new PublishWorker(app, WORKER).claim(4);
      expect(renewed).toBe(true);
      expect(claimed.map((j) => j.id)).not.toContain(id);
      const row = await prisma.publishJob.findUniqueOrThrow({ where: { tenantId_id: { tenantId: T, id } } });
      expect(row).toMatchObject({ status: "RUNNING", leaseOwner: "slow-but-alive", attempts: 1 });
    } finally {
      await prisma.publishJob.update({ where: { tenantId_id: { tenantId: T, id } }, data: { status: "FAILED", leaseOwner: null } });
    }
  });

  test("runs a job to SUCCEEDED, writes one FILE manifest per user, and logs publish.job_succeeded", async () => {
    await cancelQueued();
    const [queued] = await republish({ scope: "TENANT", platforms: ["files"] });
    const done = await withWorker({}, () => finished(queued.id));
    expect(done).toMatchObject({ status: "SUCCEEDED", usersTotal: 5, usersPublished: 5, attempts: 1, error: null });
    expect(done.lagSeconds).not.toBeNull();
    expect(done.lagSeconds!).toBeGreaterThanOrEqual(0);
    expect(done.lagSeconds!).toBeLessThan(60);
    expect(Date.parse(done.startedAt!)).toBeLessThanOrEqual(Date.parse(done.finishedAt!));

    const dir = path.join(publishDir, T, "files-out");
    expect(readdirSync(dir).sort()).toEqual(USERS.map(manifestFileName).sort());
    for (const userId of USERS) {
      const manifest = JSON.parse(readFileSync(path.join(dir, manifestFileName(userId)), "utf8"));
      expect(manifest).toMatchObject({ schema: MANIFEST_SCHEMA, tenantId: T, platformId: "files", userId, email: `${userId}@acme.test`, jobId: queued.id });
      expect(Number.isNaN(Date.parse(manifest.generatedAt))).toBe(false);
      expect(manifest.skills).toEqual(await expectedSkills(userId));
    }
    const u1 = JSON.parse(readFileSync(path.join(dir, manifestFileName("u1")), "utf8"));
    expect(u1.skills.map((s: { id: string; version: string; source: string; sources: string[] }) => [s.id, s.version, s.source, s.sources])).toEqual([
      ["acme.a", "1.0.0", "archetype:eng", ["archetype:eng"]],
      ["acme.b", "1.0.0", "group:pilot", ["group:pilot"]],
    ]);

    const events = await gw.ok(
      `query($s: String) { governanceEvents(filter: { kinds: ["publish.job_succeeded"], subject: $s }) { nodes { kind actor subjects payload } } }`,
      { s: `publish_job:${queued.id}` },
    );
    expect(events.governanceEvents.nodes).toHaveLength(1);
    expect(events.governanceEvents.nodes[0]).toMatchObject({
      kind: "publish.job_succeeded",
      actor: "system",
      payload: { jobId: queued.id, platformId: "files", scope: "TENANT", usersPublished: 5 },
    });
    expect(events.governanceEvents.nodes[0].subjects).toEqual(expect.arrayContaining([`publish_job:${queued.id}`, "platform:files", `tenant:${T}`]));
  });

  test("a RUNNING job whose lease expired is reclaimed and finished; one with a live lease is left alone", async () => {
    await cancelQueued();
    const db = gw.app.db.prisma;
    const past = new Date(Date.now() - 60_000);
    const base = { tenantId: T, trigger: "test", causedAt: past, startedAt: past, status: "RUNNING", attempts: 1 };
    await db.publishJob.create({
      data: { ...base, id: "pub_dead_owner", platformId: "files", scope: "ARCHETYPE", scopeId: "eng", usersPublished: 2, leaseOwner: "dead", leaseExpiresAt: new Date(Date.now() - 1_000) },
    });
    await db.publishJob.create({
      data: { ...base, id: "pub_live_owner", platformId: "files2", scope: "USER", scopeId: "u2", leaseOwner: "alive", leaseExpiresAt: new Date(Date.now() + 60_000) },
    });
    // Queued behind the live one (same scope and platform): must wait for it.
    const [behind] = await republish({ scope: "USER", scopeId: "u3", platforms: ["files2"] });
    await db.publishJob.update({ where: { tenantId_id: { tenantId: T, id: behind.id } }, data: { scopeId: "u2", queuedKey: "files2|USER|u2" } });

    await withWorker({}, async () => {
      const reclaimed = await finished("pub_dead_owner");
      expect(reclaimed).toMatchObject({ status: "SUCCEEDED", attempts: 2, usersTotal: 5, usersPublished: 5 });
      expect(reclaimed.lagSeconds!).toBeGreaterThanOrEqual(59);
      const row = await db.publishJob.findUniqueOrThrow({ where: { tenantId_id: { tenantId: T, id: "pub_dead_owner" } } });
      expect(row.leaseOwner).toBeNull();

      await sleep(10 * WORKER.pollMs);
      expect(await job("pub_live_owner")).toMatchObject({ status: "RUNNING", attempts: 1 });
      expect((await db.publishJob.findUniqueOrThrow({ where: { tenantId_id: { tenantId: T, id: "pub_live_owner" } } })).leaseOwner).toBe("alive");
      expect((await job(behind.id)).status).toBe("QUEUED");

      // Once the live job ends, the one behind it runs.
      await db.publishJob.update({ where: { tenantId_id: { tenantId: T, id: "pub_live_owner" } }, data: { status: "SUCCEEDED", leaseOwner: null, leaseExpiresAt: null } });
      expect(await finished(behind.id)).toMatchObject({ status: "SUCCEEDED", usersTotal: 1, usersPublished: 1 });
    });
    const succeeded = await db.governanceEvent.findMany({ where: { tenantId: T, kind: "publish.job_succeeded" } });
    expect(succeeded.filter((e) => (e.payload as { jobId?: string }).jobId === "pub_dead_owner")).toHaveLength(1);
  });

  test("cancelling a RUNNING job stops it: the worker drops it without finishing it", async () => {
    await cancelQueued();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    hook = await startWebhookServer(async () => {
      await gate;
      return { status: 200 };
    });
    await setHook(hook.url, true);
    try {
      await withWorker({}, async () => {
        const [j] = await republish({ scope: "USER", scopeId: "u4", platforms: ["hook"] });
        await waitFor(() => hook!.requests.length === 1, { what: "the webhook to be called" });
        expect((await job(j.id)).status).toBe("RUNNING");
        expect((await gw.ok(CANCEL, { id: j.id })).cancelPublishJob.status).toBe("CANCELLED");
        release();
        await sleep(5 * WORKER.pollMs);
        const after = await job(j.id);
        expect(after.status).toBe("CANCELLED");
        const events = await gw.app.db.prisma.governanceEvent.findMany({ where: { tenantId: T, kind: { in: ["publish.job_succeeded", "publish.job_failed"] } } });
        expect(events.filter((e) => (e.payload as { jobId?: string }).jobId === j.id)).toEqual([]);
      });
    } finally {
      release();
      await hook.close();
      hook = undefined;
      await setHook("http://127.0.0.1:9/hook", false);
    }
  });

  test("a failing job backs off and retries; a newer job of its scope supersedes it; after maxAttempts it FAILS", async () => {
    await cancelQueued();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let calls = 0;
    hook = await startWebhookServer(async () => {
      if (++calls === 1) await gate;
      return { status: 500 };
    });
    await setHook(hook.url, true);
    try {
      await withWorker({}, async () => {
        const [j1] = await republish({ scope: "USER", scopeId: "u1", platforms: ["hook"] });
        await waitFor(() => hook!.requests.length === 1, { what: "the first delivery" });
        // A change for u1 while j1 delivers queues j2 for the same scope and platform.
        const change = await gw.ok(
          `mutation { grantSkillToUser(input: { userId: "u1", skillId: "acme.c", reason: "test" }) { change { publishJobs { id status scope scopeId platform { id } } } } }`,
        );
        const j2 = change.grantSkillToUser.change.publishJobs.find((p: { platform: { id: string } }) => p.platform.id === "hook");
        expect(j2).toMatchObject({ status: "QUEUED", scope: "USER", scopeId: "u1" });
        expect(j2.id).not.toBe(j1.id);
        // One job per scope and platform at a time.
        await sleep(5 * WORKER.pollMs);
        expect((await job(j1.id)).status).toBe("RUNNING");
        expect((await job(j2.id)).status).toBe("QUEUED");

        release();
        const first = await finished(j1.id);
        expect(first.status).toBe("CANCELLED");
        expect(first.error).toContain(`superseded by ${j2.id}`);

        const second = await finished(j2.id);
        expect(second).toMatchObject({ status: "FAILED", attempts: 3 });
        expect(second.error).toMatch(/webhook 127\.0\.0\.1:\d+: delivery failed \(HTTP 500\) \(after 3 attempts\)/);
        const forJ2 = hook!.requests.filter((r) => r.body?.manifests?.[0]?.jobId === j2.id);
        expect(forJ2).toHaveLength(3);
        const failed = await gw.app.db.prisma.governanceEvent.findMany({ where: { tenantId: T, kind: "publish.job_failed" } });
        expect(failed.filter((e) => (e.payload as { jobId?: string }).jobId === j2.id)).toHaveLength(1);
      });
    } finally {
      release();
      await hook.close();
      hook = undefined;
      await setHook("http://127.0.0.1:9/hook", false);
    }
  });

  test("a job waiting to retry still coalesces later changes of its scope", async () => {
    await cancelQueued();
    hook = await startWebhookServer(() => ({ status: 503 }));
    await setHook(hook.url, true);
    try {
      await withWorker({ backoffBaseMs: 60_000 }, async () => {
        const [j] = await republish({ scope: "USER", scopeId: "u3", platforms: ["hook"] });
        const waiting = await waitFor(async () => {
          const s = await job(j.id);
          return s.status === "QUEUED" && s.attempts === 1 ? s : null;
        }, { what: "the job to be queued for a retry" });
        expect(waiting.error).toMatch(/delivery failed \(HTTP 503\)/);
        const [again] = await republish({ scope: "USER", scopeId: "u3", platforms: ["hook"] });
        expect(again.id).toBe(j.id);
        expect(await gw.app.db.prisma.publishJob.count({ where: { tenantId: T, platformId: "hook", scope: "USER", scopeId: "u3", status: "QUEUED" } })).toBe(1);
      });
    } finally {
      await cancelQueued();
      await hook.close();
      hook = undefined;
      await setHook("http://127.0.0.1:9/hook", false);
    }
  });

  test("failing jobs of two scopes on one platform both wait to retry: neither supersedes the other", async () => {
    await cancelQueued();
    hook = await startWebhookServer(() => ({ status: 503 }));
    await setHook(hook.url, true);
    try {
      await withWorker({ backoffBaseMs: 60_000 }, async () => {
        const [a] = await republish({ scope: "USER", scopeId: "u3", platforms: ["hook"] });
        const [b] = await republish({ scope: "USER", scopeId: "u4", platforms: ["hook"] });
        const settled = async (id: string) =>
          waitFor(async () => {
            const s = await job(id);
            return s.attempts === 1 && s.status !== "RUNNING" ? s : null;
          }, { what: `job ${id} to fail once` });
        const [sa, sb] = await Promise.all([settled(a.id), settled(b.id)]);
        expect([sa.status, sb.status]).toEqual(["QUEUED", "QUEUED"]);
        expect(`${sa.error} ${sb.error}`).not.toContain("superseded");
      });
    } finally {
      await cancelQueued();
      await hook.close();
      hook = undefined;
      await setHook("http://127.0.0.1:9/hook", false);
    }
  });

  test("stop() waits for a claim in flight: nothing is claimed or run once it resolved", async () => {
    await cancelQueued();
    const [j] = await republish({ scope: "USER", scopeId: "u5", platforms: ["files"] });
    // start() wakes at once; the claim is still reading when stop() is called.
    const w = new PublishWorker(gw.app, WORKER).start();
    await w.stop();
    const atStop = await gw.app.db.prisma.publishJob.findUniqueOrThrow({ where: { tenantId_id: { tenantId: T, id: j.id } } });
    await sleep(5 * WORKER.pollMs);
    const later = await gw.app.db.prisma.publishJob.findUniqueOrThrow({ where: { tenantId_id: { tenantId: T, id: j.id } } });
    expect({ status: later.status, attempts: later.attempts, revision: later.revision }).toEqual({
      status: atStop.status,
      attempts: atStop.attempts,
      revision: atStop.revision,
    });
    expect(later.status).not.toBe("RUNNING");
    await cancelQueued();
  });

  test("a delivery slower than the lease does not let a second worker run the same job at once", async () => {
    await cancelQueued();
    hook = await startWebhookServer(() => ({ status: 200, delayMs: 1_200 }));
    await setHook(hook.url, true);
    const fast = { leaseMs: 300, pollMs: 50 };
    try {
      await withWorker(fast, () =>
        withWorker(fast, async () => {
          const [j] = await republish({ scope: "USER", scopeId: "u4", platforms: ["hook"] });
          const done = await finished(j.id);
          expect(done.status).toBe("SUCCEEDED");
          expect(hook!.maxInFlight()).toBe(1);
          expect(done.attempts).toBe(1);
        }),
      );
    } finally {
      await hook.close();
      hook = undefined;
      await setHook("http://127.0.0.1:9/hook", false);
    }
  });
});
