// Jobs of one scope on several platforms (one change queues one per platform)
// run as a group: one read of the stored rows per batch for all of them, the
// same skills in every platform's manifest, and each job ends on its own: a
// platform that fails does not stop its sibling.
import "reflect-metadata";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FilePublisher, manifestFileName } from "../../src/jobs/publishers/file.js";
import { PublishWorker } from "../../src/jobs/worker.js";
import { loadConfig } from "../../src/config.js";
import { ManifestText, SkillEntryText, type UserManifest } from "../../src/jobs/manifest.js";
import type { PlatformTarget, Publisher } from "../../src/jobs/publishers/publisher.js";
import type { DirectReads } from "../../src/db/direct-reads.js";
import { createTestGateway, type TestGateway } from "../helpers/harness.js";
import { makeSkill } from "../helpers/agent-fixtures.js";
import { waitFor } from "../helpers/wait.js";

let gw: TestGateway;
const publishDir = mkdtempSync(path.join(tmpdir(), "gw-pub-group-"));
const USERS = ["user:a@acme.test", "user:b@acme.test", "user:c@acme.test"];

beforeAll(async () => {
  gw = await createTestGateway({ WEBHOOK_ALLOWED_HOSTS: "hooks.example.com", PUBLISH_DIR: publishDir });
  await makeSkill(gw, "s.one");
  await makeSkill(gw, "s.two");
  await gw.ok(`mutation($u: [UpsertUserInput!]!) { upsertUsers(users: $u) { users { id } } }`, {
    u: USERS.map((id) => ({ id, email: id.slice(5) })),
  });
  for (const [i, userId] of USERS.entries()) {
    for (const skillId of i === 0 ? ["s.one", "s.two"] : ["s.two"]) {
      await gw.ok(`mutation($i: GrantSkillInput!) { grantSkillToUser(input: $i) { grant { id } } }`, { i: { userId, skillId, reason: "test" } });
    }
  }
  for (const [id, delivery, target] of [["p.file", "FILE", "file-out"], ["p.hook", "WEBHOOK", "https://hooks.example.com/in"]] as const) {
    await gw.ok(`mutation($id: ID!, $d: String!, $t: String!) { upsertDistributionPlatform(input: { id: $id, name: "Platform", delivery: $d, target: $t }) { id } }`, { id, d: delivery, t: target });
  }
});
afterAll(async () => {
  await gw?.close();
  rmSync(publishDir, { recursive: true, force: true });
});

const manifestReads = (reads: string[]) => reads.filter((t) => t.includes('"UserEntitlement"') && !t.includes("COUNT(")).length;

async function publishWith(publishers: Record<string, Publisher>, onBusy?: (busy: boolean) => void): Promise<{ statuses: Record<string, string>; reads: string[] }> {
  const jobs = (await gw.ok<{ republish: { id: string; platform: { id: string } }[] }>(`mutation { republish(input: { scope: TENANT }) { id platform { id } } }`)).republish;
  expect(jobs.map((j) => j.platform.id).sort()).toEqual(["p.file", "p.hook"]);
  const direct = gw.app.db.direct as Pick<DirectReads, "query" | "queryArrays">;
  const [query, queryArrays] = [direct.query, direct.queryArrays];
  const reads: string[] = [];
  direct.query = (text, params) => {
    reads.push(text);
    return query.call(gw.app.db.direct, text, params);
  };
  direct.queryArrays = (text, params) => {
    reads.push(text);
    return queryArrays.call(gw.app.db.direct, text, params);
  };
  const worker = new PublishWorker(gw.app, { ...gw.app.config.worker, maxAttempts: 1, pollMs: 20, batchSize: 2 }, publishers, () => {});
  if (onBusy) worker.onBusyChange(onBusy);
  worker.start();
  try {
    const statuses = await waitFor(
      async () => {
        const rows = await gw.app.db.prisma.publishJob.findMany({ where: { id: { in: jobs.map((j) => j.id) } } });
        return rows.every((r) => r.status === "SUCCEEDED" || r.status === "FAILED") ? Object.fromEntries(rows.map((r) => [r.platformId, r.status])) : null;
      },
      { timeoutMs: 10_000, what: "both jobs ended" },
    );
    return { statuses, reads };
  } finally {
    await worker.stop();
    Object.assign(direct, { query, queryArrays });
  }
}

function recording(into: Map<string, UserManifest[]>): Publisher {
  return {
    async deliver(platform: PlatformTarget, manifests: ManifestText[]) {
      into.set(platform.id, [...(into.get(platform.id) ?? []), ...manifests.map((m) => JSON.parse(m.text) as UserManifest)]);
    },
  };
}

