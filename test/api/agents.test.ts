import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { codeOf, createTestGateway, type TestGateway } from "../helpers/harness.js";
import { assign, eventsOf, makeAgent, makeSkill } from "../helpers/agent-fixtures.js";

let gw: TestGateway;
beforeAll(async () => {
  gw = await createTestGateway();
});
afterAll(() => gw?.close());

const CREATE = `mutation($input: CreateAgentInput!) { createAgent(input: $input) { id name status createdAt } }`;
const UPDATE = `mutation($input: UpdateAgentInput!) { updateAgent(input: $input) { id name status } }`;

describe("createAgent", () => {
  test("derives the id from the name and starts ACTIVE", async () => {
    const data = await gw.ok(CREATE, { input: { name: "Release Bot" } });
    expect(data.createAgent).toMatchObject({ id: "release-bot", name: "Release Bot", status: "ACTIVE" });
    const [event] = await eventsOf(gw, "directory.changed");
    expect(event).toMatchObject({ subjects: ["agent:release-bot"], payload: { what: "agent.created" } });
  });

  test("keeps a given id", async () => {
    const data = await gw.ok(CREATE, { input: { id: "bot:triage", name: "Triage" } });
    expect(data.createAgent.id).toBe("bot:triage");
  });

  test("a taken id is CONFLICT, on the field that chose it", async () => {
    const derived = await gw.run(CREATE, { input: { name: "Release  bot" } });
    expect(derived.errors![0].extensions).toMatchObject({ code: "CONFLICT", status: 409, field: "input.name" });
    const given = await gw.run(CREATE, { input: { id: "bot:triage", name: "Other" } });
    expect(given.errors![0].extensions).toMatchObject({ code: "CONFLICT", field: "input.id" });
  });

  test("rejects an invalid id and an empty name", async () => {
    const badId = await gw.run(CREATE, { input: { id: "Not Valid", name: "x" } });
    expect(badId.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.id" });
    const blank = await gw.run(CREATE, { input: { name: "   " } });
    expect(blank.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.name" });
    const noLetters = await gw.run(CREATE, { input: { name: "!!!" } });
    expect(noLetters.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.id" });
  });

  test("needs skills:write", async () => {
    const r = await gw.run(CREATE, { input: { name: "Sneaky" } }, { scopes: ["skills:read"] });
    expect(codeOf(r)).toBe("FORBIDDEN");
  });
});

describe("updateAgent", () => {
  test("renames and pauses, recording what changed", async () => {
    const data = await gw.ok(UPDATE, { input: { id: "bot:triage", name: "Triage Bot", status: "PAUSED" } });
    expect(data.updateAgent).toEqual({ id: "bot:triage", name: "Triage Bot", status: "PAUSED" });
    const event = (await eventsOf(gw, "directory.changed")).at(-1)!;
    expect(event).toMatchObject({
      subjects: ["agent:bot:triage"],
      payload: {
        what: "agent.updated",
        changes: { name: { from: "Triage", to: "Triage Bot" }, status: { from: "ACTIVE", to: "PAUSED" } },
      },
    });
  });

  test("an unknown agent is NOT_FOUND", async () => {
    const r = await gw.run(UPDATE, { input: { id: "nobody", status: "ARCHIVED" } });
    expect(r.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", field: "input.id" });
  });
});

describe("agent and agents", () => {
  test("agent(id) answers null for unknown ids and for other tenants", async () => {
    expect(await gw.ok(`{ agent(id: "release-bot") { id name } }`)).toEqual({ agent: { id: "release-bot", name: "Release Bot" } });
    expect(await gw.ok(`{ agent(id: "nobody") { id } }`)).toEqual({ agent: null });
    expect(await gw.ok(`{ agent(id: "release-bot") { id } }`, {}, { tenant: "other" })).toEqual({ agent: null });
  });

  test("filters by status", async () => {
    const paused = await gw.ok(`{ agents(status: PAUSED) { nodes { id } totalCount } }`);
    expect(paused.agents).toEqual({ nodes: [{ id: "bot:triage" }], totalCount: 1 });
  });

  test("needs skills:read", async () => {
    const r = await gw.run(`{ agents { nodes { id } } }`, {}, { scopes: [] });
    expect(codeOf(r)).toBe("FORBIDDEN");
  });
});

describe("agents pagination", () => {
  const as = { tenant: "pager" };
  const ids = Array.from({ length: 7 }, (_, i) => `agent-${i + 1}`);
  const PAGE = `query($first: Int, $after: String, $last: Int, $before: String) {
    agents(first: $first, after: $after, last: $last, before: $before) {
      edges { cursor node { id } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      totalCount
    }
  }`;
  const idsOf = (c: any) => c.edges.map((e: any) => e.node.id);

  beforeAll(async () => {
    // Created out of order: the connection orders by id, not by creation.
    for (const id of [...ids].reverse()) await gw.ok(CREATE, { input: { id, name: id } }, as);
  });

  test("walks forward with first/after", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { agents: page }: any = await gw.ok(PAGE, { first: 3, after }, as);
      seen.push(...idsOf(page));
      expect(page.totalCount).toBe(7);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(ids);
  });

  test("walks backward with last/before", async () => {
    const seen: string[] = [];
    let before: string | null = null;
    for (;;) {
      const { agents: page }: any = await gw.ok(PAGE, { last: 3, before }, as);
      seen.unshift(...idsOf(page));
      expect(page.pageInfo.hasNextPage).toBe(before !== null);
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(seen).toEqual(ids);
  });

  test("a cursor from one direction works in the other", async () => {
    const { agents: first }: any = await gw.ok(PAGE, { first: 4 }, as);
    const { agents: back }: any = await gw.ok(PAGE, { last: 2, before: first.pageInfo.endCursor }, as);
    expect(idsOf(back)).toEqual(["agent-2", "agent-3"]);
    expect(back.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
  });

  test("both directions, bad sizes and bad cursors are BAD_USER_INPUT", async () => {
    expect(codeOf(await gw.run(PAGE, { first: 2, last: 2 }, as))).toBe("BAD_USER_INPUT");
    expect(codeOf(await gw.run(PAGE, { first: 101 }, as))).toBe("BAD_USER_INPUT");
    expect(codeOf(await gw.run(PAGE, { last: 0 }, as))).toBe("BAD_USER_INPUT");
    expect(codeOf(await gw.run(PAGE, { first: 2, after: "garbage" }, as))).toBe("BAD_USER_INPUT");
  });
});

describe("Agent.skills", () => {
  const as = { tenant: "holder" };
  const SKILLS = `query($first: Int, $after: String, $last: Int, $before: String) {
    agent(id: "holder") {
      skills(first: $first, after: $after, last: $last, before: $before) {
        nodes { skill { id } priority agent { id } }
        pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
        totalCount
      }
    }
  }`;

  beforeAll(async () => {
    for (const id of ["s.a", "s.b", "s.c", "s.d"]) await makeSkill(gwFor(as), id);
    await makeAgent(gwFor(as), "holder");
    await assign(gwFor(as), "holder", "s.d", 1);
    await assign(gwFor(as), "holder", "s.c", 5);
    await assign(gwFor(as), "holder", "s.b", 1);
    await assign(gwFor(as), "holder", "s.a", 0);
  });

  test("orders by priority descending, then skill id", async () => {
    const data = await gw.ok(SKILLS, {}, as);
    expect(data.agent.skills.nodes.map((n: any) => [n.skill.id, n.priority])).toEqual([
      ["s.c", 5],
      ["s.b", 1],
      ["s.d", 1],
      ["s.a", 0],
    ]);
    expect(data.agent.skills.nodes[0].agent.id).toBe("holder");
    expect(data.agent.skills.totalCount).toBe(4);
  });

  test("pages in both directions", async () => {
    const first = (await gw.ok(SKILLS, { first: 2 }, as)).agent.skills;
    expect(first.nodes.map((n: any) => n.skill.id)).toEqual(["s.c", "s.b"]);
    const next = (await gw.ok(SKILLS, { first: 2, after: first.pageInfo.endCursor }, as)).agent.skills;
    expect(next.nodes.map((n: any) => n.skill.id)).toEqual(["s.d", "s.a"]);
    expect(next.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const back = (await gw.ok(SKILLS, { last: 3, before: next.pageInfo.endCursor }, as)).agent.skills;
    expect(back.nodes.map((n: any) => n.skill.id)).toEqual(["s.c", "s.b", "s.d"]);
    expect(back.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });
});

describe("statements per request", () => {
  const as = { tenant: "bulk" };
  const AGENTS = `query($first: Int!) {
    agents(first: $first) { nodes { id skills { nodes { skill { id name versions { version } } priority } } } }
  }`;

  beforeAll(async () => {
    const skills = ["bulk.one", "bulk.two", "bulk.three", "bulk.four"];
    for (const id of skills) await makeSkill(gwFor(as), id);
    // One document of serial mutations per batch keeps set-up fast on PostgreSQL.
    const agents = Array.from({ length: 60 }, (_, i) => `bulk-${String(i).padStart(2, "0")}`);
    const create = agents.map((id, i) => `c${i}: createAgent(input: { id: "${id}", name: "${id}" }) { id }`);
    await gw.ok(`mutation { ${create.join("\n")} }`, {}, as);
    const grants = agents.flatMap((id, i) => [
      `a${i}: assignSkill(input: { agentId: "${id}", skillId: "${skills[i % 4]}", priority: 2 }) { assignment { id } }`,
      `b${i}: assignSkill(input: { agentId: "${id}", skillId: "${skills[(i + 1) % 4]}" }) { assignment { id } }`,
    ]);
    await gw.ok(`mutation { ${grants.join("\n")} }`, {}, as);
  });

  test("do not grow with the page size", async () => {
    const big = await gw.run(AGENTS, { first: 50 }, as);
    const small = await gw.run(AGENTS, { first: 10 }, as);
    expect(big.errors).toBeUndefined();
    expect(small.errors).toBeUndefined();
    expect(big.data.agents.nodes).toHaveLength(50);
    expect(small.data.agents.nodes).toHaveLength(10);
    for (const agent of big.data.agents.nodes) {
      expect(agent.skills.nodes).toHaveLength(2);
      expect(agent.skills.nodes[0].skill.versions).toEqual([{ version: "1.0.0" }]);
    }
    console.log(
      `[statements] ${process.env.TEST_DB}: agents(first: 50) = ${big.statements}, agents(first: 10) = ${small.statements}`,
    );
    expect(big.statements).toBe(small.statements);
  });
});

/** The shared gateway with a fixed tenant, for the fixture helpers. */
function gwFor(as: { tenant: string }): TestGateway {
  return { ...gw, ok: (q, v, a) => gw.ok(q, v, { ...as, ...a }), run: (q, v, a) => gw.run(q, v, { ...as, ...a }) };
}
