// SCIM 2.0 over real HTTP, replaying the request sequences of Okta's SCIM 2.0
// test suite (Runscope "SCIM 2.0 Spec Test") and Microsoft Entra's SCIM
// validator, request by request as those tools send them (capitalized ops and
// "False" strings included), then the directory as GraphQL sees it.
import "reflect-metadata";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TENANT, createTestGateway, type TestGateway } from "../helpers/harness.js";
import { startServer, type RunningServer } from "../../src/server.js";
import { signToken } from "../../src/auth/token.js";

let gw: TestGateway;
let server: RunningServer;
let base: string;
let token: string;

beforeAll(async () => {
  gw = await createTestGateway();
  server = await startServer(gw.app, { port: 0, host: "127.0.0.1" });
  base = `http://127.0.0.1:${server.port}/scim/v2`;
  token = await signToken("test-secret", { sub: "scim:okta", tid: TENANT, scopes: ["directory:write"] }, "1h");
});
afterAll(async () => {
  await server?.stop();
  await gw?.close();
});

interface Reply {
  status: number;
  type: string | null;
  body: any;
}

async function scim(method: string, path: string, body?: unknown, opts: { token?: string | null; raw?: string } = {}): Promise<Reply> {
  const auth = opts.token === undefined ? token : opts.token;
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...(body !== undefined || opts.raw ? { "content-type": "application/scim+json" } : {}) },
    body: opts.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type"), body: text ? JSON.parse(text) : null };
}

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
const q = (filter: string) => `?filter=${encodeURIComponent(filter)}`;

function expectScimError(r: Reply, status: number, scimType?: string) {
  expect(r.status).toBe(status);
  expect(r.type).toMatch(/^application\/scim\+json/);
  expect(r.body).toMatchObject({ schemas: [ERROR], status: String(status), ...(scimType ? { scimType } : {}) });
  expect(typeof r.body.detail).toBe("string");
}

