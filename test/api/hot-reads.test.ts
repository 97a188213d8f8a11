// The hot reads (db/hot-reads.ts) run on the driver beside Prisma: their
// rows must be exactly what Prisma's findMany gives for the same rows, on both
// databases, for every column of the three tables (nulls, booleans both ways,
// JSON of every shape, dates to the millisecond), and they must stay
// tenant-scoped and counted.
import "reflect-metadata";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestGateway, TENANT, type TestGateway } from "../helpers/harness.js";
import { hotReads, JOINED_AGENT } from "../../src/db/hot-reads.js";

let gw: TestGateway;
beforeAll(async () => {
  gw = await createTestGateway();
  const prisma = gw.app.db.prisma;
  for (const tenantId of [TENANT, "other"]) {
    await prisma.tenant.upsert({ where: { id: tenantId }, create: { id: tenantId }, update: {} });
    await prisma.skill.createMany({
      data: [
        { tenantId, id: "hot.a", name: "A", slug: "hot-a", source: "MANUAL", lifecycle: "ACTIVE", currentVersion: "1.0.0", hasDraftChanges: true, locked: false,
          toolIds: ["x", "y"], metadata: { nested: { n: 1, s: "é" }, list: [1, null] }, searchText: "a", createdAt: new Date("2026-01-02T03:04:05.678Z"),
          deletedAt: null, description: tenantId === TENANT ? "mine" : "theirs" },
        { tenantId, id: "hot.b", name: "B", slug: "hot-b", source: "DISCOVERED", lifecycle: "DELETED", hasDraftChanges: false, locked: true,
          toolIds: [], metadata: "just a string", searchText: "b", deletedAt: new Date("2026-02-03T04:05:06.007Z"), ownerId: "user:x@y.z" },
        { tenantId, id: "hot.c", name: "C", slug: "hot-c", source: "MANUAL", lifecycle: "DRAFT", toolIds: [1, true], metadata: 42, searchText: "c" },
      ],
    });
    await prisma.user.createMany({
      data: [
        { tenantId, id: "u.1", email: "one@acme.test", displayName: "Ünë", searchText: "u1", scimName: { givenName: "Ana", familyName: "B" }, externalId: "x1", userName: "Ana", userNameKey: `ana-${tenantId}`, createdAt: new Date("2026-04-05T06:07:08.009Z") },
        { tenantId, id: "u.2", email: "two@acme.test", searchText: "u2", deprovisionedAt: new Date("2026-05-01T00:00:00.500Z"), archetypeId: "arch" },
      ],
    });
    await prisma.agent.createMany({ data: [{ tenantId, id: "bot.1", name: "One", description: null }, { tenantId, id: "bot.2", name: "Two", status: "DISABLED", description: "d" }] });
    await prisma.agentSkillAssignment.createMany({
      data: [
        { tenantId, id: "as1", agentId: "bot.1", skillId: "hot.a", skillVersion: "1.0.0", enabled: true, priority: 3, config: { k: [1, 2] }, assignedAt: new Date("2026-03-01T00:00:00.001Z") },
        { tenantId, id: "as2", agentId: "bot.2", skillId: "hot.a", skillVersion: "1.0.0", enabled: false, priority: -1, config: {}, assignedAt: new Date("2026-03-01T00:00:00.002Z"), assignedBy: "user:x@y.z" },
        { tenantId, id: "as3", agentId: "bot.1", skillId: "hot.c", skillVersion: "0.1.0", config: ["a"], assignedAt: new Date("2026-03-02T00:00:00Z") },
      ],
    });
  }
});
afterAll(() => gw?.close());

