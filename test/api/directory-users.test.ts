import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TENANT, codeOf, createTestGateway, type TestGateway } from "../helpers/harness.js";

let gw: TestGateway;
beforeAll(async () => {
  gw = await createTestGateway();
  for (const id of ["acme.alpha", "acme.beta", "acme.gamma"]) await skill(id);
  await gw.ok(`mutation { createArchetype(input: { id: "engineer", name: "Engineer", skillIds: ["acme.alpha"] }) { id } }`);
  await gw.ok(`mutation { createArchetype(input: { id: "designer", name: "Designer", skillIds: ["acme.gamma"] }) { id } }`);
  for (const id of ["g-one", "g-two"]) await gw.ok(`mutation($input: CreateGroupInput!) { createGroup(input: $input) { id } }`, { input: { id, name: id } });
  await gw.ok(`mutation { createRole(input: { id: "reviewer", name: "Reviewer" }) { id } }`);
  await gw.ok(`mutation { setRoleSkills(roleId: "reviewer", skills: [{ skillId: "acme.beta" }]) { role { id } } }`);
});
afterAll(() => gw?.close());

async function skill(id: string) {
  await gw.ok(`mutation($input: CreateSkillInput!) { createSkill(input: $input) { skill { id } } }`, {
    input: { id, name: id, instructions: `# ${id}` },
  });
  await gw.ok(`mutation($id: ID!) { deploySkill(id: $id) { skill { id } } }`, { id });
}

const UPSERT = `mutation($users: [UpsertUserInput!]!) {
  upsertUsers(users: $users) {
    users { id email displayName createdAt archetype { id } groups { id } roles { id } }
    change { dryRun added removed affectedUsers warnings event { kind subjects } publishJobs { scope scopeId } }
  }
}`;

const directoryEvents = () =>
  gw.app.db.prisma.governanceEvent.findMany({ where: { tenantId: TENANT, kind: "directory.changed" }, orderBy: { seq: "asc" } });