describe("Okta SCIM 2.0 test suite sequence", () => {
  const userName = `Runscope${Math.floor(Math.random() * 1e6)}Bob@atko.com`;
  let id: string;
  let groupId: string;

  test("discovery: ServiceProviderConfig, ResourceTypes, Schemas", async () => {
    const spc = await scim("GET", "/ServiceProviderConfig");
    expect(spc.status).toBe(200);
    expect(spc.type).toMatch(/^application\/scim\+json/);
    expect(spc.body).toMatchObject({ patch: { supported: true }, filter: { supported: true }, bulk: { supported: false } });
    const types = await scim("GET", "/ResourceTypes");
    expect(types.body.Resources.map((r: { id: string }) => r.id)).toEqual(["User", "Group"]);
    const schemas = await scim("GET", "/Schemas");
    expect(schemas.body.Resources.map((s: { id: string }) => s.id)).toEqual([USER, GROUP]);
    expect((await scim("GET", `/Schemas/${USER}`)).body.attributes.map((a: { name: string }) => a.name)).toContain("userName");
  });

  test("GET /Users?count=1&startIndex=1 answers a ListResponse", async () => {
    const r = await scim("GET", "/Users?count=1&startIndex=1");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ schemas: [LIST], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
  });

  test("the user does not exist yet: filter userName eq finds nothing", async () => {
    const r = await scim("GET", `/Users${q(`userName eq "${userName}"`)}`);
    expect(r.body).toMatchObject({ totalResults: 0, Resources: [] });
  });

  test("POST /Users creates it (201, Location, active)", async () => {
    const r = await scim("POST", "/Users", {
      schemas: [USER],
      userName,
      name: { givenName: "Bob", familyName: "Smith" },
      emails: [{ primary: true, value: userName, type: "work" }],
      displayName: "Bob Smith",
      locale: "en-US",
      externalId: "00ujl29u0le5T6Aj10h7",
      groups: [],
      password: "1mz050nq",
      active: true,
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ schemas: [USER], userName, active: true, name: { givenName: "Bob", familyName: "Smith" }, externalId: "00ujl29u0le5T6Aj10h7" });
    expect(r.body.emails).toEqual([{ value: userName.toLowerCase(), type: "work", primary: true }]);
    expect(r.body).not.toHaveProperty("password");
    id = r.body.id;
    expect(id).toBe(`user:${userName.toLowerCase()}`);
    expect(r.body.meta).toMatchObject({ resourceType: "User", location: `${base}/Users/${encodeURIComponent(id)}` });
  });

  test("GET /Users/{id} and the filter find it; userName matches case-insensitively", async () => {
    const one = await scim("GET", `/Users/${encodeURIComponent(id)}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id, userName });
    const found = await scim("GET", `/Users${q(`userName eq "${userName.toUpperCase()}"`)}`);
    expect(found.body).toMatchObject({ totalResults: 1, Resources: [{ id, userName }] });
  });

  test("creating the same userName again is 409 uniqueness", async () => {
    const r = await scim("POST", "/Users", { schemas: [USER], userName, emails: [{ value: userName, primary: true }], active: true });
    expectScimError(r, 409, "uniqueness");
  });

  test("a random id is 404 in SCIM's error shape", async () => {
    expectScimError(await scim("GET", `/Users/${randomUUID()}`), 404);
  });

  test("PUT /Users/{id} replaces the profile", async () => {
    const r = await scim("PUT", `/Users/${encodeURIComponent(id)}`, {
      schemas: [USER],
      id,
      userName,
      name: { givenName: "Robert", familyName: "Smith" },
      emails: [{ primary: true, value: userName, type: "work" }],
      active: true,
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: { givenName: "Robert", familyName: "Smith" }, displayName: "Robert Smith", active: true });
  });

  test("groups: create, find by displayName, add a member, rename, remove the member with members[value eq]", async () => {
    const created = await scim("POST", "/Groups", { schemas: [GROUP], displayName: "Okta Test Group", members: [] });
    expect(created.status).toBe(201);
    groupId = created.body.id;
    expect(created.body).toMatchObject({ displayName: "Okta Test Group", members: [] });
    const found = await scim("GET", `/Groups${q('displayName eq "Okta Test Group"')}`);
    expect(found.body).toMatchObject({ totalResults: 1, Resources: [{ id: groupId }] });

    const add = await scim("PATCH", `/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: "add", path: "members", value: [{ value: id, display: userName }] }] });
    expect(add.status).toBe(204);
    expect((await scim("GET", `/Groups/${groupId}`)).body.members).toEqual([expect.objectContaining({ value: id, display: "Robert Smith" })]);
    expect((await scim("GET", `/Users/${encodeURIComponent(id)}`)).body.groups).toEqual([expect.objectContaining({ value: groupId, display: "Okta Test Group" })]);

    const rename = await scim("PATCH", `/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: "replace", value: { id: groupId, displayName: "Okta Renamed" } }] });
    expect(rename.status).toBe(204);
    expect((await scim("GET", `/Groups/${groupId}`)).body).toMatchObject({ displayName: "Okta Renamed", members: [{ value: id }] });

    const remove = await scim("PATCH", `/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: "remove", path: `members[value eq "${id}"]` }] });
    expect(remove.status).toBe(204);
    expect((await scim("GET", `/Groups/${groupId}`)).body.members).toEqual([]);
  });

  test("deactivate with PATCH replace { active: false }, then DELETE the group", async () => {
    const r = await scim("PATCH", `/Users/${encodeURIComponent(id)}`, { schemas: [PATCH], Operations: [{ op: "replace", value: { active: false } }] });
    expect(r.status).toBe(200);
    expect(r.body.active).toBe(false);
    expect((await scim("GET", `/Users${q("active eq false")}`)).body.Resources.map((u: { id: string }) => u.id)).toContain(id);
    expect((await scim("DELETE", `/Groups/${groupId}`)).status).toBe(204);
    expectScimError(await scim("GET", `/Groups/${groupId}`), 404);
  });
});

