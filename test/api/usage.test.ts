// Usage through the schema: reporting (validation, idempotency), recording of
// agents' skill reads, and the window queries checked against a brute-force
// count of the same seeded events. Runs on SQLite and on PostgreSQL.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { codeOf, createTestGateway, type As, type TestGateway } from "../helpers/harness.js";
import { assign, makeAgent, makeSkill } from "../helpers/agent-fixtures.js";
import { pruneUsage } from "../../src/jobs/usage-retention.js";
import { refreshLeaderboards } from "../../src/services/usage-leaderboard.js";

let gw: TestGateway;
const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY);
const SKILLS = ["acme.a", "acme.b", "acme.c"];
const USERS = ["u1", "u2", "u3", "u4", "u5"];
const AGENTS = ["bot1", "bot2"];

interface Ev { clientEventId: string; userId?: string; agentId?: string; skillId: string; occurredAt: string; latencyMs: number; inputTokens: number; outputTokens: number; costUsd: number }
const events: Ev[] = [];

const REPORT = `mutation($events: [UsageEventInput!]!) { reportUsage(events: $events) { accepted duplicates } }`;
const SKILL_USAGE = `query($id: ID!, $w: UsageWindowInput!) { skillUsage(skillId: $id, window: $w) {
  skill { id } invocations distinctUsers distinctAgents inputTokens outputTokens costUsd latencyP50Ms daily { date invocations } } }`;
const TOP_ACTORS = `query($kind: UsageActorKind!, $w: UsageWindowInput!, $first: Int, $order: UsageOrder) {
  topUsageActors(kind: $kind, window: $w, first: $first, orderBy: $order) { kind actorId user { id } agent { id } invocations inputTokens outputTokens costUsd } }`;

const at = (day: number, hour = 12) => new Date(day * DAY + hour * 3_600_000).toISOString();
const win = (fromDay: number, toDay: number) => ({ since: at(fromDay, 0), until: at(toDay, 23) });
const dayOf = (iso: string) => Math.floor(Date.parse(iso) / DAY);
const inWindow = (e: Ev, from: number, to: number) => dayOf(e.occurredAt) >= from && dayOf(e.occurredAt) <= to;

beforeAll(async () => {
  gw = await createTestGateway();
  for (const id of SKILLS) await makeSkill(gw, id);
  for (const id of AGENTS) await makeAgent(gw, id);
  await gw.ok(`mutation($users: [UpsertUserInput!]!) { upsertUsers(users: $users) { users { id } } }`, {
    users: USERS.map((id) => ({ id, email: `${id}@acme.test` })),
  });
  // A deterministic spread over the last 150 days: several months, partial edges.
  let n = 0;
  for (let d = today - 150; d <= today; d++) {
    for (let k = 0; k < 3; k++) {
      const pick = (d * 7 + k * 13) % 11;
      if (pick > 7) continue;
      const actor = pick < 5 ? { userId: USERS[(d + k) % USERS.length] } : { agentId: AGENTS[(d + k) % AGENTS.length] };
      events.push({
        clientEventId: `ev-${n++}`,
        ...actor,
        skillId: SKILLS[(d + 2 * k) % SKILLS.length],
        // Today's uses lie in the part of today already gone: a run at 00:30 UTC must not report the future.
        occurredAt: d < today ? at(d, 1 + k * 5) : new Date(today * DAY + Math.floor(((Date.now() - today * DAY) * (k + 1)) / 4)).toISOString(),
        latencyMs: 50 + ((d * 31 + k * 17) % 400),
        inputTokens: 100 + (d % 50),
        outputTokens: 10 + (k * 7),
        // Quarter dollars add up exactly in binary floating point: ties are real ties.
        costUsd: 0.25 * (1 + (d % 5)),
      });
    }
  }
  for (let i = 0; i < events.length; i += 200) {
    const r = await gw.ok(REPORT, { events: events.slice(i, i + 200) });
    expect(r.reportUsage.duplicates).toBe(0);
  }
});
afterAll(() => gw?.close());

