// Issue 10 item 1: one read query must not take the gateway down. Over real HTTP
// and graphql-ws, on a tenant of 50 agents × 50 assignments and 100 users in 10
// groups: the queries are refused before they run with QUERY_TOO_COMPLEX
// (what was measured and the maximum in extensions), documented queries still run
// and report their cost, and a caller over its budget gets RATE_LIMITED (429).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startGateway, stringClient, token, wsClient, collect, type E2EGateway, postRaw } from "./helpers.js";

const T = "acme";
const KILLER = `{ skills(first:100){ nodes { id assignedAgents(first:100){nodes{agent{id skills(first:100){nodes{skill{id assignedAgents(first:100){nodes{agent{id skills(first:100){nodes{skill{id}}}}}}}}}}}} } } }`;
const GROUPS_TWO_DEEP = `{ users(first:100){ nodes { id groups { id members(first:100){ nodes { id groups { id members(first:100){ nodes { id email } } } } } } } } }`;
const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: users(first:100){ effectiveSkills { totalCount } }`).join(" ")} }`;
const DOCUMENTED = `{ skills(first:100){ nodes { id assignedAgents(first:100){ nodes { agent { id } } } } } }`;

let gw: E2EGateway;
let read: string;

beforeAll(async () => {
  gw = await startGateway({ env: { RATE_LIMIT_POINTS: "500", RATE_LIMIT_WINDOW_SECONDS: "3600" } });
  const db = gw.app.db.prisma;
  await db.tenant.upsert({ where: { id: T }, create: { id: T }, update: {} });
  const skills = Array.from({ length: 50 }, (_, i) => `acme.s${String(i).padStart(2, "0")}`);
  const agents = Array.from({ length: 50 }, (_, i) => `a${String(i).padStart(2, "0")}`);
  await db.skill.createMany({
    data: skills.map((id) => ({
      tenantId: T, id, name: id, slug: id, source: "CUSTOM", lifecycle: "ACTIVE", currentVersion: "1.0.0",
      toolIds: [], metadata: {}, searchText: id,
    })),
  });
  await db.agent.createMany({ data: agents.map((id) => ({ tenantId: T, id, name: id })) });
  await db.agentSkillAssignment.createMany({
    data: agents.flatMap((agentId) => skills.map((skillId) => ({ tenantId: T, id: `${agentId}/${skillId}`, agentId, skillId, skillVersion: "1.0.0", config: {} }))),
  });
  const users = Array.from({ length: 100 }, (_, i) => `user:u${i}@acme.test`);
  await db.user.createMany({ data: users.map((id) => ({ tenantId: T, id, email: id.slice(5), searchText: id })) });
  const groups = Array.from({ length: 10 }, (_, i) => `g${i}`);
  await db.group.createMany({ data: groups.map((id) => ({ tenantId: T, id, name: id })) });
  await db.groupMember.createMany({ data: groups.flatMap((groupId) => users.map((userId) => ({ tenantId: T, groupId, userId }))) });
  read = await token({ scopes: ["skills:read"], sub: "user:reader@acme.test" });
});

afterAll(async () => {
  await gw?.close();
});