describe("Microsoft Entra SCIM validator sequence", () => {
  const suffix = randomUUID();
  const userName = `Test_User_${suffix}@contoso.com`;
  const externalId = randomUUID();
  let id: string;
  let groupId: string;

  test("lookup by userName before create finds nothing", async () => {
    expect((await scim("GET", `/Users${q(`userName eq "${userName}"`)}`)).body.totalResults).toBe(0);
  });

  test("POST /Users with the enterprise extension and name.formatted", async () => {
    const r = await scim("POST", "/Users", {
      schemas: [USER, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
      externalId,
      userName,
      active: true,
      emails: [{ primary: true, type: "work", value: `Test_User_${suffix}@testuser.com` }],
      meta: { resourceType: "User" },
      name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
      roles: [],
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { employeeNumber: "1234", department: "Eng", manager: { value: "x" } },
    });
    expect(r.status).toBe(201);
    id = r.body.id;
    expect(r.body).toMatchObject({ userName, externalId, active: true, displayName: "givenName familyName" });
  });

  test("GET by externalId filter, by userName filter and by id", async () => {
    expect((await scim("GET", `/Users${q(`externalId eq "${externalId}"`)}`)).body).toMatchObject({ totalResults: 1, Resources: [{ id }] });
    expect((await scim("GET", `/Users${q(`userName eq "${userName}"`)}`)).body).toMatchObject({ totalResults: 1, Resources: [{ id }] });
    expect((await scim("GET", `/Users/${encodeURIComponent(id)}`)).status).toBe(200);
    // Entra's filter on a value it does not know matches nothing rather than failing.
    expect((await scim("GET", `/Users${q(`externalId eq "${randomUUID()}"`)}`)).body.totalResults).toBe(0);
  });

  test('PATCH with "Replace" ops on emails[type eq "work"].value and name.familyName, and "Add" displayName', async () => {
    const r = await scim("PATCH", `/Users/${encodeURIComponent(id)}`, {
      schemas: [PATCH],
      Operations: [
        { op: "Replace", path: 'emails[type eq "work"].value', value: "updatedEmail@microsoft.com" },
        { op: "Replace", path: "name.familyName", value: "updatedFamilyName" },
        { op: "Add", path: "displayName", value: "Updated Display" },
        { op: "Replace", path: "title", value: "ignored: not kept" },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ emails: [{ value: "updatedemail@microsoft.com", type: "work" }], name: { familyName: "updatedFamilyName" }, displayName: "Updated Display" });
  });

  test('PATCH userName with "Replace"; the old userName no longer matches', async () => {
    const renamed = `Renamed_${suffix}@contoso.com`;
    const r = await scim("PATCH", `/Users/${encodeURIComponent(id)}`, { schemas: [PATCH], Operations: [{ op: "Replace", path: "userName", value: renamed }] });
    expect(r.body).toMatchObject({ id, userName: renamed });
    expect((await scim("GET", `/Users${q(`userName eq "${userName}"`)}`)).body.totalResults).toBe(0);
    expect((await scim("GET", `/Users${q(`userName eq "${renamed}"`)}`)).body.totalResults).toBe(1);
  });

  test("groups: lookup, create with externalId, get without members, add and remove members, rename", async () => {
    expect((await scim("GET", `/Groups?excludedAttributes=members&filter=${encodeURIComponent(`displayName eq "Group_${suffix}"`)}`)).body.totalResults).toBe(0);
    const gExternal = randomUUID();
    const created = await scim("POST", "/Groups", { schemas: [GROUP], externalId: gExternal, displayName: `Group_${suffix}`, meta: { resourceType: "Group" } });
    expect(created.status).toBe(201);
    groupId = created.body.id;
    const lean = await scim("GET", `/Groups/${groupId}?excludedAttributes=members`);
    expect(lean.body).toMatchObject({ id: groupId, displayName: `Group_${suffix}`, externalId: gExternal });
    expect(lean.body).not.toHaveProperty("members");
    expect((await scim("GET", `/Groups?excludedAttributes=members&filter=${encodeURIComponent(`displayName eq "Group_${suffix}"`)}`)).body).toMatchObject({
      totalResults: 1,
      Resources: [{ id: groupId }],
    });

    const add = await scim("PATCH", `/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: "Add", path: "members", value: [{ value: id }] }] });
    expect(add.status).toBe(204);
    expect((await scim("GET", `/Groups/${groupId}`)).body.members.map((m: { value: string }) => m.value)).toEqual([id]);
    const remove = await scim("PATCH", `/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: "Remove", path: "members", value: [{ value: id }] }] });
    expect(remove.status).toBe(204);
    expect((await scim("GET", `/Groups/${groupId}`)).body.members).toEqual([]);
    const rename = await scim("PATCH", `/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: "Replace", path: "displayName", value: `${suffix}updatedDisplayName` }] });
    expect(rename.status).toBe(204);
    expect((await scim("GET", `/Groups/${groupId}?excludedAttributes=members`)).body.displayName).toBe(`${suffix}updatedDisplayName`);
  });

  test('disable with "Replace" active "False", enable with "True"', async () => {
    const off = await scim("PATCH", `/Users/${encodeURIComponent(id)}`, { schemas: [PATCH], Operations: [{ op: "Replace", path: "active", value: "False" }] });
    expect(off.body.active).toBe(false);
    const on = await scim("PATCH", `/Users/${encodeURIComponent(id)}`, { schemas: [PATCH], Operations: [{ op: "Replace", path: "active", value: "True" }] });
    expect(on.body.active).toBe(true);
  });

  test("DELETE the group and the user; both are 404 afterwards", async () => {
    expect((await scim("DELETE", `/Groups/${groupId}`)).status).toBe(204);
    expect((await scim("DELETE", `/Users/${encodeURIComponent(id)}`)).status).toBe(204);
    expectScimError(await scim("GET", `/Users/${encodeURIComponent(id)}`), 404);
    expectScimError(await scim("GET", `/Groups/${groupId}`), 404);
    expectScimError(await scim("DELETE", `/Users/${encodeURIComponent(id)}`), 404);
  });
});

describe("the directory the identity provider fed, as GraphQL sees it", () => {
  test("a SCIM-created user with a group appears in users and gets the group's skills; active false empties them", async () => {
    await gw.ok(`mutation { createSkill(input: { id: "scim.aug", name: "Aug", instructions: "# a" }) { skill { id } } }`);
    await gw.ok(`mutation { deploySkill(id: "scim.aug") { skill { id } } }`);
    const user = await scim("POST", "/Users", { schemas: [USER], userName: "ada@acme.test", emails: [{ value: "ada@acme.test", primary: true }], displayName: "Ada", active: true });
    const group = await scim("POST", "/Groups", { schemas: [GROUP], displayName: "Engineers", members: [{ value: user.body.id }] });
    expect(group.status).toBe(201);
    await gw.ok(`mutation($g: ID!) { addGroupAugment(groupId: $g, skillIds: ["scim.aug"]) { change { affectedUsers } } }`, { g: group.body.id });

    const Q = `query($id: ID!) { users(first: 100) { nodes { id userName } } user(id: $id) { groups { id name } deprovisionedAt effectiveSkills { nodes { skill { id } } } } }`;
    const before = await gw.ok(Q, { id: user.body.id });
    expect(before.users.nodes).toContainEqual({ id: "user:ada@acme.test", userName: "ada@acme.test" });
    expect(before.user).toMatchObject({ groups: [{ id: group.body.id, name: "Engineers" }], deprovisionedAt: null, effectiveSkills: { nodes: [{ skill: { id: "scim.aug" } }] } });

    const off = await scim("PATCH", `/Users/${encodeURIComponent(user.body.id)}`, { schemas: [PATCH], Operations: [{ op: "replace", path: "active", value: false }] });
    expect(off.body).toMatchObject({ active: false, groups: [] });
    const after = await gw.ok(Q, { id: user.body.id });
    expect(after.users.nodes.map((u: { id: string }) => u.id)).not.toContain(user.body.id);
    expect(after.user.effectiveSkills.nodes).toEqual([]);
    expect(after.user.groups).toEqual([]);
    expect(after.user.deprovisionedAt).toBeTruthy();
    const events = await gw.app.db.prisma.governanceEvent.findMany({ where: { tenantId: TENANT, kind: "user.deprovisioned" } });
    expect(events.map((e) => e.actor)).toContain("scim:okta");
  });

  test("PUT on a group sets its members whole", async () => {
    const a = await scim("POST", "/Users", { schemas: [USER], userName: "p1@acme.test", active: true });
    const b = await scim("POST", "/Users", { schemas: [USER], userName: "p2@acme.test", active: true });
    const g = await scim("POST", "/Groups", { schemas: [GROUP], displayName: "Put Group", members: [{ value: a.body.id }] });
    const put = await scim("PUT", `/Groups/${g.body.id}`, { schemas: [GROUP], displayName: "Put Group", members: [{ value: b.body.id }] });
    expect(put.status).toBe(200);
    expect(put.body.members.map((m: { value: string }) => m.value)).toEqual([b.body.id]);
  });

  test("paging with startIndex and count", async () => {
    const all = await scim("GET", "/Users?startIndex=1&count=200");
    expect(all.body.totalResults).toBeGreaterThanOrEqual(3);
    const second = await scim("GET", "/Users?startIndex=2&count=1");
    expect(second.body).toMatchObject({ totalResults: all.body.totalResults, startIndex: 2, itemsPerPage: 1, Resources: [{ id: all.body.Resources[1].id }] });
  });
});

describe("errors and isolation", () => {
  test("no token 401, a token without directory:write 403, both in SCIM's shape", async () => {
    const none = await scim("GET", "/Users", undefined, { token: null });
    expectScimError(none, 401);
    const reader = await signToken("test-secret", { sub: "x", tid: TENANT, scopes: ["skills:read", "skills:write"] }, "1h");
    expectScimError(await scim("GET", "/Users", undefined, { token: reader }), 403);
  });

  test("bad filter 400 invalidFilter, bad JSON 400 invalidSyntax, bad PatchOp 400, unknown member 400 invalidValue", async () => {
    expectScimError(await scim("GET", `/Users${q('userName eq')}`), 400, "invalidFilter");
    expectScimError(await scim("GET", `/Users${q('title eq "x"')}`), 400, "invalidFilter");
    expectScimError(await scim("GET", `/Users${q("(".repeat(40) + 'userName eq "x"' + ")".repeat(40))}`), 400, "invalidFilter");
    expectScimError(await scim("POST", "/Users", undefined, { raw: "{not json" }), 400, "invalidSyntax");
    expectScimError(await scim("POST", "/Users", { schemas: [USER], emails: [] }), 400, "invalidValue");
    const g = await scim("POST", "/Groups", { schemas: [GROUP], displayName: "Errors" });
    expectScimError(await scim("PATCH", `/Groups/${g.body.id}`, { Operations: [{ op: "add", path: "members", value: [] }] }), 400, "invalidSyntax");
    expectScimError(await scim("PATCH", `/Groups/${g.body.id}`, { schemas: [PATCH], Operations: [{ op: "move", path: "members" }] }), 400, "invalidSyntax");
    expectScimError(await scim("PATCH", `/Groups/${g.body.id}`, { schemas: [PATCH], Operations: [{ op: "add", path: "members", value: [{ value: "user:ghost@acme.test" }] }] }), 400, "invalidValue");
    expectScimError(await scim("PATCH", `/Groups/${g.body.id}`, { schemas: [PATCH], Operations: [{ op: "add", path: "owners", value: [] }] }), 400, "invalidPath");
  });

  test("another tenant's users and groups are 404, and its lists are its own", async () => {
    const other = await signToken("test-secret", { sub: "scim:other", tid: "other-co", scopes: ["directory:write"] }, "1h");
    const mine = await scim("GET", "/Users?count=1");
    const id = mine.body.Resources[0].id;
    expectScimError(await scim("GET", `/Users/${encodeURIComponent(id)}`, undefined, { token: other }), 404);
    expect((await scim("GET", "/Users", undefined, { token: other })).body.totalResults).toBe(0);
    expect((await scim("GET", "/Groups", undefined, { token: other })).body.totalResults).toBe(0);
  });
});