describe("upsertUsers", () => {
  test("creates users: ids and e-mails stored lower-case, archetype, groups and roles set", async () => {
    const data = await gw.ok(UPSERT, {
      users: [
        { id: "user:Marco.Mazzolin@Dainese.it", email: " Marco.Mazzolin@Dainese.IT ", displayName: "Marco Mazzolin", archetypeId: "engineer", groupIds: ["g-two", "g-one", "g-one"], roleIds: ["reviewer"] },
        { id: "user:anna@acme.test", email: "anna@acme.test" },
      ],
    });
    expect(data.upsertUsers.users).toEqual([
      {
        id: "user:marco.mazzolin@dainese.it",
        email: "marco.mazzolin@dainese.it",
        displayName: "Marco Mazzolin",
        createdAt: expect.anything(),
        archetype: { id: "engineer" },
        groups: [{ id: "g-one" }, { id: "g-two" }],
        roles: [{ id: "reviewer" }],
      },
      { id: "user:anna@acme.test", email: "anna@acme.test", displayName: null, createdAt: expect.anything(), archetype: null, groups: [], roles: [] },
    ]);
    expect(data.upsertUsers.change).toMatchObject({
      dryRun: false,
      added: ["acme.alpha", "acme.beta"],
      removed: [],
      affectedUsers: 1,
      warnings: [],
      event: { kind: "skill.entitlement_changed" },
    });
    const [event] = (await directoryEvents()).filter((e) => (e.payload as { what?: string }).what === "users.upserted");
    expect(event).toMatchObject({
      subjects: ["user:user:marco.mazzolin@dainese.it", "user:user:anna@acme.test"],
      payload: { what: "users.upserted", created: 2, updated: 0 },
    });
  });

  test("replaces by id: scalars replaced, omitted lists and a null archetype left as they are", async () => {
    const before = await gw.ok(`{ user(id: "user:marco.mazzolin@dainese.it") { createdAt } }`);
    const data = await gw.ok(UPSERT, {
      users: [{ id: "user:marco.mazzolin@dainese.it", email: "marco@dainese.it", archetypeId: null }],
    });
    expect(data.upsertUsers.users[0]).toMatchObject({
      email: "marco@dainese.it",
      displayName: null,
      createdAt: before.user.createdAt,
      archetype: { id: "engineer" },
      groups: [{ id: "g-one" }, { id: "g-two" }],
      roles: [{ id: "reviewer" }],
    });
    expect(data.upsertUsers.change).toMatchObject({ added: [], removed: [], affectedUsers: 0 });
  });

  test("given lists replace memberships; a new archetype moves the user", async () => {
    const data = await gw.ok(UPSERT, {
      users: [{ id: "user:marco.mazzolin@dainese.it", email: "marco@dainese.it", archetypeId: "designer", groupIds: ["g-two"], roleIds: [] }],
    });
    expect(data.upsertUsers.users[0]).toMatchObject({ archetype: { id: "designer" }, groups: [{ id: "g-two" }], roles: [] });
    expect(data.upsertUsers.change).toMatchObject({ added: ["acme.gamma"], removed: ["acme.alpha", "acme.beta"], affectedUsers: 1 });
    const last = (await directoryEvents()).at(-1)!;
    expect(last.payload).toEqual({ what: "users.upserted", created: 0, updated: 1 });
  });

  test("an upsert that changes nothing writes no event", async () => {
    const before = (await directoryEvents()).length;
    const data = await gw.ok(UPSERT, { users: [{ id: "user:anna@acme.test", email: "ANNA@acme.test" }] });
    expect(data.upsertUsers.change).toMatchObject({ affectedUsers: 0, event: null });
    expect((await directoryEvents()).length).toBe(before);
  });

  test("queues publish jobs for the users whose skills changed", async () => {
    await gw.app.db.prisma.distributionPlatform.create({
      data: { tenantId: TENANT, id: "claude", name: "Claude", delivery: "FILE", target: "claude" },
    });
    try {
      const data = await gw.ok(UPSERT, { users: [{ id: "user:anna@acme.test", email: "anna@acme.test", roleIds: ["reviewer"] }] });
      expect(data.upsertUsers.change).toMatchObject({
        added: ["acme.beta"],
        affectedUsers: 1,
        publishJobs: [{ scope: "USER", scopeId: "user:anna@acme.test" }],
      });
    } finally {
      await gw.app.db.prisma.distributionPlatform.delete({ where: { tenantId_id: { tenantId: TENANT, id: "claude" } } });
    }
  });

  test("bad input names the field; nothing is written", async () => {
    const cases: [unknown[], string, string][] = [
      [[{ id: "Not Valid", email: "a@b.co" }], "BAD_USER_INPUT", "users.0.id"],
      [[{ id: "user:x@a.co", email: "a@b.co" }, { id: "user:X@a.co", email: "c@d.co" }], "BAD_USER_INPUT", "users.1.id"],
      [[{ id: "user:y@a.co", email: "not-an-email" }], "BAD_USER_INPUT", "users.0.email"],
      [[{ id: "user:y@a.co", email: "a@b" }], "BAD_USER_INPUT", "users.0.email"],
      [[{ id: "user:y@a.co", email: "a@b.co", groupIds: ["g-one", "Bad Id"] }], "BAD_USER_INPUT", "users.0.groupIds.1"],
      [[{ id: "user:y@a.co", email: "a@b.co" }, { id: "user:z@a.co", email: "a@b.co", groupIds: ["g-one", "nope"] }], "NOT_FOUND", "users.1.groupIds.1"],
      [[{ id: "user:y@a.co", email: "a@b.co", roleIds: ["nope"] }], "NOT_FOUND", "users.0.roleIds.0"],
      [[{ id: "user:y@a.co", email: "a@b.co", archetypeId: "nope" }], "NOT_FOUND", "users.0.archetypeId"],
    ];
    for (const [users, code, field] of cases) {
      const r = await gw.run(UPSERT, { users });
      expect(r.errors?.[0]?.extensions, field).toMatchObject({ code, field });
    }
    expect(await gw.ok(`{ user(id: "user:y@a.co") { id } }`)).toEqual({ user: null });
  });

  test("more than 1000 users is BAD_USER_INPUT on users", async () => {
    const users = Array.from({ length: 1001 }, (_, i) => ({ id: `user:u${i}@big.test`, email: `u${i}@big.test` }));
    const r = await gw.run(UPSERT, { users });
    expect(r.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", status: 400, field: "users" });
  });

  test("another tenant's groups are NOT_FOUND; its users are separate", async () => {
    const r = await gw.run(UPSERT, { users: [{ id: "user:o@other.test", email: "o@other.test", groupIds: ["g-one"] }] }, { tenant: "other" });
    expect(r.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "users.0.groupIds.0" });
    await gw.ok(UPSERT, { users: [{ id: "user:anna@acme.test", email: "anna@other.test" }] }, { tenant: "other" });
    expect(await gw.ok(`{ user(id: "user:anna@acme.test") { email } }`)).toEqual({ user: { email: "anna@acme.test" } });
  });

  test("needs directory:write", async () => {
    const r = await gw.run(UPSERT, { users: [{ id: "user:f@a.co", email: "f@a.co" }] }, { scopes: ["skills:read", "skill_entitlement:write"] });
    expect(r.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", status: 403 });
  });

  test("1000 users in one call: set-based, fast, and a constant number of statements", async () => {
    const batch = (n: number, tag: string) =>
      Array.from({ length: n }, (_, i) => ({
        id: `user:${tag}${String(i).padStart(4, "0")}@bulk.test`,
        email: `${tag}${i}@bulk.test`,
        archetypeId: "engineer",
        groupIds: ["g-one"],
        roleIds: i % 2 ? ["reviewer"] : [],
      }));
    const Q = `mutation($users: [UpsertUserInput!]!) { upsertUsers(users: $users) { users { id } change { affectedUsers } } }`;
    const small = await gw.run(Q, { users: batch(10, "s") });
    const started = Date.now();
    const big = await gw.run(Q, { users: batch(1000, "b") });
    const ms = Date.now() - started;
    const again = await gw.run(Q, { users: batch(1000, "b").map((u) => ({ ...u, groupIds: ["g-two"], email: `x.${u.email}` })) });
    console.log(`upsertUsers statements: 10 users ${small.statements}, 1000 users ${big.statements} (${ms} ms), 1000 replaced ${again.statements}`);
    expect(big.errors).toBeUndefined();
    expect(again.errors).toBeUndefined();
    expect(big.data.upsertUsers.users).toHaveLength(1000);
    expect(big.data.upsertUsers.change.affectedUsers).toBe(1000);
    // Batched writes (bounded by the bind-parameter limit), never one round trip per user.
    expect(big.statements).toBeLessThan(100);
    expect(again.statements).toBeLessThan(100);
    const members = await gw.ok(`{ group(id: "g-two") { memberCount } g1: group(id: "g-one") { memberCount } }`);
    expect(members.group.memberCount).toBeGreaterThanOrEqual(1000);
    // A membership filter larger than one IN list may carry (SQLite) is applied in memory, same answers.
    const Q2 = `query($after: String) { users(groupId: "g-two", search: "@BULK.test", first: 3, after: $after) { nodes { id } totalCount pageInfo { endCursor hasNextPage } } }`;
    const p1 = (await gw.ok(Q2)).users;
    expect(p1).toMatchObject({
      nodes: [{ id: "user:b0000@bulk.test" }, { id: "user:b0001@bulk.test" }, { id: "user:b0002@bulk.test" }],
      totalCount: 1000,
      pageInfo: { hasNextPage: true },
    });
    expect((await gw.ok(Q2, { after: p1.pageInfo.endCursor })).users.nodes[0]).toEqual({ id: "user:b0003@bulk.test" });
    const r3 = await gw.ok(`{ users(groupId: "g-two", roleId: "reviewer", search: "bulk", first: 2) { nodes { id } totalCount } }`);
    expect(r3.users).toEqual({ nodes: [{ id: "user:b0001@bulk.test" }, { id: "user:b0003@bulk.test" }], totalCount: 500 });
  });
});

describe("user and users", () => {
  const USERS = `query($a: ID, $g: ID, $r: ID, $s: String, $first: Int, $after: String, $last: Int, $before: String) {
    users(archetypeId: $a, groupId: $g, roleId: $r, search: $s, first: $first, after: $after, last: $last, before: $before) {
      nodes { id } totalCount pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
    }
  }`;
  beforeAll(async () => {
    await gw.ok(UPSERT, {
      users: [
        { id: "user:carla@f.test", email: "carla@f.test", displayName: "Carla Rossi", archetypeId: "designer", groupIds: ["g-one"] },
        { id: "user:dario@f.test", email: "dario@f.test", displayName: "Dario ROSSI", archetypeId: "designer", groupIds: ["g-one"], roleIds: ["reviewer"] },
        { id: "user:elena@f.test", email: "elena@f.test", displayName: "Elena Bianchi", archetypeId: "engineer", roleIds: ["reviewer"] },
      ],
    });
  });

  test("user(id) is case-insensitive; another tenant's user is null", async () => {
    expect(await gw.ok(`{ user(id: "user:CARLA@f.test") { id displayName } }`)).toEqual({ user: { id: "user:carla@f.test", displayName: "Carla Rossi" } });
    expect(await gw.ok(`{ user(id: "user:carla@f.test") { id } }`, {}, { tenant: "other" })).toEqual({ user: null });
  });

  test("filters combine; search is a case-insensitive substring of id, e-mail and display name", async () => {
    const ids = async (vars: Record<string, unknown>) => (await gw.ok(USERS, { first: 100, ...vars })).users.nodes.map((n: { id: string }) => n.id);
    expect(await ids({ s: "rossi" })).toEqual(["user:carla@f.test", "user:dario@f.test"]);
    expect(await ids({ s: "F.TEST", a: "designer" })).toEqual(["user:carla@f.test", "user:dario@f.test"]);
    expect(await ids({ s: "f.test", r: "reviewer" })).toEqual(["user:dario@f.test", "user:elena@f.test"]);
    expect(await ids({ s: "f.test", g: "g-one", r: "reviewer" })).toEqual(["user:dario@f.test"]);
    expect(await ids({ a: "designer", g: "g-one", s: "carla" })).toEqual(["user:carla@f.test"]);
    expect(await ids({ g: "nope" })).toEqual([]);
    expect(await ids({ s: "elena" }, )).toEqual(["user:elena@f.test"]);
    expect((await gw.ok(USERS, { s: "rossi" }, { tenant: "other" })).users.totalCount).toBe(0);
  });

  test("ordered by id with forward and backward pages", async () => {
    const p1 = (await gw.ok(USERS, { s: "f.test", first: 2 })).users;
    expect(p1.nodes.map((n: { id: string }) => n.id)).toEqual(["user:carla@f.test", "user:dario@f.test"]);
    expect(p1).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
    const p2 = (await gw.ok(USERS, { s: "f.test", first: 2, after: p1.pageInfo.endCursor })).users;
    expect(p2.nodes).toEqual([{ id: "user:elena@f.test" }]);
    expect(p2.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const back = (await gw.ok(USERS, { s: "f.test", last: 2 })).users;
    expect(back.nodes.map((n: { id: string }) => n.id)).toEqual(["user:dario@f.test", "user:elena@f.test"]);
    const bad = await gw.run(USERS, { first: 1, last: 1 });
    expect(codeOf(bad)).toBe("BAD_USER_INPUT");
    const tooMany = await gw.run(USERS, { first: 101 });
    expect(tooMany.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
  });

  test("needs skills:read", async () => {
    const r = await gw.run(`{ users { totalCount } }`, {}, { scopes: ["directory:write"] });
    expect(codeOf(r)).toBe("FORBIDDEN");
  });
});

describe("setUserArchetype", () => {
  const SET = `mutation($u: ID!, $a: ID) { setUserArchetype(userId: $u, archetypeId: $a) {
    user { id archetype { id } } change { added removed affectedUsers event { kind } }
  } }`;

  test("moves the user and reports the effective change; null clears", async () => {
    const moved = await gw.ok(SET, { u: "user:elena@f.test", a: "designer" });
    expect(moved.setUserArchetype).toMatchObject({
      user: { id: "user:elena@f.test", archetype: { id: "designer" } },
      change: { added: ["acme.gamma"], removed: ["acme.alpha"], affectedUsers: 1, event: { kind: "skill.entitlement_changed" } },
    });
    const event = (await directoryEvents()).at(-1)!;
    expect(event).toMatchObject({
      subjects: ["user:user:elena@f.test", "archetype:engineer", "archetype:designer"],
      payload: { what: "user.archetype_set", from: "engineer", to: "designer" },
    });
    const cleared = await gw.ok(SET, { u: "user:Elena@f.test", a: null });
    expect(cleared.setUserArchetype).toMatchObject({ user: { archetype: null }, change: { added: [], removed: ["acme.gamma"], affectedUsers: 1 } });
    const again = await gw.ok(SET, { u: "user:elena@f.test", a: null });
    expect(again.setUserArchetype.change).toMatchObject({ added: [], removed: [], affectedUsers: 0, event: null });
  });

  test("unknown user or archetype is NOT_FOUND; other tenants cannot see them; needs directory:write", async () => {
    expect((await gw.run(SET, { u: "user:nobody@f.test", a: "designer" })).errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "userId" });
    expect((await gw.run(SET, { u: "user:elena@f.test", a: "nope" })).errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "archetypeId" });
    expect((await gw.run(SET, { u: "user:elena@f.test", a: "Bad Id" })).errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "archetypeId" });
    expect(codeOf(await gw.run(SET, { u: "user:elena@f.test", a: "designer" }, { tenant: "other" }))).toBe("NOT_FOUND");
    expect(codeOf(await gw.run(SET, { u: "user:elena@f.test", a: "designer" }, { scopes: ["skills:read"] }))).toBe("FORBIDDEN");
  });
});

