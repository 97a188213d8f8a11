import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TENANT, codeOf, createTestGateway, type TestGateway } from "../helpers/harness.js";

let gw: TestGateway;
beforeAll(async () => {
  gw = await createTestGateway();
  for (const id of ["acme.alpha", "acme.beta", "acme.gamma", "acme.gone"]) await skill(id);
  await gw.ok(`mutation($users: [UpsertUserInput!]!) { upsertUsers(users: $users) { users { id } } }`, {
    users: ["ada", "bob", "cy", "dee", "eve"].map((n) => ({ id: `user:${n}@acme.test`, email: `${n}@acme.test` })),
  });
});
afterAll(() => gw?.close());

async function skill(id: string) {
  await gw.ok(`mutation($input: CreateSkillInput!) { createSkill(input: $input) { skill { id } } }`, {
    input: { id, name: id, instructions: `# ${id}` },
  });
  await gw.ok(`mutation($id: ID!) { deploySkill(id: $id) { skill { id } } }`, { id });
}

const CREATE = `mutation($input: CreateGroupInput!) { createGroup(input: $input) { id name memberCount augments { id } blocks { id } } }`;
const ADD = `mutation($g: ID!, $u: [ID!]!) { addGroupMembers(groupId: $g, userIds: $u) {
  group { id memberCount } change { added removed affectedUsers event { kind subjects } }
} }`;
const REMOVE = ADD.replace("addGroupMembers", "removeGroupMembers");

const events = (what: string) =>
  gw.app.db.prisma.governanceEvent
    .findMany({ where: { tenantId: TENANT, kind: "directory.changed" }, orderBy: { seq: "asc" } })
    .then((rows) => rows.filter((r) => (r.payload as { what?: string }).what === what));

describe("createGroup", () => {
  test("creates a group and records directory.changed", async () => {
    const data = await gw.ok(CREATE, { input: { id: "claresia-eng-pilot", name: "  Claresia pilot " } });
    expect(data.createGroup).toEqual({ id: "claresia-eng-pilot", name: "Claresia pilot", memberCount: 0, augments: [], blocks: [] });
    const [event] = await events("group.created");
    expect(event).toMatchObject({ subjects: ["group:claresia-eng-pilot"], actor: "user:tester@acme.test" });
  });

  test("a taken id is CONFLICT; bad id or empty name is BAD_USER_INPUT; needs directory:write", async () => {
    expect((await gw.run(CREATE, { input: { id: "claresia-eng-pilot", name: "x" } })).errors![0].extensions).toMatchObject({
      code: "CONFLICT",
      status: 409,
      field: "input.id",
    });
    expect((await gw.run(CREATE, { input: { id: "Bad Id", name: "x" } })).errors![0].extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "input.id",
    });
    expect((await gw.run(CREATE, { input: { id: "ok-id", name: "  " } })).errors![0].extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "input.name",
    });
    expect(codeOf(await gw.run(CREATE, { input: { id: "ok-id", name: "x" } }, { scopes: ["skills:read", "skill_entitlement:write"] }))).toBe(
      "FORBIDDEN",
    );
  });

  test("another tenant may use the same id and cannot see this tenant's group", async () => {
    await gw.ok(CREATE, { input: { id: "claresia-eng-pilot", name: "Other's" } }, { tenant: "other" });
    expect(await gw.ok(`{ group(id: "claresia-eng-pilot") { name } }`)).toEqual({ group: { name: "Claresia pilot" } });
    expect(await gw.ok(`{ group(id: "nope") { name } }`)).toEqual({ group: null });
  });
});