describe("reportUsage", () => {
  test("is idempotent by clientEventId, across calls and within one", async () => {
    const again = await gw.ok(REPORT, { events: events.slice(0, 10) });
    expect(again.reportUsage).toEqual({ accepted: 0, duplicates: 10 });
    const fresh = { ...events[0], clientEventId: "dup-in-batch" };
    const twice = await gw.ok(REPORT, { events: [fresh, fresh] });
    expect(twice.reportUsage).toEqual({ accepted: 1, duplicates: 1 });
    events.push(fresh);
  });

  test("validates every event with its field", async () => {
    const base = { clientEventId: "x1", skillId: "acme.a", occurredAt: new Date().toISOString() };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...base }, "BAD_USER_INPUT", "events.0.userId"],
      [{ ...base, userId: "u1", agentId: "bot1" }, "BAD_USER_INPUT", "events.0.userId"],
      [{ ...base, userId: "u1", skillId: "nope" }, "NOT_FOUND", "events.0.skillId"],
      [{ ...base, userId: "ghost" }, "NOT_FOUND", "events.0.userId"],
      [{ ...base, agentId: "ghost" }, "NOT_FOUND", "events.0.agentId"],
      [{ ...base, userId: "u1", occurredAt: new Date(Date.now() + DAY).toISOString() }, "BAD_USER_INPUT", "events.0.occurredAt"],
      [{ ...base, userId: "u1", occurredAt: new Date(Date.now() - 500 * DAY).toISOString() }, "BAD_USER_INPUT", "events.0.occurredAt"],
      [{ ...base, userId: "u1", latencyMs: -1 }, "BAD_USER_INPUT", "events.0.latencyMs"],
      [{ ...base, userId: "u1", costUsd: Number.MAX_VALUE }, "BAD_USER_INPUT", "events.0.costUsd"],
      [{ ...base, userId: "u1", clientEventId: "" }, "BAD_USER_INPUT", "events.0.clientEventId"],
    ];
    for (const [event, code, field] of cases) {
      const r = await gw.run(REPORT, { events: [event] });
      expect([codeOf(r), r.errors?.[0].extensions?.field], JSON.stringify(event)).toEqual([code, field]);
    }
    const tooMany = await gw.run(REPORT, { events: Array.from({ length: 1001 }, (_, i) => ({ ...base, userId: "u1", clientEventId: `m${i}` })) });
    expect([codeOf(tooMany), tooMany.errors?.[0].extensions?.field]).toEqual(["BAD_USER_INPUT", "events"]);
    expect(tooMany.errors?.[0].message).toMatch(/at most 1000/);
    expect(await gw.app.db.prisma.usageEvent.count({ where: { clientEventId: { startsWith: "m" } } })).toBe(0);
  });

  test("a full batch of 1,000 events is accepted in one call (the contract's maximum)", async () => {
    const at = new Date(Date.now() - 60_000).toISOString();
    const full = Array.from({ length: 1000 }, (_, i) => ({ clientEventId: `full-${i}`, userId: i % 2 ? "u1" : "u2", skillId: "acme.a", occurredAt: at, inputTokens: 10 }));
    const r = await gw.ok(REPORT, { events: full });
    expect(r.reportUsage).toEqual({ accepted: 1000, duplicates: 0 });
    expect(await gw.app.db.prisma.usageEvent.count({ where: { clientEventId: { startsWith: "full-" } } })).toBe(1000);
    // The queries below are checked against the model of every event stored.
    for (const e of full) events.push({ ...e, latencyMs: NaN, outputTokens: 0, costUsd: 0 });
  });

  test("an agent reports its own uses only", async () => {
    const bot: As = { sub: "agent:bot1", scopes: ["skills:write"] };
    const mine = { clientEventId: "bot-own", agentId: "bot1", skillId: "acme.a", occurredAt: new Date().toISOString() };
    expect((await gw.ok(REPORT, { events: [mine] }, bot)).reportUsage.accepted).toBe(1);
    events.push({ ...mine, latencyMs: NaN, inputTokens: 0, outputTokens: 0, costUsd: 0 });
    const forUser = await gw.run(REPORT, { events: [{ ...mine, clientEventId: "bot-x", agentId: null, userId: "u1" }] }, bot);
    expect(codeOf(forUser)).toBe("FORBIDDEN");
    const forOther = await gw.run(REPORT, { events: [{ ...mine, clientEventId: "bot-y", agentId: "bot2" }] }, bot);
    expect(codeOf(forOther)).toBe("FORBIDDEN");
    expect(codeOf(await gw.run(SKILL_USAGE, { id: "acme.a", w: win(today - 1, today) }, { sub: "agent:bot1", scopes: ["admin"] }))).toBe("FORBIDDEN");
  });
});