test("hot reads answer exactly what findMany answers, column by column", async () => {
  const prisma = gw.app.db.prisma;
  const hot = hotReads(gw.app.db, TENANT);
  const skills = await hot.skills(["hot.a", "hot.b", "hot.c", "missing"]);
  const byPrisma = await prisma.skill.findMany({ where: { tenantId: TENANT, id: { in: ["hot.a", "hot.b", "hot.c"] } } });
  const sort = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
  expect(sort(skills as typeof byPrisma)).toStrictEqual(sort(byPrisma));
  expect((skills as typeof byPrisma).find((s) => s.id === "hot.a")!.createdAt.toISOString()).toBe("2026-01-02T03:04:05.678Z");

  const users = await hot.users(["u.1", "u.2", "u.none"]);
  expect(sort(users as never[])).toStrictEqual(sort(await prisma.user.findMany({ where: { tenantId: TENANT } })));

  const agents = await hot.agents(["bot.1", "bot.2"]);
  expect(sort(agents as never[])).toStrictEqual(sort(await prisma.agent.findMany({ where: { tenantId: TENANT } })));

  const assignments = await hot.assignmentsBySkill(["hot.a", "hot.c"]);
  const prismaAssignments = await prisma.agentSkillAssignment.findMany({
    where: { tenantId: TENANT, skillId: { in: ["hot.a", "hot.c"] } },
    orderBy: [{ assignedAt: "asc" }, { agentId: "asc" }],
  });
  expect(assignments).toStrictEqual(prismaAssignments);
  expect((assignments as typeof prismaAssignments).map((a) => a.id)).toEqual(["as1", "as2", "as3"]);
});

test("they are tenant-scoped and counted as statements", async () => {
  const other = await hotReads(gw.app.db, "other").skills(["hot.a"]);
  expect((other as { description: string }[]).map((s) => s.description)).toEqual(["theirs"]);
  expect(await hotReads(gw.app.db, "nobody").skills(["hot.a"])).toEqual([]);
  const r = await gw.run(`{ skill(id: "hot.a") { id description assignedAgents(first: 5) { nodes { priority agent { name } } } } }`);
  expect(r.errors).toBeUndefined();
  expect(r.data.skill).toEqual({ id: "hot.a", description: "mine", assignedAgents: { nodes: [{ priority: 3, agent: { name: "One" } }, { priority: -1, agent: { name: "Two" } }] } });
  // The assignments come joined with their agents (one statement for both): skill, assignments.
  expect(r.statements).toBe(2);
});