describe("groups", () => {
  beforeAll(async () => {
    for (const id of ["g-b", "g-a", "g-c"]) await gw.ok(CREATE, { input: { id, name: id } });
  });

  test("a connection ordered by id, per tenant", async () => {
    const Q = `query($first: Int, $after: String, $last: Int) { groups(first: $first, after: $after, last: $last) {
      nodes { id } totalCount pageInfo { hasNextPage hasPreviousPage endCursor } } }`;
    const p1 = (await gw.ok(Q, { first: 2 })).groups;
    expect(p1).toMatchObject({ nodes: [{ id: "claresia-eng-pilot" }, { id: "g-a" }], totalCount: 4, pageInfo: { hasNextPage: true } });
    const p2 = (await gw.ok(Q, { first: 2, after: p1.pageInfo.endCursor })).groups;
    expect(p2).toMatchObject({ nodes: [{ id: "g-b" }, { id: "g-c" }], pageInfo: { hasNextPage: false, hasPreviousPage: true } });
    expect((await gw.ok(Q, { last: 1 })).groups.nodes).toEqual([{ id: "g-c" }]);
    expect((await gw.ok(Q, {}, { tenant: "other" })).groups.nodes).toEqual([{ id: "claresia-eng-pilot" }]);
    expect(codeOf(await gw.run(Q, { first: 0 }))).toBe("BAD_USER_INPUT");
    expect(codeOf(await gw.run(Q, {}, { scopes: ["directory:write"] }))).toBe("FORBIDDEN");
  });
});