describe("refused before it runs", () => {
  test("the issue's five-level query: QUERY_TOO_COMPLEX at once, with its cost and the limit", async () => {
    const started = performance.now();
    const r = await stringClient(gw.url, read).run(KILLER);
    const ms = performance.now() - started;
    console.log(`[limits] killer query refused in ${ms.toFixed(1)} ms: ${r.body.errors?.[0]?.message}`);
    expect(r.status).toBe(400);
    expect(r.body.data ?? null).toBeNull();
    expect(r.body.errors?.[0]?.extensions).toMatchObject({
      code: "QUERY_TOO_COMPLEX",
      status: 400,
      limit: "nodes",
      value: 100 + 100 ** 2 + 100 ** 3 + 100 ** 4 + 100 ** 5,
      maximum: 50_000,
      maxCost: 500,
    });
    expect(r.body.errors?.[0]?.extensions?.cost).toBeGreaterThan(500);
    // Not a timing target: only proof that nothing ran (the unlimited query took minutes, then the heap).
    expect(ms).toBeLessThan(5_000);
  });

  test("users → groups → members, two levels deep", async () => {
    const r = await stringClient(gw.url, read).run(GROUPS_TWO_DEEP);
    expect(r.status).toBe(400);
    expect(r.body.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "nodes" });
  });

  test("1,000 aliases of users(first:100){effectiveSkills{totalCount}}: refused by the token limit", async () => {
    const r = await stringClient(gw.url, read).run(aliases(1000));
    expect(r.status).toBe(400);
    expect(r.body.errors).toHaveLength(1);
    expect(r.body.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", status: 400, limit: "tokens", maximum: 5000 });
  });

  test("31 aliases: refused by the alias limit; 30 small ones run", async () => {
    const many = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `v${i}: viewer { subject }`).join(" ")} }`;
    const over = await stringClient(gw.url, read).run(many(31));
    expect(over.status).toBe(400);
    expect(over.body.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "aliases", maximum: 30 });
    const ok = await stringClient(gw.url, read).run(many(30));
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.body.data)).toHaveLength(30);
  });

  test("deeper than 12 fields: refused by the depth limit even with one node per level", async () => {
    const deep = `{ skills(first:1){ nodes { assignedAgents(first:1){ nodes { agent { skills(first:1){ nodes { skill { assignedAgents(first:1){ nodes { agent { skills(first:1) { nodes { skill { id } } } } } } } } } } } } } } }`;
    const r = await stringClient(gw.url, read).run(deep);
    expect(r.status).toBe(400);
    expect(r.body.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "depth", maximum: 12 });
  });

  test("fragments spread over and over cannot make the cost walk explode", async () => {
    // Each level doubles the fields graphql-js would resolve: 2^20 without the field bound.
    const levels = 20;
    const frags = Array.from({ length: levels }, (_, i) =>
      i === levels - 1 ? `fragment F${i} on Viewer { subject }` : `fragment F${i} on Viewer { ...F${i + 1} }`,
    );
    const doubled = Array.from({ length: levels }, (_, i) => `fragment D${i} on Query { x${i}: viewer { ...F0 } y${i}: viewer { ...F0 } }`);
    const q = `{ ...D0 ${Array.from({ length: levels - 1 }, (_, i) => `...D${i + 1}`).join(" ")} } ${frags.join(" ")} ${doubled.join(" ")}`;
    const r = await stringClient(gw.url, read).run(q);
    expect(r.status).toBe(400);
    expect(r.body.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "aliases" });
  });

  test("a first/last given through a variable counts as given", async () => {
    const q = `query($n: Int) { skills(first: $n){ nodes { assignedAgents(first: $n){ nodes { agent { skills(first: $n) { nodes { skill { id } } } } } } } } }`;
    const big = await stringClient(gw.url, read).run(q, { n: 100 });
    expect(big.body.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "nodes", value: 100 + 100 ** 2 + 100 ** 3 });
    const small = await stringClient(gw.url, read).run(q, { n: 5 });
    expect(small.status).toBe(200);
    expect(small.body.errors).toBeUndefined();
    expect(small.body.extensions?.cost).toMatchObject({ nodeCount: 5 + 25 + 125, cost: 2 });
  });

  test("over graphql-ws the same query is refused the same way", async () => {
    const client = wsClient(gw.wsUrl, read);
    try {
      const sub = collect(client, KILLER);
      const [error] = await sub.failure();
      expect(error.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "nodes" });
      const many = collect(client, `{ ${Array.from({ length: 31 }, (_, i) => `v${i}: viewer { subject }`).join(" ")} }`);
      expect((await many.failure())[0].extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "aliases" });

    } finally {
      await client.dispose();
    }
  });
});

describe("documented queries run and report their cost", () => {
  test("skills(first:100) with assignedAgents(first:100): 10,100 nodes, 101 points, in extensions.cost and rateLimit", async () => {
    const auth = await token({ scopes: ["skills:read"], sub: "user:documented@acme.test" });
    const r = await stringClient(gw.url, auth).run(`{ ${DOCUMENTED.slice(1, -1)} rateLimit { cost nodeCount limit remaining resetAt } }`);
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.skills.nodes).toHaveLength(50);
    expect(r.body.data.skills.nodes[0].assignedAgents.nodes).toHaveLength(50);
    expect(r.body.data.rateLimit).toMatchObject({ cost: 101, nodeCount: 10_100, limit: 500, remaining: 399 });
    expect(Date.parse(r.body.data.rateLimit.resetAt)).toBeGreaterThan(Date.now());
    expect(r.body.extensions?.cost).toMatchObject({ cost: 101, nodeCount: 10_100, limit: 500, remaining: 399 });
  });

  test("a plain query costs 1 point", async () => {
    const auth = await token({ scopes: ["skills:read"], sub: "user:plain@acme.test" });
    const r = await stringClient(gw.url, auth).run(`{ viewer { subject } rateLimit { cost nodeCount remaining } }`);
    expect(r.body.data.rateLimit).toEqual({ cost: 1, nodeCount: 0, remaining: 499 });
  });
});

describe("the per-caller budget", () => {
  test("past the budget: HTTP 429 RATE_LIMITED with retryAfterSeconds and Retry-After; another caller is unaffected", async () => {
    const auth = await token({ scopes: ["skills:read"], sub: "user:greedy@acme.test" });
    const api = stringClient(gw.url, auth);
    for (let i = 0; i < 4; i++) expect((await api.run(DOCUMENTED)).status).toBe(200); // 4 × 101 of 500
    const res = await fetch(gw.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${auth}` },
      body: JSON.stringify({ query: DOCUMENTED }),
    });
    const body = (await res.json()) as { data?: unknown; errors: { extensions: Record<string, unknown> }[] };
    expect(res.status).toBe(429);
    expect(body.data ?? null).toBeNull();
    expect(body.errors[0].extensions).toMatchObject({ code: "RATE_LIMITED", status: 429, cost: 101, limit: 500 });
    const retry = body.errors[0].extensions.retryAfterSeconds as number;
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(3600);
    expect(res.headers.get("retry-after")).toBe(String(retry));
    // A small query still fits in what is left.
    expect((await api.run(`{ viewer { subject } }`)).status).toBe(200);
    const other = await token({ scopes: ["skills:read"], sub: "user:other@acme.test" });
    expect((await stringClient(gw.url, other).run(DOCUMENTED)).status).toBe(200);
  });

  test("with REDIS_URL two gateway processes charge one budget", async () => {
    const prefix = `gw-limits-${process.pid}-${Date.now()}`;
    const env = { REDIS_URL: "redis://127.0.0.1:6379", REDIS_PREFIX: prefix, RATE_LIMIT_POINTS: "250" };
    const [a, b] = await Promise.all([startGateway({ env }), startGateway({ env })]);
    try {
      const auth = await token({ scopes: ["skills:read"], sub: "user:shared@acme.test" });
      const q = `{ skills(first: 100) { nodes { id } } users(first: 100) { nodes { id } } rateLimit { cost remaining limit } }`; // 2 points
      const first = await postRaw(a.url, { query: q }, auth);
      expect(first.body.data.rateLimit).toEqual({ cost: 2, remaining: 248, limit: 250 });
      const second = await postRaw(b.url, { query: q }, auth);
      expect(second.body.data.rateLimit.remaining).toBeLessThanOrEqual(247);
      expect(second.body.data.rateLimit.remaining).toBeGreaterThanOrEqual(246);
      const big = `{ s: skills(first: 100) { nodes { assignedAgents(first: 100) { nodes { id } } } } }`; // 101 points
      expect((await postRaw(a.url, { query: big }, auth)).status).toBe(200);
      expect((await postRaw(b.url, { query: big }, auth)).status).toBe(200);
      const over = await postRaw(a.url, { query: big }, auth);
      expect(over.status).toBe(429);
      expect(over.body.errors?.[0]?.extensions).toMatchObject({ code: "RATE_LIMITED" });
    } finally {
      await Promise.all([a.close(), b.close()]);
      const { Redis } = await import("ioredis");
      const redis = new Redis("redis://127.0.0.1:6379");
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
  });
});