describe("a publish of one scope on two platforms", () => {
  test("reads the stored rows once per batch for both and gives both the same skills", async () => {
    const got = new Map<string, UserManifest[]>();
    const { statuses, reads } = await publishWith({ FILE: recording(got), WEBHOOK: recording(got) });
    expect(statuses).toEqual({ "p.file": "SUCCEEDED", "p.hook": "SUCCEEDED" });
    // 3 users in batches of 2: two reads, not four.
    expect(manifestReads(reads)).toBe(2);
    const [file, hook] = [got.get("p.file")!, got.get("p.hook")!];
    expect(file.map((m) => m.userId)).toEqual(USERS);
    expect(file.map((m) => m.skills.map((s) => s.id))).toEqual([["s.one", "s.two"], ["s.two"], ["s.two"]]);
    expect(hook.map((m) => m.skills)).toEqual(file.map((m) => m.skills));
    expect(new Set(hook.map((m) => m.platformId))).toEqual(new Set(["p.hook"]));
    expect(new Set(file.map((m) => m.jobId)).size).toBe(1);
    expect(file[0].jobId).not.toBe(hook[0].jobId);
  });

  test("tells its busy listener when it takes jobs in hand and when the last one ends (main.ts suspends the heap floor then)", async () => {
    const told: boolean[] = [];
    let inDelivery: boolean[] = [];
    const watching: Publisher = {
      async deliver() {
        inDelivery = [...told];
      },
    };
    const { statuses } = await publishWith({ FILE: watching, WEBHOOK: watching }, (busy) => told.push(busy));
    expect(statuses).toEqual({ "p.file": "SUCCEEDED", "p.hook": "SUCCEEDED" });
    expect(inDelivery).toEqual([true]); // busy while delivering
    await waitFor(async () => (told.length === 2 ? told : null), { timeoutMs: 5_000, what: "the worker idle again" });
    expect(told).toEqual([true, false]); // once each for the two jobs of the group
  });

  test("a platform that fails ends its own job; its sibling still succeeds", async () => {
    const got = new Map<string, UserManifest[]>();
    let calls = 0;
    const failing: Publisher = {
      async deliver() {
        calls++;
        throw new Error("platform down");
      },
    };
    const { statuses } = await publishWith({ FILE: recording(got), WEBHOOK: failing });
    expect(statuses).toEqual({ "p.file": "SUCCEEDED", "p.hook": "FAILED" });
    expect(calls).toBe(1); // left the group at its first failure
    expect(got.get("p.file")!.map((m) => m.userId)).toEqual(USERS);
    const failed = await gw.app.db.prisma.publishJob.findFirstOrThrow({ where: { platformId: "p.hook", status: "FAILED" }, orderBy: { createdAt: "desc" } });
    expect(failed.error).toMatch(/platform down/);
  });
});

