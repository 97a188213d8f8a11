// A failure is reported as what it is: a database error is never turned into
// NOT_FOUND, and the worker reports (never drops) a failure it survives.
// SQLite triggers stand in for a failing disk: they make one statement fail.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PublishWorker } from "../../src/jobs/worker.js";
import type { Publisher } from "../../src/jobs/publishers/publisher.js";
import { codeOf, createTestGateway, TENANT, type TestGateway } from "../helpers/harness.js";
import { waitFor } from "../helpers/wait.js";

const sqlite = process.env.TEST_DB !== "postgres";
let gw: TestGateway;
/** The operator's repository root; the tenant's folders live under <base>/<tenant>. */
const base = mkdtempSync(path.join(tmpdir(), "gw-fail-root-"));

beforeAll(async () => {
  gw = await createTestGateway({ REPOSITORY_ROOTS: base });
});
afterAll(async () => {
  await gw?.close();
  rmSync(base, { recursive: true, force: true });
});

describe.runIf(sqlite)("failures surface", () => {
  test("a database failure during a repository sync is INTERNAL_SERVER_ERROR, not NOT_FOUND", async () => {
    const folder = path.join(base, TENANT, "repo");
    mkdirSync(folder, { recursive: true });
    await gw.ok(`mutation($l: String!) { createRepository(input: { id: "git-repo", name: "Local", location: $l }) { id } }`, { l: folder });
    await gw.app.db.prisma.$executeRawUnsafe(
      `CREATE TRIGGER fail_repo_update BEFORE UPDATE ON "Repository" BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`,
    );
    try {
      const r = await gw.run(`mutation { syncRepository(id: "git-repo") { repository { id } } }`);
      expect(codeOf(r)).toBe("INTERNAL_SERVER_ERROR");
    } finally {
      await gw.app.db.prisma.$executeRawUnsafe(`DROP TRIGGER fail_repo_update`);
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test("the worker reports a failure to record a FAILED job instead of dropping it", async () => {
    await gw.ok(`mutation { upsertUsers(users: [{ id: "user:w@acme.test", email: "w@acme.test" }]) { users { id } } }`);
    await gw.ok(`mutation { upsertDistributionPlatform(input: { id: "broken", name: "Broken", delivery: "FILE", target: "broken" }) { id } }`);
    const [job] = (await gw.ok<{ republish: { id: string }[] }>(`mutation { republish(input: { scope: TENANT }) { id } }`)).republish;
    await gw.app.db.prisma.$executeRawUnsafe(
      `CREATE TRIGGER fail_job_failed BEFORE UPDATE ON "PublishJob" WHEN NEW."status" = 'FAILED' BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
    );
    const reported: string[] = [];
    const failing: Publisher = { deliver: async () => Promise.reject(new Error("platform down")) } as unknown as Publisher;
    const worker = new PublishWorker(
      gw.app,
      { ...gw.app.config.worker, maxAttempts: 1, pollMs: 20, backoffBaseMs: 1 },
      { FILE: failing, WEBHOOK: failing },
      (what) => reported.push(what),
    ).start();
    try {
      await waitFor(async () => (reported.some((r) => r.includes(job.id)) ? true : null), { timeoutMs: 10_000, what: "a report" });
      expect(reported.find((r) => r.includes(job.id))).toMatch(/FAILED/);
    } finally {
      await worker.stop();
      await gw.app.db.prisma.$executeRawUnsafe(`DROP TRIGGER fail_job_failed`);
    }
  });
});

describe("publish lag estimates count only the caller's tenant", () => {
  test("another tenant's backlog does not change this tenant's estimate", async () => {
    const estimate = async () => {
      await gw.app.db.prisma.publishJob.updateMany({ where: { tenantId: TENANT, status: "QUEUED" }, data: { status: "CANCELLED", queuedKey: null } });
      const r = await gw.ok<{ grantSkillToUser: { change: { publishLagEstimateSeconds: number } } }>(
        `mutation { grantSkillToUser(input: { userId: "user:lag@acme.test", skillId: "lag.skill", reason: "x" }, dryRun: true) { change { publishLagEstimateSeconds } } }`,
      );
      return r.grantSkillToUser.change.publishLagEstimateSeconds;
    };
    await gw.ok(`mutation { upsertDistributionPlatform(input: { id: "lag-files", name: "Lag", delivery: "FILE", target: "lag" }) { id } }`);
    await gw.ok(`mutation { createSkill(input: { id: "lag.skill", name: "Lag", instructions: "x" }) { skill { id } } }`);
    await gw.ok(`mutation { deploySkill(id: "lag.skill") { skill { id } } }`);
    await gw.ok(`mutation { upsertUsers(users: [{ id: "user:lag@acme.test", email: "lag@acme.test" }]) { users { id } } }`);
    const alone = await estimate();
    // 400 queued jobs in another tenant.
    await gw.app.db.prisma.publishJob.createMany({
      data: Array.from({ length: 400 }, (_, i) => ({
        tenantId: "other-busy",
        id: `busy_${i}`,
        platformId: "p",
        scope: "USER",
        scopeId: `u${i}`,
        status: "QUEUED",
        trigger: "test",
        causedAt: new Date(),
        queuedKey: `p|USER|u${i}`,
      })),
    });
    expect(await estimate()).toBe(alone);
  });
});
