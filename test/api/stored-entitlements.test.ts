// Stored entitlements on the real clock and across a restart: a grant stops
// granting at its expiresAt in every read with no job having run, the next
// source takes over, and a database from before the table existed is filled
// by the start that migrates it.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { isClean, reconcileTenant } from "../../src/services/entitlement-rebuild.js";
import { readManifestKeys, validAt } from "../../src/services/stored-entitlements.js";
import { KEY_RECORD, manifestKey } from "../../src/jobs/manifest.js";
import { makeSkill } from "../helpers/agent-fixtures.js";
import { createTestGateway, TENANT, type TestGateway } from "../helpers/harness.js";

let gw: TestGateway;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  gw = await createTestGateway();
  for (const id of ["st.a", "st.b"]) await makeSkill(gw, id);
  await gw.ok(`mutation { createArchetype(input: { id: "st-eng", name: "Eng", skillIds: ["st.a"] }) { id } }`);
  await gw.ok(`mutation { upsertUsers(users: [{ id: "st-u1", email: "u1@acme.test", archetypeId: "st-eng" }, { id: "st-u2", email: "u2@acme.test" }]) { change { affectedUsers } } }`);
});
afterAll(() => gw?.close());

const USER = `query($id: ID!) { user(id: $id) {
  effectiveSkills { totalCount nodes { skill { id } source sources { label } } }
} }`;
const ENTITLED = `query($id: ID!) { skill(id: $id) { entitledUsers { totalCount nodes { id } } } }`;

describe("exact at every instant", () => {
  test("a grant stops granting at expiresAt with no sweep, and the next source takes over", async () => {
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    for (const [userId, skillId] of [["st-u1", "st.a"], ["st-u2", "st.b"]]) {
      await gw.ok(`mutation($input: GrantSkillInput!) { grantSkillToUser(input: $input) { grant { id } } }`, {
        input: { userId, skillId, reason: "short", expiresAt },
      });
    }
    const u1 = await gw.ok(USER, { id: "st-u1" });
    expect(u1.user.effectiveSkills.nodes).toEqual([{ skill: { id: "st.a" }, source: "archetype:st-eng", sources: [{ label: "archetype:st-eng" }, { label: "user_grant" }] }]);
    expect((await gw.ok(ENTITLED, { id: "st.b" })).skill.entitledUsers).toEqual({ totalCount: 1, nodes: [{ id: "st-u2" }] });

    await sleep(Date.parse(expiresAt) - Date.now() + 50);
    const after = await gw.ok(USER, { id: "st-u1" });
    expect(after.user.effectiveSkills.nodes).toEqual([{ skill: { id: "st.a" }, source: "archetype:st-eng", sources: [{ label: "archetype:st-eng" }] }]);
    expect((await gw.ok(USER, { id: "st-u2" })).user.effectiveSkills).toEqual({ totalCount: 0, nodes: [] });
    expect((await gw.ok(ENTITLED, { id: "st.b" })).skill.entitledUsers).toEqual({ totalCount: 0, nodes: [] });
    // Nothing swept: the grants are still unrevoked rows.
    expect(await gw.app.db.prisma.userGrant.count({ where: { tenantId: TENANT, revokedAt: null, expiresAt: { not: null } } })).toBe(2);
  });
});