describe("FILE delivery on its writer thread", () => {
  const folder = path.join(publishDir, "acme", "file-out");
  const hook = (got: Map<string, UserManifest[]>) => recording(got);

  test("a folder it cannot write fails the job with the error's code, no server path", async () => {
    mkdirSync(path.dirname(folder), { recursive: true });
    writeFileSync(folder, "in the way");
    try {
      const { statuses } = await publishWith({ FILE: new FilePublisher(publishDir), WEBHOOK: hook(new Map()) });
      expect(statuses).toEqual({ "p.file": "FAILED", "p.hook": "SUCCEEDED" });
      const failed = await gw.app.db.prisma.publishJob.findFirstOrThrow({ where: { platformId: "p.file", status: "FAILED" }, orderBy: { createdAt: "desc" } });
      expect(failed.error).toMatch(/^FILE delivery failed \((EEXIST|ENOTDIR)\)/);
      expect(failed.error).not.toContain(publishDir);
    } finally {
      rmSync(folder, { force: true });
    }
  });

  test("a manifest it cannot rename into place fails the job and leaves no temp file", async () => {
    const blocked = path.join(folder, manifestFileName(USERS[1]));
    mkdirSync(path.join(blocked, "inside"), { recursive: true });
    try {
      const { statuses } = await publishWith({ FILE: new FilePublisher(publishDir), WEBHOOK: hook(new Map()) });
      expect(statuses["p.file"]).toBe("FAILED");
      const failed = await gw.app.db.prisma.publishJob.findFirstOrThrow({ where: { platformId: "p.file", status: "FAILED" }, orderBy: { createdAt: "desc" } });
      expect(failed.error).toMatch(/^FILE delivery failed \((EISDIR|ENOTEMPTY|EEXIST)\)/);
      expect(readdirSync(folder).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    } finally {
      rmSync(blocked, { recursive: true, force: true });
    }
  });

  test("writes every user's manifest, and leaves a file with the same content untouched", async () => {
    const publisher = new FilePublisher(publishDir);
    await publishWith({ FILE: publisher, WEBHOOK: hook(new Map()) });
    // The worker's stop ended the writer thread.
    expect(Reflect.get(publisher, "writers")).toEqual([null]);
    const files = USERS.map((u) => path.join(folder, manifestFileName(u)));
    const first = files.map((f) => JSON.parse(readFileSync(f, "utf8")) as UserManifest);
    expect(first.map((m) => [m.userId, m.skills.map((s) => s.id)])).toEqual([[USERS[0], ["s.one", "s.two"]], [USERS[1], ["s.two"]], [USERS[2], ["s.two"]]]);
    const mtimes = files.map((f) => statSync(f).mtimeMs);
    await new Promise((r) => setTimeout(r, 20));
    await gw.ok(`mutation($i: GrantSkillInput!) { grantSkillToUser(input: $i) { grant { id } } }`, { i: { userId: USERS[2], skillId: "s.one", reason: "test" } });
    await publishWith({ FILE: new FilePublisher(publishDir), WEBHOOK: hook(new Map()) });
    // Only the user whose skills changed got a new file.
    expect(files.map((f, i) => statSync(f).mtimeMs === mtimes[i])).toEqual([true, true, false]);
    expect((JSON.parse(readFileSync(files[2], "utf8")) as UserManifest).skills.map((s) => s.id)).toEqual(["s.one", "s.two"]);
  });

  test("two folders are written by two threads at once; one folder's batches land in the order given", async () => {
    const publisher = new FilePublisher(publishDir, 2);
    const target = (t: string): PlatformTarget => ({ tenantId: "t-threads", id: t, delivery: "FILE", target: t, secret: null });
    const manifest = (userId: string, skill: string) => new ManifestText(userId, `{"userId":${JSON.stringify(userId)},"skills":`, [new SkillEntryText(skill)], `,"generatedAt":"x","jobId":"j"}`);
    try {
      // Many batches to one folder without waiting: the last one given is what stays.
      const batches = Array.from({ length: 20 }, (_, i) => publisher.deliver(target("a"), [manifest("user:x", `${i}`)]));
      await Promise.all([...batches, publisher.deliver(target("b"), [manifest("user:x", "99")])]);
      const writers = Reflect.get(publisher, "writers") as ({ threadId: number } | null)[];
      expect(writers.every((w) => w !== null)).toBe(true);
      expect(writers[0]!.threadId).not.toBe(writers[1]!.threadId);
      expect([...(Reflect.get(publisher, "threadOf") as Map<string, number>).values()]).toEqual([0, 1]);
      const read = (t: string) => JSON.parse(readFileSync(path.join(publishDir, "t-threads", t, manifestFileName("user:x")), "utf8")) as { skills: number[] };
      expect(read("a").skills).toEqual([19]);
      expect(read("b").skills).toEqual([99]);
    } finally {
      await publisher.close();
    }
    expect(Reflect.get(publisher, "writers")).toEqual([null, null]);
  });

  test("FILE_WRITER_THREADS sets the writer threads (default two); 0 is refused at start", async () => {
    const base = { JWT_SECRET: "x", DATA_DIR: publishDir };
    expect(loadConfig({ ...base, FILE_WRITER_THREADS: "2" }).worker.fileWriterThreads).toBe(2);
    expect(loadConfig(base).worker.fileWriterThreads).toBe(2);
    expect(loadConfig({ ...base, FILE_WRITER_THREADS: "1" }).worker.fileWriterThreads).toBe(1);
    expect(() => loadConfig({ ...base, FILE_WRITER_THREADS: "0" })).toThrow(/FILE_WRITER_THREADS="0" must be a whole number from 1 to 16/);
    // The worker hands it to its FILE publisher.
    const worker = new PublishWorker(gw.app, { ...gw.app.config.worker, fileWriterThreads: 3 });
    const publisher = Reflect.get(worker, "publishers").FILE as FilePublisher;
    expect(Reflect.get(publisher, "writers")).toEqual([null, null, null]);
    await worker.stop();
  });
});
