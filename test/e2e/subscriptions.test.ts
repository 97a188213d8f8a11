// Live subscriptions over graphql-ws against a real gateway: governance events
// as they commit (with kinds and resumable with `after`, also while another
// client writes), entitlement changes per user, archetype or group, and the
// errors a subscription can answer.
import type { Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { collect, startGateway, stringClient, token, waitFor, wsClient, type Collector, type E2EGateway, type StringClient } from "./helpers.js";

interface Event {
  id: string;
  kind: string;
  actor: string;
  subjects: string[];
  payload: Record<string, unknown>;
  occurredAt: string;
}
type EventMsg = { governanceEvents: Event };

const EVENT_FIELDS = `id kind actor subjects payload occurredAt`;
const EVENTS_SUB = `subscription($kinds: [String!], $after: ID) { governanceEvents(kinds: $kinds, after: $after) { ${EVENT_FIELDS} } }`;
const CREATE_SKILL = `mutation($id: ID!, $name: String!) { createSkill(input: { id: $id, name: $name, instructions: "# Do" }) { skill { id } } }`;

let gw: E2EGateway;
const clients: Client[] = [];

beforeAll(async () => {
  gw = await startGateway();
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await gw?.close();
});

async function connect(tenant: string, scopes?: string[]): Promise<Client> {
  const c = wsClient(gw.wsUrl, await token({ tenant, scopes, sub: `user:watcher@${tenant}.test` }));
  clients.push(c);
  return c;
}

/** Every governance event of the caller's tenant, oldest first, read page by page. */
async function allEvents(api: StringClient): Promise<Event[]> {
  const out: Event[] = [];
  let after: string | null = null;
  for (let page = 0; page < 100; page++) {
    const r: any = await api.ok(
      `query($after: String) { governanceEvents(first: 100, after: $after) { nodes { ${EVENT_FIELDS} } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    out.push(...r.governanceEvents.nodes);
    if (!r.governanceEvents.pageInfo.hasNextPage) return out;
    after = r.governanceEvents.pageInfo.endCursor;
  }
  throw new Error("more than 100 pages of events");
}

async function lastEventId(api: StringClient): Promise<number> {
  const r = await api.ok(`{ governanceEvents(last: 1) { nodes { id } } }`);
  return Number(r.governanceEvents.nodes[0]?.id ?? 0);
}

/**
 * A subscription from "now" listens once the server has read the log's head.
 * Writes probe events until every given subscription has received one; returns
 * the id of the last event written before the test's own.
 */
async function goLive(api: StringClient, subs: Collector<unknown>[], tag: string): Promise<number> {
  const counts = subs.map((s) => s.items.length);
  for (let i = 0; i < 40; i++) {
    await api.ok(CREATE_SKILL, { id: `probe.${tag}-${i}`, name: `probe ${tag} ${i}` });
    try {
      await Promise.all(subs.map((s, j) => s.until((items) => items.length > counts[j], { timeoutMs: 250, what: "a probe event" })));
      return lastEventId(api);
    } catch {
      // Not listening yet: probe again.
    }
  }
  throw new Error("subscriptions never went live");
}

const ids = (items: EventMsg[], after: number) => items.map((m) => Number(m.governanceEvents.id)).filter((id) => id > after);

describe("governanceEvents", { timeout: 60_000 }, () => {
  const TENANT = "events-co";
  let api: StringClient;

  beforeAll(async () => {
    api = stringClient(gw.url, await token({ tenant: TENANT, sub: "user:writer@events-co.test" }));
  });

  test("live: events caused after subscribing arrive in commit order, as the log records them; kinds filters", async () => {
    const ws = await connect(TENANT);
    const everything = collect<EventMsg>(ws, EVENTS_SUB);
    const some = collect<EventMsg>(ws, EVENTS_SUB, { kinds: ["skill.created", "skill.lifecycle_changed"] });
    const since = await goLive(api, [everything, some], "live");

    await api.ok(CREATE_SKILL, { id: "live.a", name: "Live A" });
    await api.ok(`mutation { deploySkill(id: "live.a") { skill { id } } }`);
    await api.ok(`mutation { setSkillLifecycle(id: "live.a", lifecycle: DEPRECATED) { skill { id } } }`);
    await api.ok(`mutation { updateSkill(input: { id: "live.a", description: "now described" }) { skill { id } } }`);
    await api.ok(CREATE_SKILL, { id: "live.b", name: "Live B" });

    const expected = (await allEvents(api)).filter((e) => Number(e.id) > since);
    expect(expected.map((e) => e.kind)).toEqual(["skill.created", "skill.deployed", "skill.lifecycle_changed", "skill.updated", "skill.created"]);
    const lastId = Number(expected[expected.length - 1].id);
    await everything.until((items) => ids(items, since).includes(lastId), { what: "every event" });
    const got = everything.items.map((m) => m.governanceEvents).filter((e) => Number(e.id) > since);
    expect(got).toEqual(expected);
    expect(got[0]).toMatchObject({ actor: "user:writer@events-co.test", subjects: ["skill:live.a"] });

    const wanted = expected.filter((e) => e.kind === "skill.created" || e.kind === "skill.lifecycle_changed");
    await some.until((items) => ids(items, since).includes(Number(wanted[wanted.length - 1].id)), { what: "the filtered events" });
    expect(some.items.map((m) => m.governanceEvents).filter((e) => Number(e.id) > since)).toEqual(wanted);
    expect(some.items.every((m) => ["skill.created", "skill.lifecycle_changed"].includes(m.governanceEvents.kind))).toBe(true);
    expect([...everything.errors, ...some.errors]).toEqual([]);
  });

  test("another tenant's events never arrive", async () => {
    const ws = await connect("quiet-co");
    const quiet = collect<EventMsg>(ws, EVENTS_SUB, { after: "0" });
    await api.ok(CREATE_SKILL, { id: "noisy.x", name: "Noisy" });
    const quietApi = stringClient(gw.url, await token({ tenant: "quiet-co" }));
    await quietApi.ok(CREATE_SKILL, { id: "quiet.marker", name: "Marker" });
    await quiet.until((items) => items.length >= 1);
    expect(quiet.items.map((m) => m.governanceEvents.subjects)).toEqual([["skill:quiet.marker"]]);
  });
});

describe("governanceEvents(after): resume while another client writes", { timeout: 60_000 }, () => {
  const TENANT = "resume-co";
  const BURST = 50;

  test("every event with id > after arrives exactly once, in increasing order, with no gap", async () => {
    const api = stringClient(gw.url, await token({ tenant: TENANT, sub: "user:burst@resume-co.test" }));
    for (let i = 0; i < 10; i++) await api.ok(CREATE_SKILL, { id: `pre.${i}`, name: `Pre ${i}` });
    const before = await allEvents(api);
    expect(before).toHaveLength(10);
    const after1 = Number(before[4].id);

    let done = 0;
    let next = 0;
    let failed: unknown;
    const writer = Promise.all(
      Array.from({ length: 3 }, async () => {
        while (next < BURST && !failed) {
          const i = next++;
          await api.ok(CREATE_SKILL, { id: `burst.${i}`, name: `Burst ${i}` });
          done++;
        }
      }),
    ).catch((e: unknown) => {
      failed = e;
    });
    const progress = (n: number) => () => {
      if (failed) throw failed;
      return done >= n;
    };
    const subs: { after: number; c: Collector<EventMsg>; writesBefore: number }[] = [];
    const resume = async (after: number) =>
      subs.push({ after, c: collect<EventMsg>(await connect(TENANT), EVENTS_SUB, { after: String(after) }), writesBefore: done });

    await waitFor(progress(5), { what: "the burst to start" });
    await resume(after1);
    await waitFor(progress(20), { what: "the burst to go on" });
    await resume(0);
    await resume(await lastEventId(api));
    await waitFor(progress(35), { what: "the burst to go on" });
    await resume((await lastEventId(api)) - 7);
    await writer;
    expect(failed).toBeUndefined();
    // Each subscriber started while the other client was still writing.
    expect(subs.map((s) => s.writesBefore < BURST)).toEqual([true, true, true, true]);

    const log = await allEvents(api);
    expect(log).toHaveLength(10 + BURST);
    const logIds = log.map((e) => Number(e.id));
    // The log itself has no gap: ids are consecutive.
    expect(logIds).toEqual(Array.from({ length: logIds.length }, (_, i) => logIds[0] + i));
    const maxId = logIds[logIds.length - 1];

    for (const { after, c } of subs) {
      await c.until((items) => items.some((m) => Number(m.governanceEvents.id) === maxId), { what: `events after ${after}` });
      const got = c.items.map((m) => m.governanceEvents);
      expect(got.map((e) => Number(e.id)), `after ${after}`).toEqual(logIds.filter((id) => id > after));
      expect(got, `after ${after}`).toEqual(log.filter((e) => Number(e.id) > after));
      expect(c.errors).toEqual([]);
    }
    // Nothing more trickles in afterwards (no late duplicate).
    await api.ok(CREATE_SKILL, { id: "tail.marker", name: "Tail" });
    for (const { c } of subs) {
      await c.until((items) => items[items.length - 1].governanceEvents.subjects.includes("skill:tail.marker"));
      const seen = c.items.map((m) => Number(m.governanceEvents.id));
      expect(new Set(seen).size).toBe(seen.length);
    }
  });
});

describe("entitlementChanged", { timeout: 30_000 }, () => {
  const TENANT = "ent-co";
  const U1 = "user:u1@ent.test";
  const U2 = "user:u2@ent.test";
  const U3 = "user:u3@ent.test";
  const SUB = `subscription($userId: ID, $archetypeId: ID, $groupId: ID) {
    entitlementChanged(userId: $userId, archetypeId: $archetypeId, groupId: $groupId) { user { id } added { id } removed { id } event { id kind } }
  }`;
  type Change = { entitlementChanged: { user: { id: string }; added: { id: string }[]; removed: { id: string }[]; event: { id: string; kind: string } } };
  let api: StringClient;

  beforeAll(async () => {
    api = stringClient(gw.url, await token({ tenant: TENANT }));
    for (const id of ["e.one", "e.two", "e.three"]) {
      await api.ok(CREATE_SKILL, { id, name: id });
      await api.ok(`mutation($id: ID!) { deploySkill(id: $id) { skill { id } } }`, { id });
    }
    await api.ok(`mutation { createArchetype(input: { id: "eng", name: "Engineer", skillIds: ["e.one"] }) { id } }`);
    await api.ok(`mutation { createArchetype(input: { id: "sales", name: "Sales" }) { id } }`);
    await api.ok(`mutation($users: [UpsertUserInput!]!) { upsertUsers(users: $users) { users { id } } }`, {
      users: [
        { id: U1, email: "u1@ent.test", archetypeId: "eng" },
        { id: U2, email: "u2@ent.test", archetypeId: "eng" },
        { id: U3, email: "u3@ent.test", archetypeId: "sales" },
      ],
    });
    await api.ok(`mutation { createGroup(input: { id: "pilot", name: "Pilot" }) { id } }`);
    await api.ok(`mutation($u: [ID!]!) { addGroupMembers(groupId: "pilot", userIds: $u) { group { id } } }`, { u: [U2] });
  });

  test("each subscriber gets one message per affected user it asked for: user, added, removed and the causing event", async () => {
    const ws = await connect(TENANT);
    const forU1 = collect<Change>(ws, SUB, { userId: U1 });
    const forSales = collect<Change>(ws, SUB, { archetypeId: "sales" });
    const forPilot = collect<Change>(ws, SUB, { groupId: "pilot" });
    const probe = collect<EventMsg>(ws, EVENTS_SUB);
    await goLive(api, [probe], "ent");

    const UPDATE = `mutation($a: ID!, $add: [ID!], $remove: [ID!]) {
      updateArchetypeSkills(archetypeId: $a, addSkills: $add, removeSkills: $remove) { change { affectedUsers event { id kind } } }
    }`;
    const c1 = (await api.ok(UPDATE, { a: "eng", add: ["e.two"] })).updateArchetypeSkills.change;
    expect(c1.affectedUsers).toBe(2);
    const c2 = (await api.ok(UPDATE, { a: "sales", add: ["e.two"] })).updateArchetypeSkills.change;
    const c3 = (await api.ok(UPDATE, { a: "eng", remove: ["e.two"] })).updateArchetypeSkills.change;
    const grant = await api.ok(
      `mutation($u: ID!) { grantSkillToUser(input: { userId: $u, skillId: "e.three", reason: "e2e" }) { change { event { id kind } } } }`,
      { u: U1 },
    );
    const c4 = grant.grantSkillToUser.change;

    await forU1.until((items) => items.length >= 3, { what: "u1's changes" });
    await forSales.until((items) => items.length >= 1, { what: "sales' change" });
    await forPilot.until((items) => items.length >= 2, { what: "pilot's changes" });
    // A last change that concerns none of them, to let any stray message arrive.
    await api.ok(UPDATE, { a: "sales", remove: ["e.two"] });
    await forSales.until((items) => items.length >= 2);

    const event = (c: { event: { id: string } }) => ({ id: c.event.id, kind: "skill.entitlement_changed" });
    expect(forU1.items.map((m) => m.entitlementChanged)).toEqual([
      { user: { id: U1 }, added: [{ id: "e.two" }], removed: [], event: event(c1) },
      { user: { id: U1 }, added: [], removed: [{ id: "e.two" }], event: event(c3) },
      { user: { id: U1 }, added: [{ id: "e.three" }], removed: [], event: event(c4) },
    ]);
    expect(forSales.items.map((m) => m.entitlementChanged)).toEqual([
      { user: { id: U3 }, added: [{ id: "e.two" }], removed: [], event: event(c2) },
      expect.objectContaining({ user: { id: U3 }, added: [], removed: [{ id: "e.two" }] }),
    ]);
    expect(forPilot.items.map((m) => m.entitlementChanged)).toEqual([
      { user: { id: U2 }, added: [{ id: "e.two" }], removed: [], event: event(c1) },
      { user: { id: U2 }, added: [], removed: [{ id: "e.two" }], event: event(c3) },
    ]);
    expect([...forU1.errors, ...forSales.errors, ...forPilot.errors]).toEqual([]);
  });
});

describe("subscription errors", { timeout: 30_000 }, () => {
  test("without the skills:read scope every subscription is FORBIDDEN", async () => {
    const ws = await connect("err-co", ["skills:write"]);
    const cases = [
      collect(ws, EVENTS_SUB),
      collect(ws, `subscription { publishJobUpdated { id } }`),
      collect(ws, `subscription { entitlementChanged { user { id } } }`),
    ];
    for (const c of cases) {
      const errors = await c.failure();
      expect(errors[0].extensions).toMatchObject({ code: "FORBIDDEN", status: 403 });
      expect(c.items).toEqual([]);
    }
  });

  test("a bad `after` is BAD_USER_INPUT on after", async () => {
    const ws = await connect("err-co");
    for (const after of ["abc", "-1", "1.5", ""]) {
      const errors = await collect(ws, EVENTS_SUB, { after }).failure();
      expect(errors[0].extensions, after).toMatchObject({ code: "BAD_USER_INPUT", status: 400, field: "after" });
    }
  });
});
