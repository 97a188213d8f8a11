// SQL statements per request must not grow with the size of a page or the
// number of entitlement sources: every relation goes through a batched loader.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { rebuildStored } from "../helpers/stored.js";
import { createTestGateway, TENANT, type TestGateway } from "../helpers/harness.js";

let gw: TestGateway;
const tenantId = TENANT;

beforeAll(async () => {
  gw = await createTestGateway();
  const prisma = gw.app.db.prisma;
  // 60 skills (two versions each), 3 agents holding all of them, 120 users with
  // archetype, two groups, a role and a grant each.
  for (let i = 0; i < 60; i++) {
    const id = `count.skill-${String(i).padStart(2, "0")}`;
    await gw.ok(`mutation($id: ID!, $name: String!) { createSkill(input: { id: $id, name: $name, instructions: "v1" }) { skill { id } } }`, { id, name: id });
    await gw.ok(`mutation($id: ID!) { deploySkill(id: $id) { skill { id } } }`, { id });
    await gw.ok(`mutation($id: ID!) { updateSkill(input: { id: $id, instructions: "v2" }) { skill { id } } }`, { id });
    await gw.ok(`mutation($id: ID!) { deploySkill(id: $id) { skill { id } } }`, { id });
  }
  for (const agentId of ["agent-a", "agent-b", "agent-c"]) {
    await gw.ok(`mutation($id: ID!, $name: String!) { createAgent(input: { id: $id, name: $name }) { id } }`, { id: agentId, name: agentId });
    for (let i = 0; i < 60; i++) {
      await gw.ok(`mutation($a: ID!, $s: ID!) { assignSkill(input: { agentId: $a, skillId: $s }) { assignment { id } } }`, {
        a: agentId,
        s: `count.skill-${String(i).padStart(2, "0")}`,
      });
    }
  }
  await prisma.archetype.create({ data: { tenantId, id: "eng", name: "Engineer" } });
  await prisma.archetypeSkill.createMany({
    data: [0, 1, 2, 3, 4].map((i) => ({ tenantId, archetypeId: "eng", skillId: `count.skill-0${i}`, origin: "MANUAL" })),
  });
  await prisma.group.createMany({ data: ["g1", "g2"].map((id) => ({ tenantId, id, name: id })) });
  await prisma.groupAugment.createMany({ data: [10, 11, 12].map((i) => ({ tenantId, groupId: "g1", skillId: `count.skill-${i}` })) });
  await prisma.groupBlock.create({ data: { tenantId, groupId: "g2", skillId: "count.skill-01" } });
  await prisma.role.create({ data: { tenantId, id: "r1", name: "Role" } });
  await prisma.roleSkill.createMany({ data: [20, 21].map((i) => ({ tenantId, roleId: "r1", skillId: `count.skill-${i}` })) });
  const users = Array.from({ length: 120 }, (_, i) => `user:u${String(i).padStart(3, "0")}@acme.test`);
  await prisma.user.createMany({ data: users.map((id) => ({ tenantId, id, email: id.slice(5), archetypeId: "eng", searchText: id })) });
  await prisma.groupMember.createMany({ data: users.flatMap((userId) => ["g1", "g2"].map((groupId) => ({ tenantId, groupId, userId }))) });
  await prisma.roleMember.createMany({ data: users.map((userId) => ({ tenantId, roleId: "r1", userId })) });
  await prisma.userGrant.createMany({
    data: users.map((userId, i) => ({ tenantId, id: `grant_${i}`, userId, skillId: `count.skill-${30 + (i % 5)}`, reason: "count" })),
  });
  await rebuildStored(gw, tenantId);
}, 240_000);
afterAll(() => gw?.close());

async function statements(query: string): Promise<number> {
  const r = await gw.run(query);
  expect(r.errors).toBeUndefined();
  // Every query here reads the database: zero would mean the counter stopped counting.
  expect(r.statements).toBeGreaterThan(0);
  return r.statements;
}