describe("group members", () => {
  beforeAll(async () => {
    const prisma = gw.app.db.prisma;
    await prisma.groupAugment.createMany({
      data: ["acme.beta", "acme.alpha", "acme.gone"].map((skillId) => ({ tenantId: TENANT, groupId: "g-a", skillId })),
    });
    await prisma.groupBlock.createMany({ data: [{ tenantId: TENANT, groupId: "g-b", skillId: "acme.gamma" }] });
    await gw.ok(`mutation { deleteSkill(id: "acme.gone") { skill { id } } }`);
  });

  test("augments and blocks are listed by skill id; deleted skills are left out", async () => {
    const data = await gw.ok(`{ a: group(id: "g-a") { augments { id } blocks { id } } b: group(id: "g-b") { augments { id } blocks { id } } }`);
    expect(data).toEqual({
      a: { augments: [{ id: "acme.alpha" }, { id: "acme.beta" }], blocks: [] },
      b: { augments: [], blocks: [{ id: "acme.gamma" }] },
    });
  });

  test("adding members gives them the group's augments; adding again is a no-op", async () => {
    const data = await gw.ok(ADD, { g: "g-a", u: ["user:bob@acme.test", "user:ADA@acme.test", "user:bob@acme.test"] });
    expect(data.addGroupMembers).toMatchObject({
      group: { id: "g-a", memberCount: 2 },
      change: { added: ["acme.alpha", "acme.beta"], removed: [], affectedUsers: 2, event: { kind: "skill.entitlement_changed" } },
    });
    const [event] = await events("group.members_added");
    expect(event).toMatchObject({
      subjects: ["group:g-a", "user:user:ada@acme.test", "user:user:bob@acme.test"],
      payload: { groupId: "g-a", userIds: ["user:ada@acme.test", "user:bob@acme.test"] },
    });
    const again = await gw.ok(ADD, { g: "g-a", u: ["user:ada@acme.test"] });
    expect(again.addGroupMembers).toMatchObject({ group: { memberCount: 2 }, change: { added: [], affectedUsers: 0, event: null } });
    expect(await events("group.members_added")).toHaveLength(1);
  });

  test("a blocking group takes skills away", async () => {
    await gw.app.db.prisma.groupAugment.create({ data: { tenantId: TENANT, groupId: "g-a", skillId: "acme.gamma" } });
    const data = await gw.ok(ADD, { g: "g-b", u: ["user:ada@acme.test", "user:cy@acme.test"] });
    expect(data.addGroupMembers.change).toMatchObject({ added: [], removed: ["acme.gamma"], affectedUsers: 1 });
  });

  test("members: a connection ordered by user id; memberCount", async () => {
    await gw.ok(ADD, { g: "g-c", u: ["user:eve@acme.test", "user:cy@acme.test", "user:dee@acme.test", "user:ada@acme.test"] });
    const Q = `query($first: Int, $after: String, $last: Int, $before: String) { group(id: "g-c") { memberCount
      members(first: $first, after: $after, last: $last, before: $before) { nodes { id email } totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`;
    const p1 = (await gw.ok(Q, { first: 3 })).group;
    expect(p1.memberCount).toBe(4);
    expect(p1.members).toMatchObject({
      nodes: [{ id: "user:ada@acme.test" }, { id: "user:cy@acme.test" }, { id: "user:dee@acme.test" }],
      totalCount: 4,
      pageInfo: { hasNextPage: true, hasPreviousPage: false },
    });
    const p2 = (await gw.ok(Q, { first: 3, after: p1.members.pageInfo.endCursor })).group.members;
    expect(p2).toMatchObject({ nodes: [{ id: "user:eve@acme.test", email: "eve@acme.test" }], pageInfo: { hasNextPage: false, hasPreviousPage: true } });
    const back = (await gw.ok(Q, { last: 2, before: p2.pageInfo.startCursor })).group.members;
    expect(back.nodes).toEqual([
      { id: "user:cy@acme.test", email: "cy@acme.test" },
      { id: "user:dee@acme.test", email: "dee@acme.test" },
    ]);
    const filtered = await gw.ok(`{ users(groupId: "g-c", search: "D", first: 10) { nodes { id } } }`);
    expect(filtered.users.nodes).toEqual([{ id: "user:ada@acme.test" }, { id: "user:dee@acme.test" }]);
  });

  test("removing members takes the augments away; removing a non-member is a no-op", async () => {
    const data = await gw.ok(REMOVE, { g: "g-a", u: ["user:bob@acme.test", "user:eve@acme.test"] });
    expect(data.removeGroupMembers).toMatchObject({
      group: { memberCount: 1 },
      change: { added: [], removed: ["acme.alpha", "acme.beta", "acme.gamma"], affectedUsers: 1 },
    });
    const [event] = await events("group.members_removed");
    expect(event.payload).toMatchObject({ userIds: ["user:bob@acme.test"] });
    const again = await gw.ok(REMOVE, { g: "g-a", u: ["user:bob@acme.test"] });
    expect(again.removeGroupMembers.change).toMatchObject({ removed: [], affectedUsers: 0, event: null });
    const user = await gw.ok(`{ user(id: "user:bob@acme.test") { groups { id } } }`);
    expect(user.user.groups).toEqual([]);
  });

  test("unknown group or user is NOT_FOUND naming the field; nothing is written", async () => {
    for (const M of [ADD, REMOVE]) {
      expect((await gw.run(M, { g: "nope", u: ["user:ada@acme.test"] })).errors![0].extensions).toMatchObject({ code: "NOT_FOUND", status: 404, field: "groupId" });
      expect((await gw.run(M, { g: "g-c", u: ["user:bob@acme.test", "user:nobody@acme.test"] })).errors![0].extensions).toMatchObject({
        code: "NOT_FOUND",
        field: "userIds.1",
      });
      expect((await gw.run(M, { g: "g-c", u: ["Bad Id"] })).errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "userIds.0" });
    }
    expect((await gw.ok(`{ group(id: "g-c") { memberCount } }`)).group.memberCount).toBe(4);
  });

  test("another tenant's group and users are NOT_FOUND; needs directory:write", async () => {
    expect(codeOf(await gw.run(ADD, { g: "g-c", u: [] }, { tenant: "other" }))).toBe("NOT_FOUND");
    const r = await gw.run(ADD, { g: "claresia-eng-pilot", u: ["user:ada@acme.test"] }, { tenant: "other" });
    expect(r.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "userIds.0" });
    expect(codeOf(await gw.run(ADD, { g: "g-c", u: ["user:bob@acme.test"] }, { scopes: ["skills:read", "skill_entitlement:write"] }))).toBe("FORBIDDEN");
  });

  test("a page of groups with members and augments takes a constant number of statements", async () => {
    const Q = `query($n: Int) { groups(first: $n) { nodes { id memberCount augments { id } blocks { id } members(first: 2) { totalCount nodes { id roles { id } grants { id } } } } } }`;
    const one = await gw.run(Q, { n: 3 });
    const all = await gw.run(Q, { n: 4 });
    expect(all.errors).toBeUndefined();
    expect(all.data.groups.nodes).toHaveLength(4);
    console.log(`groups page statements: 3 groups ${one.statements}, 4 groups ${all.statements}`);
    expect(all.statements).toBe(one.statements);
  });
});
