import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestGateway, type TestGateway } from "../helpers/harness.js";
import { eventsOf, makeSkill } from "../helpers/agent-fixtures.js";
import { loadWorld } from "../../src/services/entitlement-data.js";
import { resolveEntitlements } from "../../src/entitlements/resolve.js";
import { startGrantSweeper, sweepExpiredGrants } from "../../src/jobs/grant-sweeper.js";
import type { BusMessage } from "../../src/events/bus.js";

let gw: TestGateway;
const T = "acme";

beforeAll(async () => {
  gw = await createTestGateway();
  await makeSkill(gw, "s.a");
  await makeSkill(gw, "s.b");
  await makeSkill(gw, "s.c");
  await gw.ok(`{ viewer { tenantId } }`, {}, { tenant: "other" });
  const db = gw.app.db.prisma;
  await db.archetype.create({ data: { tenantId: T, id: "eng", name: "Engineer" } });
  await db.archetypeSkill.create({ data: { tenantId: T, archetypeId: "eng", skillId: "s.b", origin: "MANUAL" } });
  await db.user.createMany({
    data: [
      { tenantId: T, id: "u1", email: "u1@acme.test", searchText: "" },
      { tenantId: T, id: "u2", email: "u2@acme.test", searchText: "", archetypeId: "eng" },
      { tenantId: "other", id: "u1", email: "u1@other.test", searchText: "" },
    ],
  });
  await db.distributionPlatform.create({ data: { tenantId: T, id: "claude", name: "Claude", delivery: "FILE", target: "claude" } });
});
afterAll(() => gw?.close());

async function effective(tenantId: string, userId: string): Promise<string[]> {
  const world = await loadWorld(gw.app.db.prisma, tenantId, { kind: "users", ids: [userId] }, null);
  return resolveEntitlements(world.users.get(userId)!, world.skills, world.now).effective.map((e) => e.skillId);
}

const grant = (tenantId: string, id: string, userId: string, skillId: string, expiresAt: Date | null, revokedAt: Date | null = null) =>
  gw.app.db.prisma.userGrant.create({ data: { tenantId, id, userId, skillId, reason: "test", expiresAt, revokedAt, revokeReason: revokedAt ? "MANUAL" : null } });
