// Idempotent retries over real HTTP, on SQLite and PostgreSQL: the same key and
// body replays the stored answer and writes nothing; another body is CONFLICT;
// concurrent duplicates run once; keys are per tenant and principal; 24 hours.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, token, waitFor, type E2EGateway } from "./helpers.js";

const CREATE = `mutation($id: ID!) { createAgent(input: { id: $id, name: "Bot" }) { id name } }`;

for (const kind of ["sqlite", "postgres"] as const) {
  describe(`Idempotency-Key (${kind})`, () => {
    let gw: E2EGateway;
    let acme: string;

    beforeAll(async () => {
      gw = await startGateway({ db: kind });
      acme = await token();
    });
    afterAll(() => gw?.close());

    async function post(body: unknown, key: string | null, auth = acme) {
      const headers: Record<string, string> = { "content-type": "application/json", authorization: `Bearer ${auth}` };
      if (key !== null) headers["idempotency-key"] = key;
      const res = await fetch(gw.url, { method: "POST", headers, body: JSON.stringify(body) });
      return { status: res.status, replayed: res.headers.get("idempotent-replayed"), text: await res.text() };
    }
    const agents = (tenantId = "acme") => gw.app.db.prisma.agent.count({ where: { tenantId } });
    const events = () => gw.app.db.prisma.governanceEvent.count({ where: { tenantId: "acme" } });

    it("the same key and body replays the answer and writes nothing", async () => {
      const first = await post({ query: CREATE, variables: { id: "bot-1" } }, "key-1");
      expect(first.status).toBe(200);
      expect(JSON.parse(first.text).data.createAgent.id).toBe("bot-1");
      const [agentsBefore, eventsBefore] = [await agents(), await events()];
      // The same request with its variables' keys in another order is the same request.
      const again = await post({ variables: { id: "bot-1" }, query: CREATE }, "key-1");
      expect(again).toEqual({ status: 200, replayed: "true", text: first.text });
      expect([await agents(), await events()]).toEqual([agentsBefore, eventsBefore]);
      // Without the key, the same mutation runs again (and meets the existing agent).
      const unkeyed = await post({ query: CREATE, variables: { id: "bot-1" } }, null);
      expect(JSON.parse(unkeyed.text).errors[0].extensions.code).toBe("CONFLICT");
    });

    it("the same key with another body is CONFLICT (409), and nothing runs", async () => {
      await post({ query: CREATE, variables: { id: "bot-2" } }, "key-2");
      const before = await agents();
      const other = await post({ query: CREATE, variables: { id: "bot-3" } }, "key-2");
      expect(other.status).toBe(409);
      expect(JSON.parse(other.text).errors[0].extensions).toMatchObject({ code: "CONFLICT", status: 409, field: "Idempotency-Key" });
      expect(await agents()).toBe(before);
    });

    it("concurrent duplicates run once: one claim wins, the rest wait their turn or replay", async () => {
      const body = { query: CREATE, variables: { id: "bot-race" } };
      const answers = await Promise.all(Array.from({ length: 8 }, () => post(body, "key-race")));
      const ran = answers.filter((a) => a.status === 200 && a.replayed === null);
      expect(ran).toHaveLength(1);
      for (const a of answers) {
        if (a.status === 409) expect(JSON.parse(a.text).errors[0].extensions).toMatchObject({ code: "CONFLICT", retryAfterSeconds: 1 });
        else expect(a.text).toBe(ran[0]!.text);
      }
      expect(await gw.app.db.prisma.agent.count({ where: { tenantId: "acme", id: "bot-race" } })).toBe(1);
      const later = await post(body, "key-race");
      expect(later).toEqual({ status: 200, replayed: "true", text: ran[0]!.text });
    });

    it("an answer the client has read is already stored: an immediate retry replays it", async () => {
      for (let i = 0; i < 15; i++) {
        const body = { query: CREATE, variables: { id: `bot-quick-${i}` } };
        const first = await post(body, `key-quick-${i}`);
        expect(first.replayed).toBeNull();
        expect(await post(body, `key-quick-${i}`)).toEqual({ status: 200, replayed: "true", text: first.text });
      }
    });

    it("keys are scoped per tenant and per principal", async () => {
      const body = { query: CREATE, variables: { id: "bot-scope" } };
      await post(body, "key-shared");
      const otherTenant = await post(body, "key-shared", await token({ tenant: "globex" }));
      expect(otherTenant.replayed).toBeNull();
      expect(JSON.parse(otherTenant.text).data.createAgent.id).toBe("bot-scope");
      expect(await agents("globex")).toBe(1);
      const otherCaller = await post({ query: CREATE, variables: { id: "bot-scope-2" } }, "key-shared", await token({ sub: "user:other@acme.test" }));
      expect(otherCaller.replayed).toBeNull();
      expect(JSON.parse(otherCaller.text).data.createAgent.id).toBe("bot-scope-2");
    });

    it("after 24 hours the key is free again", async () => {
      const body = { query: CREATE, variables: { id: "bot-old" } };
      await post(body, "key-old");
      // The answer is stored as the response finishes: age the key only once it is DONE.
      await waitFor(async () => (await gw.app.db.prisma.idempotencyKey.findFirst({ where: { key: "key-old", state: "DONE" } })) !== null);
      await gw.app.db.prisma.idempotencyKey.updateMany({
        where: { key: "key-old" },
        data: { createdAt: new Date(Date.now() - 25 * 3600_000), expiresAt: new Date(Date.now() - 3600_000) },
      });
      const reused = await post({ query: CREATE, variables: { id: "bot-new" } }, "key-old");
      expect(reused.replayed).toBeNull();
      expect(JSON.parse(reused.text).data.createAgent.id).toBe("bot-new");
    });

    it("queries ignore the key; a malformed key on a mutation is BAD_USER_INPUT", async () => {
      const q = await post({ query: `{ agents { totalCount } }` }, "key-query");
      const q2 = await post({ query: `{ agents { totalCount } }` }, "key-query");
      expect(q2.replayed).toBeNull();
      expect(q.status).toBe(200);
      expect(await gw.app.db.prisma.idempotencyKey.count({ where: { key: "key-query" } })).toBe(0);
      const bad = await post({ query: CREATE, variables: { id: "bot-bad" } }, "x".repeat(256));
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.text).errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "Idempotency-Key" });
    });

    it("a bad token is still 401 from the GraphQL edge, and nothing is stored", async () => {
      const r = await post({ query: CREATE, variables: { id: "bot-x" } }, "key-auth", "not-a-token");
      expect(r.status).toBe(401);
      expect(await gw.app.db.prisma.idempotencyKey.count({ where: { key: "key-auth" } })).toBe(0);
    });
  });
}