describe("the publisher's read", () => {
  test("gives each user's effective rows as one string of keys, in skill order, deprecated and sources as stored; none for a user without", async () => {
    for (const [id, lifecycle] of [["st.k2", "ACTIVE"], ["st.k1", "DEPRECATED"], ["st.k3", "ACTIVE"]] as const) await makeSkill(gw, id, lifecycle);
    await gw.ok(`mutation { createArchetype(input: { id: "st-keys", name: "Keys", skillIds: ["st.k2", "st.k1"] }) { id } }`);
    await gw.ok(`mutation { createGroup(input: { id: "st-no-k2", name: "No k2" }) { id } }`);
    await gw.ok(`mutation { blockSkillsForGroup(groupId: "st-no-k2", skillIds: ["st.k2"]) { group { id } } }`);
    await gw.ok(`mutation($users: [UpsertUserInput!]!) { upsertUsers(users: $users) { change { affectedUsers } } }`, {
      users: [
        { id: "st-k-a", email: "ka@acme.test", archetypeId: "st-keys" },
        { id: "st-k-b", email: "kb@acme.test", archetypeId: "st-keys", groupIds: ["st-no-k2"] },
        { id: "st-k-none", email: "kn@acme.test" },
      ],
    });
    await gw.ok(`mutation { grantSkillToUser(input: { userId: "st-k-a", skillId: "st.k1", reason: "also" }) { grant { id } } }`);
    await gw.ok(`mutation { grantSkillToUser(input: { userId: "st-k-b", skillId: "st.k3", reason: "one more" }) { grant { id } } }`);
    const users = ["st-k-b", "st-k-none", "st-k-a", "st-k-b", "st-k-missing"];
    const now = new Date();
    const rows = await gw.app.db.prisma.userEntitlement.findMany({
      where: { tenantId: TENANT, userId: { in: users }, blocked: false, ...validAt(now) },
      orderBy: [{ userId: "asc" }, { skillId: "asc" }],
    });
    const expected = new Map(users.map((u) => [u, rows.filter((r) => r.userId === u).map((r) => manifestKey(r.skillId, r.skillVersion, r.deprecated, r.sources)).join(KEY_RECORD)]));
    const got = await readManifestKeys(gw.app.db, TENANT, users, now);
    expect(new Map([...got].sort())).toEqual(new Map([...expected].sort()));
    // What the rows hold: the deprecated skill twice over (archetype and grant) for a, the block keeps k2 from b.
    expect(got.get("st-k-a")!.split(KEY_RECORD).map((k) => k.split("\u001f").slice(0, 2).join("@"))).toEqual(["st.k1@1.0.0", "st.k2@1.0.0"]);
    expect(got.get("st-k-a")!.split(KEY_RECORD)[0]).toMatch(/\u001f1\[/); // deprecated
    expect(got.get("st-k-a")!.split(KEY_RECORD)[1]).toMatch(/\u001f0\[/);
    expect(got.get("st-k-b")!.split(KEY_RECORD).map((k) => k.split("\u001f")[0])).toEqual(["st.k1", "st.k3"]);
    expect(got.get("st-k-none")).toBe("");
    expect(await readManifestKeys(gw.app.db, "other-tenant", ["st-k-a"], now)).toEqual(new Map([["st-k-a", ""]]));
  });
});

describe("a skill's entitled users, paged from the by-skill index", () => {
  test("forwards and backwards give every entitled user once, in id order, blocked users left out", async () => {
    await makeSkill(gw, "st.p");
    await gw.ok(`mutation { createArchetype(input: { id: "st-pager", name: "Pager", skillIds: ["st.p"] }) { id } }`);
    await gw.ok(`mutation { createGroup(input: { id: "st-no-p", name: "No p" }) { id } }`);
    await gw.ok(`mutation { blockSkillsForGroup(groupId: "st-no-p", skillIds: ["st.p"]) { group { id } } }`);
    const ids = ["st-p-05", "st-p-01", "st-p-07", "st-p-03", "st-p-02", "st-p-06", "st-p-04", "st-p-z"];
    await gw.ok(`mutation($users: [UpsertUserInput!]!) { upsertUsers(users: $users) { change { affectedUsers } } }`, {
      users: ids.map((id) => ({ id, email: `${id}@acme.test`, archetypeId: "st-pager", groupIds: id === "st-p-03" ? ["st-no-p"] : [] })),
    });
    const expected = ids.filter((id) => id !== "st-p-03").sort();
    const PAGE = `query($first: Int, $after: String, $last: Int, $before: String) { skill(id: "st.p") {
      entitledUsers(first: $first, after: $after, last: $last, before: $before) {
        totalCount nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`;
    for (const backward of [false, true]) {
      const seen: string[][] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 10; i++) {
        const page: any = (await gw.ok(PAGE, backward ? { last: 3, before: cursor } : { first: 3, after: cursor })).skill.entitledUsers;
        expect(page.totalCount).toBe(expected.length);
        seen.push(page.nodes.map((n: { id: string }) => n.id));
        if (!(backward ? page.pageInfo.hasPreviousPage : page.pageInfo.hasNextPage)) break;
        cursor = backward ? page.pageInfo.startCursor : page.pageInfo.endCursor;
      }
      const flat = backward ? seen.reverse().flat() : seen.flat();
      expect(flat, backward ? "backwards" : "forwards").toEqual(expected);
      expect(seen.every((p) => p.length <= 3)).toBe(true);
    }
  });
});

describe("start-up fills the table for a database from before it existed", () => {
  test("dropping the table and its migration record, then starting again, fills it", async () => {
    const prisma = gw.app.db.prisma;
    const live = () => ({ where: { tenantId: TENANT, ...validAt(new Date()) } });
    const before = await prisma.userEntitlement.count(live());
    expect(before).toBeGreaterThan(0);
    await prisma.$executeRawUnsafe(`DROP TABLE "UserEntitlement"`);
    await prisma.$executeRawUnsafe(`DELETE FROM "_gateway_migrations" WHERE "name" = '0006_stored_entitlements'`);
    const again = await createApp(loadConfig({ JWT_SECRET: "test-secret", DATABASE_URL: gw.db.url, SEED_DEMO_DATA: "0" }));
    try {
      expect(again.db.migrated).toEqual(["0006_stored_entitlements"]);
      expect(await again.db.prisma.userEntitlement.count(live())).toBe(before);
      // Rows that ended before the restart are not rewritten.
      expect(await again.db.prisma.userEntitlement.count({ where: { tenantId: TENANT } })).toBe(before);
      expect(isClean(await reconcileTenant(again.db.prisma, TENANT, { repair: false }))).toBe(true);
    } finally {
      await again.close();
    }
  });
});