const row = (tenantId: string, id: string) => gw.app.db.prisma.userGrant.findUniqueOrThrow({ where: { tenantId_id: { tenantId, id } } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("grant expiry", () => {
  test("an expired grant stops granting at expiresAt, before any sweep", async () => {
    const soon = new Date(Date.now() + 1000);
    await grant(T, "grant_u1_a", "u1", "s.a", soon);
    await grant(T, "grant_u2_b", "u2", "s.b", soon); // u2 also has s.b through the archetype
    await grant(T, "grant_u1_c_later", "u1", "s.c", new Date(Date.now() + 3_600_000));
    await grant(T, "grant_u1_c_revoked", "u1", "s.c", new Date(Date.now() - 60_000), new Date(Date.now() - 120_000));
    await grant("other", "grant_other", "u1", "s.x", soon);
    const EXPIRING = `{ expiringGrants(withinHours: 1) { id active } }`;
    expect(await effective(T, "u1")).toEqual(["s.a", "s.c"]);
    expect((await gw.ok(EXPIRING)).expiringGrants).toContainEqual({ id: "grant_u1_a", active: true });
    await sleep(1100);
    expect(await effective(T, "u1")).toEqual(["s.c"]);
    expect((await gw.ok(EXPIRING)).expiringGrants).not.toContainEqual(expect.objectContaining({ id: "grant_u1_a" }));
    expect(await effective(T, "u2")).toEqual(["s.b"]);
    expect((await row(T, "grant_u1_a")).revokedAt).toBeNull();
  });

  test("the sweep revokes them as EXPIRED, records the events and queues publishes", async () => {
    const messages: BusMessage[] = [];
    const unsubscribe = gw.app.events.subscribe((m) => messages.push(m));
    const result = await sweepExpiredGrants(gw.app);
    unsubscribe();
    expect(result).toEqual({ expired: 3 });

    const a = await row(T, "grant_u1_a");
    expect(a.revokeReason).toBe("EXPIRED");
    expect(a.revokedAt!.getTime()).toBe(a.expiresAt!.getTime());
    expect((await row(T, "grant_u2_b")).revokeReason).toBe("EXPIRED");
    expect((await row("other", "grant_other")).revokeReason).toBe("EXPIRED");
    expect(await row(T, "grant_u1_c_later")).toMatchObject({ revokedAt: null, revokeReason: null });
    expect((await row(T, "grant_u1_c_revoked")).revokeReason).toBe("MANUAL");

    const expired = (await eventsOf(gw, "skill.grant_expired")).filter((e) => e.tenantId === T);
    expect(expired.map((e) => [e.actor, e.subjects, (e.payload as { grantId: string }).grantId])).toEqual([
      ["system", ["user:u1", "skill:s.a"], "grant_u1_a"],
      ["system", ["user:u2", "skill:s.b"], "grant_u2_b"],
    ]);
    const [changed] = (await eventsOf(gw, "skill.entitlement_changed")).filter((e) => e.tenantId === T);
    // Only u1 lost a skill: u2 keeps s.b through the archetype.
    expect(changed).toMatchObject({
      actor: "system",
      payload: { added: [], removed: ["s.a"], affectedUsers: 1, changes: [{ added: [], removed: ["s.a"], users: ["u1"] }] },
    });
    const jobs = await gw.app.db.prisma.publishJob.findMany({ where: { tenantId: T }, orderBy: { scopeId: "asc" } });
    expect(jobs.map((j) => [j.scope, j.scopeId, j.trigger, j.status, j.eventSeq])).toEqual([
      ["USER", "u1", "grant_expiry", "QUEUED", changed.seq],
      ["USER", "u2", "grant_expiry", "QUEUED", changed.seq],
    ]);
    expect(messages).toContainEqual({ type: "events", tenantId: T, seq: changed.seq });
    expect(messages.some((m) => m.type === "events" && m.tenantId === "other")).toBe(true);
    expect(messages).toContainEqual({ type: "jobs-queued" });
  });

  test("a second sweep finds nothing", async () => {
    const events = await gw.app.db.prisma.governanceEvent.count();
    expect(await sweepExpiredGrants(gw.app)).toEqual({ expired: 0 });
    expect(await gw.app.db.prisma.governanceEvent.count()).toBe(events);
  });

  test("sweeps in batches across tenants", async () => {
    const past = new Date(Date.now() - 1000);
    const data = Array.from({ length: 520 }, (_, i) => ({
      tenantId: i % 2 ? T : "other",
      id: `grant_bulk_${String(i).padStart(4, "0")}`,
      userId: "u1",
      skillId: `s.bulk${i}`,
      reason: "bulk",
      expiresAt: past,
    }));
    await gw.app.db.prisma.userGrant.createMany({ data });
    expect(await sweepExpiredGrants(gw.app)).toEqual({ expired: 520 });
    expect(await gw.app.db.prisma.userGrant.count({ where: { revokedAt: null, expiresAt: { lte: new Date() } } })).toBe(0);
  });

  test("startGrantSweeper sweeps at once and then periodically until stopped", async () => {
    await grant(T, "grant_tick", "u1", "s.a", new Date(Date.now() + 150));
    const stop = startGrantSweeper(gw.app, 100);
    try {
      for (let i = 0; i < 50 && (await row(T, "grant_tick")).revokedAt === null; i++) await sleep(50);
      expect((await row(T, "grant_tick")).revokeReason).toBe("EXPIRED");
    } finally {
      stop();
    }
    await sleep(150);
  });
});