test("a skill's assignments joined with their agents are findMany's rows, both of them, and stay in the tenant", async () => {
  const prisma = gw.app.db.prisma;
  // The other tenant's agents by the same ids are named otherwise: a join across tenants would show.
  await prisma.agent.updateMany({ where: { tenantId: "other" }, data: { name: "Theirs" } });
  // An assignment whose agent is gone (no foreign keys): listed, its agent null, as without the join.
  await prisma.agentSkillAssignment.create({
    data: { tenantId: TENANT, id: "as4", agentId: "bot.gone", skillId: "hot.c", skillVersion: "0.1.0", config: {}, assignedAt: new Date("2026-03-03T00:00:00Z") },
  });
  try {
    const joined = await hotReads(gw.app.db, TENANT).assignmentsBySkillWithAgent(["hot.a", "hot.c", "missing"]);
    const assignments = await prisma.agentSkillAssignment.findMany({
      where: { tenantId: TENANT, skillId: { in: ["hot.a", "hot.c"] } },
      orderBy: [{ assignedAt: "asc" }, { agentId: "asc" }],
    });
    const agents = new Map((await prisma.agent.findMany({ where: { tenantId: TENANT } })).map((a) => [a.id, a]));
    expect(joined.map(({ [JOINED_AGENT]: _agent, ...row }) => row)).toStrictEqual(assignments);
    expect(joined.map((row) => row[JOINED_AGENT])).toStrictEqual(assignments.map((a) => agents.get(a.agentId) ?? null));
    expect(joined.map((row) => row[JOINED_AGENT]?.name ?? null)).toEqual(["One", "Two", "One", null]);

    // Over GraphQL, whichever way the selection reaches the agent: one statement for both.
    const shapes: [string, (d: any) => unknown][] = [
      [`{ skill(id: "hot.a") { assignedAgents { nodes { id agent { id name } } } } }`, (d) => d.skill.assignedAgents.nodes],
      [`{ skill(id: "hot.a") { assignedAgents { edges { node { id agent { id name } } } } } }`, (d) => d.skill.assignedAgents.edges.map((e: { node: unknown }) => e.node)],
      [`{ skill(id: "hot.a") { assignedAgents { ...A } } } fragment A on AgentSkillAssignmentConnection { nodes { id ... on AgentSkillAssignment { agent { id name } } } }`, (d) => d.skill.assignedAgents.nodes],
    ];
    for (const [query, nodes] of shapes) {
      const r = await gw.run(query);
      expect(r.errors, query).toBeUndefined();
      expect(nodes(r.data), query).toEqual([{ id: "as1", agent: { id: "bot.1", name: "One" } }, { id: "as2", agent: { id: "bot.2", name: "Two" } }]);
      expect(r.statements, query).toBe(2);
    }
    // The gone agent: its assignment is listed and the agent loader asks for it alone (a third
    // statement), so the answer is the one without the join: null for a non-null agent.
    const gone = await gw.run(`{ skill(id: "hot.c") { assignedAgents { nodes { id agent { id name } } } } }`);
    expect(gone.statements).toBe(3);
    expect(gone.errors?.[0]?.path).toEqual(["skill", "assignedAgents", "nodes", 1, "agent"]);
    expect(gone.errors?.[0]?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
    // Without the agent in the selection: no join, and the same assignments.
    const plain = await gw.run(`{ skill(id: "hot.c") { assignedAgents { nodes { id agentId: id } } } }`);
    expect(plain.statements).toBe(2);
    expect(plain.data.skill.assignedAgents.nodes.map((n: { id: string }) => n.id)).toEqual(["as3", "as4"]);
  } finally {
    await prisma.agentSkillAssignment.delete({ where: { tenantId_id: { tenantId: TENANT, id: "as4" } } });
    await prisma.agent.updateMany({ where: { tenantId: "other", id: "bot.1" }, data: { name: "One" } });
    await prisma.agent.updateMany({ where: { tenantId: "other", id: "bot.2" }, data: { name: "Two" } });
  }
});

test("the unfiltered skills page (prepared) pages exactly like the filtered one (Prisma), both ways", async () => {
  await gw.app.db.prisma.skill.createMany({
    data: ["hot.d", "hot.e", "hot.f", "hot.g", "hot.h_", "hot.H", "hot.z"].map((id, i) => ({
      tenantId: TENANT, id, name: id, slug: `slug-${i}`, source: "MANUAL", lifecycle: i === 3 ? "DELETED" : "ACTIVE", toolIds: [], metadata: {}, searchText: id,
    })),
  });
  const PAGE = `query($f: SkillFilter, $first: Int, $after: String, $last: Int, $before: String) {
    skills(filter: $f, first: $first, after: $after, last: $last, before: $before) {
      totalCount edges { cursor node { id lifecycle createdAt } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
  const everyLive = { lifecycle: ["DRAFT", "ACTIVE", "DEPRECATED", "ARCHIVED"] };
  const walk = async (f: unknown, backward: boolean) => {
    const pages: unknown[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) {
      const r: { errors?: unknown; data: any } = await gw.run(PAGE, backward ? { f, last: 2, before: cursor } : { f, first: 2, after: cursor });
      expect(r.errors).toBeUndefined();
      pages.push(r.data.skills);
      const info: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string } = r.data.skills.pageInfo;
      if (!(backward ? info.hasPreviousPage : info.hasNextPage)) break;
      cursor = backward ? info.startCursor : info.endCursor;
    }
    return pages;
  };
  for (const backward of [false, true]) {
    const hot = await walk(null, backward);
    expect(hot.length).toBeGreaterThan(2);
    expect(await walk({}, backward)).toStrictEqual(hot);
    expect(await walk(everyLive, backward)).toStrictEqual(hot);
  }
  const all = (await walk(null, false)).flatMap((p) => (p as { edges: { node: { id: string; lifecycle: string } }[] }).edges.map((e) => e.node));
  expect(all.some((n) => n.lifecycle === "DELETED")).toBe(false);
  expect(all.map((n) => n.id)).toContain("hot.H");
});