describe("queries agree with a brute-force count of the events", () => {
  const windows: [number, number][] = [[today - 150, today], [today - 95, today - 20], [today - 40, today - 33], [today, today], [today - 366 + 1, today],
    // The standard windows, served by the leaderboard once refreshed.
    [today - 6, today], [today - 29, today], [today - 89, today], [today - 364, today]];

  test("skillUsage: invocations, distinct users and agents, tokens, cost, p50", async () => {
    for (const [from, to] of windows) {
      for (const skillId of SKILLS) {
        const mine = events.filter((e) => e.skillId === skillId && inWindow(e, from, to));
        const got = (await gw.ok(SKILL_USAGE, { id: skillId, w: win(from, to) })).skillUsage;
        expect(got.invocations).toBe(mine.length);
        expect(got.distinctUsers).toBe(new Set(mine.filter((e) => e.userId).map((e) => e.userId)).size);
        expect(got.distinctAgents).toBe(new Set(mine.filter((e) => e.agentId).map((e) => e.agentId)).size);
        expect(got.inputTokens).toBe(mine.reduce((s, e) => s + e.inputTokens, 0));
        expect(got.outputTokens).toBe(mine.reduce((s, e) => s + e.outputTokens, 0));
        expect(got.costUsd).toBeCloseTo(mine.reduce((s, e) => s + e.costUsd, 0), 6);
        expect(got.daily.reduce((s: number, d: { invocations: number }) => s + d.invocations, 0)).toBe(mine.length);
        const lat = mine.map((e) => e.latencyMs).filter((l) => Number.isFinite(l)).sort((a, b) => a - b);
        if (lat.length === 0) expect(got.latencyP50Ms).toBeNull();
        else {
          const median = lat[Math.ceil(lat.length / 2) - 1];
          expect(Math.abs(got.latencyP50Ms - median) / median).toBeLessThan(0.1);
        }
      }
    }
  });

  test("topUsageActors: whole months from the monthly rollup, edges from the daily one; the leaderboard agrees", async () => {
    const refreshed = await refreshLeaderboards(gw.app);
    expect(refreshed.tenants).toBe(1);
    const board = await gw.app.db.prisma.usageActorWindow.findMany({ where: { windowDays: 30, actorKind: "USER" } });
    const month = events.filter((e) => e.userId && inWindow(e, today - 29, today));
    expect(Object.fromEntries(board.map((b) => [b.actorId, b.invocations]))).toEqual(
      month.reduce<Record<string, number>>((m, e) => ({ ...m, [e.userId!]: (m[e.userId!] ?? 0) + 1 }), {}),
    );
    for (const [from, to] of windows) {
      for (const kind of ["USER", "AGENT"] as const) {
        const totals = new Map<string, { invocations: number; cost: number; tokens: number }>();
        for (const e of events.filter((x) => inWindow(x, from, to) && (kind === "USER" ? x.userId : x.agentId))) {
          const id = (e.userId ?? e.agentId)!;
          const t = totals.get(id) ?? { invocations: 0, cost: 0, tokens: 0 };
          t.invocations += 1;
          t.cost += e.costUsd;
          t.tokens += e.inputTokens + e.outputTokens;
          totals.set(id, t);
        }
        const expected = [...totals].sort((a, b) => b[1].invocations - a[1].invocations || (a[0] < b[0] ? -1 : 1)).slice(0, 3);
        const got = (await gw.ok(TOP_ACTORS, { kind, w: win(from, to), first: 3 })).topUsageActors;
        expect(got.map((r: { actorId: string; invocations: number }) => [r.actorId, r.invocations])).toEqual(expected.map(([id, t]) => [id, t.invocations]));
        for (const r of got) {
          expect(r.kind).toBe(kind);
          expect(kind === "USER" ? r.user?.id : r.agent?.id).toBe(r.actorId);
          expect(r.inputTokens + r.outputTokens).toBe(totals.get(r.actorId)!.tokens);
        }
        const byCost = (await gw.ok(TOP_ACTORS, { kind, w: win(from, to), first: 1, order: "COST_USD" })).topUsageActors;
        const richest = [...totals].sort((a, b) => b[1].cost - a[1].cost || (a[0] < b[0] ? -1 : 1))[0];
        expect(byCost.map((r: { actorId: string }) => r.actorId)).toEqual(richest ? [richest[0]] : []);
      }
    }
  });

  test("topSkills by invocations and by tokens", async () => {
    const [from, to] = [today - 60, today];
    const count = (id: string) => events.filter((e) => e.skillId === id && inWindow(e, from, to)).length;
    const got = (await gw.ok(`query($w: UsageWindowInput!) { topSkills(window: $w) { skill { id } invocations } }`, { w: win(from, to) })).topSkills;
    expect(got.map((r: { skill: { id: string }; invocations: number }) => [r.skill.id, r.invocations])).toEqual(
      [...SKILLS].sort((a, b) => count(b) - count(a) || (a < b ? -1 : 1)).map((id) => [id, count(id)]),
    );
    const tokens = (await gw.ok(`query($w: UsageWindowInput!) { topSkills(window: $w, first: 1, orderBy: TOKENS) { skill { id } } }`, { w: win(from, to) })).topSkills;
    expect(tokens).toHaveLength(1);
  });

  test("windows are bounded and checked", async () => {
    expect(codeOf(await gw.run(SKILL_USAGE, { id: "acme.a", w: win(today - 400, today) }))).toBe("BAD_USER_INPUT");
    expect(codeOf(await gw.run(SKILL_USAGE, { id: "acme.a", w: win(today, today - 3) }))).toBe("BAD_USER_INPUT");
    expect(codeOf(await gw.run(SKILL_USAGE, { id: "nope", w: win(today - 3, today) }))).toBe("NOT_FOUND");
    expect(codeOf(await gw.run(SKILL_USAGE, { id: "acme.a", w: win(today - 3, today) }, { tenant: "globex" }))).toBe("NOT_FOUND");
    expect(codeOf(await gw.run(TOP_ACTORS, { kind: "USER", w: win(today - 3, today), first: 1000 }))).toBe("BAD_USER_INPUT");
    // Another tenant sees none of this tenant's usage.
    await makeSkill(gw, "acme.a").catch(() => undefined);
    expect((await gw.ok(`query($w: UsageWindowInput!) { topSkills(window: $w) { invocations } }`, { w: win(today - 30, today) }, { tenant: "globex" })).topSkills).toEqual([]);
  });
});