describe("statements per request do not grow with page size", () => {
  test("skills with assignedAgents and versions: 50 vs 10", async () => {
    const q = (n: number) =>
      `{ skills(first: ${n}) { nodes { id assignedAgentsCount assignedAgents(first: 5) { nodes { agent { id name } priority } } versions { version isDraft } repository { id } } } }`;
    const [fifty, ten] = [await statements(q(50)), await statements(q(10))];
    console.log(`skills page with assignedAgents and versions: first 50 → ${fifty} statements, first 10 → ${ten}`);
    expect(fifty).toBe(ten);
    expect(fifty).toBeLessThanOrEqual(6);
  });

  test("agents with their skills: 3 agents × 60 assignments, page of 3 vs 1", async () => {
    const q = (n: number) => `{ agents(first: ${n}) { nodes { id skills(first: 50) { nodes { skill { id name versions { version } } priority } } } } }`;
    const [three, one] = [await statements(q(3)), await statements(q(1))];
    console.log(`agents page with skills: first 3 → ${three} statements, first 1 → ${one}`);
    expect(three).toBe(one);
  });

  test("effective skills for one user: constant whatever the number of sources", async () => {
    const q = `{ user(id: "user:u000@acme.test") { effectiveSkills(first: 100) { totalCount nodes { skill { id name } skillVersion source sources { kind label group { id } role { id } archetype { id } grant { id } } } } blockedSkills { skill { id } blockedBy } } }`;
    const before = await statements(q);
    // Ten more sources for the same user: grants and a group augment.
    const prisma = gw.app.db.prisma;
    await prisma.userGrant.createMany({
      data: Array.from({ length: 10 }, (_, i) => ({ tenantId, id: `grant_more_${i}`, userId: "user:u000@acme.test", skillId: `count.skill-${40 + i}`, reason: "more" })),
    });
    await prisma.groupAugment.createMany({ data: [50, 51].map((i) => ({ tenantId, groupId: "g1", skillId: `count.skill-${i}` })) });
    await rebuildStored(gw, tenantId);
    const after = await statements(q);
    console.log(`one user's effective skills: ${before} statements, ${after} with 12 more sources`);
    expect(after).toBe(before);
  });

  test("the picker's read (skill ids and sources) reads the user and its stored rows, no skill rows", async () => {
    const q = (skill: string) => `{ user(id: "user:u001@acme.test") { effectiveSkills(first: 100) { totalCount nodes { skill { ${skill} } source } } blockedSkills { skill { ${skill} } } } }`;
    const [picker, named] = [await statements(q("id")), await statements(q("id name"))];
    console.log(`one user's picker read: ${picker} statements; with skill names: ${named}`);
    expect(picker).toBe(2);
    expect(named).toBe(3);
    const [ids, withNames] = [await gw.ok(q("id")), await gw.ok(q("id name"))];
    expect(ids.user.effectiveSkills.nodes.length).toBeGreaterThan(0);
    const strip = (d: typeof withNames) => JSON.stringify(d, (k, v) => (k === "name" ? undefined : v));
    expect(strip(withNames)).toBe(JSON.stringify(ids));
  });

  test("user(id) starts its stored read beside the user's own: the same statements, in flight together", async () => {
    // Each statement is held one turn of the event loop: two issued in the same turn are
    // in flight together, one issued after another has answered is not.
    const direct = gw.app.db.direct;
    const query = direct.query;
    let [inFlight, most] = [0, 0];
    direct.query = (async (...args: Parameters<typeof query>) => {
      most = Math.max(most, ++inFlight);
      try {
        await new Promise((r) => setImmediate(r));
        return await query.apply(direct, args);
      } finally {
        inFlight--;
      }
    }) as typeof query;
    const measure = async (q: string) => {
      while (inFlight) await new Promise((r) => setImmediate(r)); // a read the last answer did not wait for
      most = 0;
      const r = await gw.run(q);
      expect(r.errors).toBeUndefined();
      return { statements: r.statements, together: most, data: r.data };
    };
    try {
      const user = `user(id: "USER:U001@acme.test")`;
      const picker = await measure(`{ ${user} { effectiveSkills(first: 100) { totalCount nodes { skill { id } source } } } }`);
      expect(picker).toMatchObject({ statements: 2, together: 2 });
      expect(picker.data.user.effectiveSkills.nodes.length).toBeGreaterThan(0);
      expect(await measure(`{ ${user} { effectiveSkills { totalCount } } }`)).toMatchObject({ statements: 2, together: 2 });
      expect(await measure(`{ ${user} { id blockedSkills { skill { id } } } }`)).toMatchObject({ statements: 2, together: 2 });
      // Two keys, one counted and one listed: both reads start, and both are used.
      expect(await measure(`{ ${user} { a: effectiveSkills { totalCount } b: effectiveSkills(first: 5) { nodes { source } } } }`)).toMatchObject({ statements: 3, together: 3 });
      // Under a fragment or a directive nothing is planned ahead: the same answer, one read after the other.
      const fragment = await measure(`{ ${user} { ...F } } fragment F on User { effectiveSkills(first: 100) { totalCount nodes { skill { id } source } } }`);
      expect(fragment).toMatchObject({ statements: 2, together: 1 });
      expect(fragment.data).toEqual(picker.data);
      expect(await measure(`{ ${user} { effectiveSkills(first: 100) @include(if: true) { totalCount } } }`)).toMatchObject({ statements: 2, together: 1 });
      // A user that does not exist (or is another tenant's) answers null; the read started for it
      // is the one unused statement, and the answer does not wait for it.
      const missing = await measure(`{ user(id: "user:nobody@acme.test") { effectiveSkills { totalCount } } }`);
      expect(missing).toMatchObject({ together: 2, data: { user: null } });
      expect(missing.statements).toBeLessThanOrEqual(2);
      // Without entitlement fields the user read is alone.
      expect(await measure(`{ ${user} { id email } }`)).toMatchObject({ statements: 1, together: 1 });
    } finally {
      direct.query = query;
    }
  });

  test("a page of 100 users with effective skills and each skill's details: same as 10 users", async () => {
    const q = (n: number) =>
      `{ users(first: ${n}) { nodes { id effectiveSkills(first: 100) { nodes { skill { id name currentVersion versions { version } } source sources { label } } } } } }`;
    const [hundred, ten] = [await statements(q(100)), await statements(q(10))];
    console.log(`users page with effective skills: first 100 → ${hundred} statements, first 10 → ${ten}`);
    expect(hundred).toBe(ten);
  });

  test("a page of users with explainSkill: 30 users cost what 5 do (it was N+1)", async () => {
    const q = (n: number) =>
      `{ users(first: ${n}) { nodes { id explainSkill(skillId: "count.skill-01") { effective reasons sources { label } } } } }`;
    const [thirty, five] = [await statements(q(30)), await statements(q(5))];
    console.log(`users page with explainSkill: first 30 → ${thirty} statements, first 5 → ${five}`);
    expect(thirty).toBe(five);
    const r = await gw.ok(q(3));
    expect(r.users.nodes[0].explainSkill).toMatchObject({ effective: false, reasons: ["BLOCKED"] });
  });

  test("entitledUsers with totalCount, and effectiveSkills totalCount for a page of users", async () => {
    const entitled = (n: number) => `{ skill(id: "count.skill-00") { entitledUsers(first: ${n}) { totalCount nodes { id email } } } }`;
    const [twenty, five] = [await statements(entitled(20)), await statements(entitled(5))];
    expect(twenty).toBe(five);
    expect((await gw.ok(entitled(20))).skill.entitledUsers.totalCount).toBe(120);
    const counts = (n: number) => `{ users(first: ${n}) { nodes { effectiveSkills { totalCount } } } }`;
    const [hundred, ten] = [await statements(counts(100)), await statements(counts(10))];
    console.log(`entitledUsers: ${twenty} statements; users page with effectiveSkills totalCount: ${hundred}`);
    expect(hundred).toBe(ten);
  });
});
