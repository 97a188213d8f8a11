// entitlementChanged filters by archetype or group from one batched read per
// event shared by every subscriber: the cost of a change does not grow with the
// number of dashboards watching it.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createContext } from "../../src/api/context.js";
import { SCOPES } from "../../src/core/principal.js";
import { statementCounter } from "../../src/db/client.js";
import { entitlementChanges } from "../../src/services/subscriptions.service.js";
import { createTestGateway, TENANT, type TestGateway } from "../helpers/harness.js";

let gw: TestGateway;
const principal = { subject: "user:watcher@acme.test", tenantId: TENANT, scopes: [...SCOPES], agentId: null };

beforeAll(async () => {
  gw = await createTestGateway();
  for (const id of ["filt.a", "filt.b", "filt.c"]) {
    await gw.ok(`mutation($id: ID!, $name: String!) { createSkill(input: { id: $id, name: $name, instructions: "x" }) { skill { id } } }`, { id, name: id });
    await gw.ok(`mutation($id: ID!) { deploySkill(id: $id) { skill { id } } }`, { id });
  }
  await gw.ok(`mutation { createArchetype(input: { id: "eng", name: "Eng" }) { id } }`);
  await gw.ok(`mutation { createArchetype(input: { id: "ops", name: "Ops" }) { id } }`);
  await gw.ok(`mutation { createGroup(input: { id: "pilot", name: "Pilot" }) { id } }`);
  const users = Array.from({ length: 6 }, (_, i) => ({ id: `user:f${i}@acme.test`, email: `f${i}@acme.test`, archetypeId: i % 2 ? "ops" : "eng" }));
  await gw.ok(`mutation($u: [UpsertUserInput!]!) { upsertUsers(users: $u) { users { id } } }`, { u: users });
  await gw.ok(`mutation { addGroupMembers(groupId: "pilot", userIds: ["user:f0@acme.test", "user:f1@acme.test"]) { group { id } } }`);
});
afterAll(() => gw?.close());

/** Subscribes n watchers, makes one change, and counts the statements the watchers' reads took. */
async function watch(n: number, filter: { archetypeId?: string; groupId?: string }, change: string) {
  const store = { statements: 0 };
  const its = Array.from({ length: n }, () => entitlementChanges(createContext(gw.app, principal), filter));
  const firsts = statementCounter.run(store, () => its.map((it) => it.next()));
  await new Promise((r) => setTimeout(r, 300));
  const before = store.statements;
  await gw.ok(change);
  const got = await Promise.all(firsts);
  for (const it of its) await it.return?.();
  return { statements: store.statements - before, users: got.map((r) => r.value.userId as string) };
}

describe("entitlementChanged filters", () => {
  test("20 watchers of an archetype cost what one does, and each sees only that archetype's users", async () => {
    const one = await watch(1, { archetypeId: "eng" }, `mutation { updateArchetypeSkills(archetypeId: "eng", addSkills: ["filt.a"]) { archetype { id } } }`);
    const twenty = await watch(20, { archetypeId: "eng" }, `mutation { updateArchetypeSkills(archetypeId: "eng", addSkills: ["filt.b"]) { archetype { id } } }`);
    expect(one.users).toEqual(["user:f0@acme.test"]);
    expect(twenty.users).toEqual(Array(20).fill("user:f0@acme.test"));
    expect(twenty.statements).toBe(one.statements);
  });

  test("a group filter keeps only the group's members", async () => {
    const r = await watch(5, { groupId: "pilot" }, `mutation { addGroupAugment(groupId: "pilot", skillIds: ["filt.c"]) { group { id } } }`);
    expect(r.users).toEqual(Array(5).fill("user:f0@acme.test"));
  });
});