describe("recorded uses and unused entitlements", () => {
  test("an agent's skillContent read records a use with the version and reference; a person's does not", async () => {
    await makeSkill(gw, "acme.read");
    await assign(gw, "bot2", "acme.read");
    const bot: As = { sub: "agent:bot2", scopes: ["skills:read"] };
    await gw.ok(`{ skillContent(skillId: "acme.read") { version } }`, {}, bot);
    await gw.ok(`{ skillContent(skillId: "acme.read", agentId: "bot2") { version } }`);
    const rows = await gw.app.db.prisma.usageEvent.findMany({ where: { skillId: "acme.read" } });
    expect(rows.map((r) => [r.actorKind, r.actorId, r.skillVersion, r.origin])).toEqual([["AGENT", "bot2", "1.0.0", "GATEWAY"]]);
    const usage = (await gw.ok(SKILL_USAGE, { id: "acme.read", w: win(today, today) })).skillUsage;
    expect(usage).toMatchObject({ invocations: 1, distinctAgents: 1, distinctUsers: 0, latencyP50Ms: null });
  });

  test("lists skills offered to many and used by few, with both counts", async () => {
    await makeSkill(gw, "acme.idle");
    await gw.ok(`mutation { createArchetype(input: { id: "eng", name: "Eng" }) { id } }`);
    for (const u of USERS) await gw.ok(`mutation($u: ID!) { setUserArchetype(userId: $u, archetypeId: "eng") { user { id } } }`, { u });
    await gw.ok(`mutation { updateArchetypeSkills(archetypeId: "eng", addSkills: ["acme.idle", "acme.a"]) { change { affectedUsers } } }`);
    await assign(gw, "bot1", "acme.idle");
    await assign(gw, "bot1", "acme.a");
    await assign(gw, "bot2", "acme.a");
    const q = `query($days: Int, $share: Float) { unusedEntitlements(days: $days, maxActiveShare: $share) { skill { id } entitledUsers activeUsers assignedAgents activeAgents invocations } }`;
    const got = (await gw.ok(q, { days: 30, share: 0.1 })).unusedEntitlements;
    expect(got.find((r: { skill: { id: string } }) => r.skill.id === "acme.idle")).toEqual({
      skill: { id: "acme.idle" }, entitledUsers: 5, activeUsers: 0, assignedAgents: 1, activeAgents: 0, invocations: 0,
    });
    // acme.a is used by most of those it is offered to: not a prune candidate at 10%, listed at 100%.
    expect(got.map((r: { skill: { id: string } }) => r.skill.id)).not.toContain("acme.a");
    const all = (await gw.ok(q, { days: 30, share: 1 })).unusedEntitlements;
    const a = all.find((r: { skill: { id: string } }) => r.skill.id === "acme.a");
    const since = today - 29;
    const recent = events.filter((e) => e.skillId === "acme.a" && dayOf(e.occurredAt) >= since);
    expect(a).toEqual({
      skill: { id: "acme.a" }, entitledUsers: 5,
      activeUsers: new Set(recent.filter((e) => e.userId).map((e) => e.userId)).size,
      assignedAgents: 2,
      activeAgents: new Set(recent.filter((e) => e.agentId).map((e) => e.agentId)).size,
      invocations: recent.length,
    });
    expect(all[0].skill.id).toBe("acme.idle");
    expect(codeOf(await gw.run(q, { days: 0, share: 0.1 }))).toBe("BAD_USER_INPUT");
  });

  test("retention prunes events and rollups older than the window", async () => {
    const before = await gw.app.db.prisma.usageEvent.count();
    const pruned = await pruneUsage({ ...gw.app, config: { ...gw.app.config, usageRetentionDays: 100 } });
    const cutoff = today - 100;
    expect(pruned).toBe(events.filter((e) => dayOf(e.occurredAt) < cutoff).length);
    expect(await gw.app.db.prisma.usageEvent.count()).toBe(before - pruned);
    expect(await gw.app.db.prisma.usageSkillDay.count({ where: { day: { lt: cutoff } } })).toBe(0);
    expect(await gw.app.db.prisma.usageActorDay.count({ where: { day: { lt: cutoff } } })).toBe(0);
  });
});