describe("grants", () => {
  const HOUR = 3_600_000;
  beforeAll(async () => {
    const now = Date.now();
    const grant = (id: string, skillId: string, grantedAt: number, extra: Record<string, unknown> = {}) =>
      gw.app.db.prisma.userGrant.create({
        data: { tenantId: TENANT, id, userId: "user:carla@f.test", skillId, reason: "test", grantedAt: new Date(grantedAt), ...extra },
      });
    await grant("gr-open", "acme.alpha", now - 5 * HOUR);
    await grant("gr-soon", "acme.beta", now - 4 * HOUR, { expiresAt: new Date(now + 2 * HOUR) });
    await grant("gr-later", "acme.gamma", now - 3 * HOUR, { expiresAt: new Date(now + 100 * HOUR) });
    await grant("gr-far", "acme.alpha", now - 2 * HOUR, { expiresAt: new Date(now + 1000 * HOUR) });
    await grant("gr-expired", "acme.beta", now - 6 * HOUR, { expiresAt: new Date(now - HOUR) });
    await grant("gr-revoked", "acme.gamma", now - HOUR, { expiresAt: new Date(now + HOUR), revokedAt: new Date(now), revokeReason: "MANUAL" });
  });

  test("User.grants: active and past, newest first, with user, skill and active", async () => {
    const data = await gw.ok(`{ user(id: "user:carla@f.test") { grants { id active skill { id } user { id } revokeReason } } }`);
    expect(data.user.grants.map((g: { id: string; active: boolean }) => [g.id, g.active])).toEqual([
      ["gr-revoked", false],
      ["gr-far", true],
      ["gr-later", true],
      ["gr-soon", true],
      ["gr-open", true],
      ["gr-expired", false],
    ]);
    expect(data.user.grants[0]).toMatchObject({ skill: { id: "acme.gamma" }, user: { id: "user:carla@f.test" }, revokeReason: "MANUAL" });
  });

  test("expiringGrants: active grants expiring within the window, soonest first (default 168 hours)", async () => {
    const ids = async (q: string) => (await gw.ok(q)).expiringGrants.map((g: { id: string }) => g.id);
    expect(await ids(`{ expiringGrants { id } }`)).toEqual(["gr-soon", "gr-later"]);
    expect(await ids(`{ expiringGrants(withinHours: 3) { id } }`)).toEqual(["gr-soon"]);
    expect(await ids(`{ expiringGrants(withinHours: 8760) { id } }`)).toEqual(["gr-soon", "gr-later", "gr-far"]);
    expect((await gw.ok(`{ expiringGrants(withinHours: 8760) { id } }`, {}, { tenant: "other" })).expiringGrants).toEqual([]);
    for (const h of [0, -1, 8761]) {
      const r = await gw.run(`query($h: Int!) { expiringGrants(withinHours: $h) { id } }`, { h });
      expect(r.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", status: 400, field: "withinHours" });
    }
  });
});

describe("statements", () => {
  test("a page of users with archetype, groups, augments, roles and grants takes a constant number of statements", async () => {
    await gw.app.db.prisma.groupAugment.createMany({
      data: [
        { tenantId: TENANT, groupId: "g-one", skillId: "acme.beta" },
        { tenantId: TENANT, groupId: "g-two", skillId: "acme.gamma" },
      ],
    });
    const bulk = await gw.ok(`{ users(search: "@bulk.test", first: 100) { nodes { id } } }`);
    await gw.app.db.prisma.userGrant.createMany({
      data: bulk.users.nodes.map((u: { id: string }, i: number) => ({
        tenantId: TENANT,
        id: `bulk-grant-${i}`,
        userId: u.id,
        skillId: i % 2 ? "acme.alpha" : "acme.beta",
        reason: "bulk",
      })),
    });
    const Q = `query($n: Int) { users(search: "@bulk.test", first: $n) { nodes { id archetype { id } groups { id augments { id } } roles { id } grants { skill { id } active } } } }`;
    const ten = await gw.run(Q, { n: 10 });
    const hundred = await gw.run(Q, { n: 100 });
    console.log(`users page statements: 10 users ${ten.statements}, 100 users ${hundred.statements}`);
    expect(ten.errors).toBeUndefined();
    expect(hundred.errors).toBeUndefined();
    expect(hundred.data.users.nodes).toHaveLength(100);
    expect(hundred.data.users.nodes[0]).toMatchObject({
      archetype: { id: "engineer" },
      groups: [{ id: "g-two", augments: [{ id: "acme.gamma" }] }],
      grants: [{ skill: { id: "acme.beta" }, active: true }],
    });
    expect(hundred.statements).toBe(ten.statements);
  });
});
