// Issue 10 item 5 over real HTTP: a statement blocked on a lock fails with
// TIMEOUT instead of holding its connection forever (PostgreSQL statement_timeout,
// SQLite busy timeout), the whole request has a deadline, and a client that
// trickles its body is cut off.
import net from "node:net";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, stringClient, token, waitFor, type E2EGateway, type StringClient } from "./helpers.js";

const CREATE_AGENT = (id: string) => `mutation { createAgent(input: { id: "${id}", name: "${id}" }) { id } }`;

/** Holds the tenant row lock (every writer takes it first) until released. */
async function holdPostgresLock(url: string): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("BEGIN");
  await client.query(`SELECT id FROM "Tenant" WHERE id = 'acme' FOR UPDATE`);
  return async () => {
    await client.query("ROLLBACK");
    await client.end();
  };
}

describe("PostgreSQL statement timeout and request deadline", () => {
  let statement: E2EGateway;
  let request: E2EGateway;
  let apiS: StringClient;
  let apiR: StringClient;

  beforeAll(async () => {
    statement = await startGateway({ db: "postgres", env: { STATEMENT_TIMEOUT_MS: "400", REQUEST_TIMEOUT_MS: "60000" } });
    request = await startGateway({ db: "postgres", env: { STATEMENT_TIMEOUT_MS: "20000", REQUEST_TIMEOUT_MS: "500" } });
    apiS = stringClient(statement.url, await token());
    apiR = stringClient(request.url, await token());
    await apiS.ok(CREATE_AGENT("warm"));
    await apiR.ok(CREATE_AGENT("warm"));
  });
  afterAll(async () => {
    await statement?.close();
    await request?.close();
  });

  it("a statement waiting on a lock gives up with TIMEOUT (503), and the pool stays usable", async () => {
    const release = await holdPostgresLock(statement.db.url);
    try {
      const r = await apiS.run(CREATE_AGENT("blocked"));
      expect(r.body.errors?.[0]?.extensions).toMatchObject({ code: "TIMEOUT", status: 503, retryAfterSeconds: 1 });
      expect(JSON.stringify(r.body)).not.toMatch(/57014|canceling|prisma/i);
    } finally {
      await release();
    }
    expect((await apiS.ok(CREATE_AGENT("after"))).createAgent.id).toBe("after");
    expect((await apiS.ok(`{ agents { nodes { id } } }`)).agents.nodes.map((a: { id: string }) => a.id)).toEqual(["after", "warm"]);
  });

  it("the request deadline answers TIMEOUT (503) while the statement is still waiting", async () => {
    const release = await holdPostgresLock(request.db.url);
    const headers = { "content-type": "application/json", authorization: `Bearer ${await token()}`, "idempotency-key": "late-1" };
    try {
      const res = await fetch(request.url, {
        method: "POST",
        headers,
        body: JSON.stringify({ query: CREATE_AGENT("late") }),
      });
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("1");
      const body = (await res.json()) as { errors: { extensions: unknown }[] };
      expect(body.errors[0].extensions).toMatchObject({ code: "TIMEOUT", status: 503 });
    } finally {
      await release();
    }
    // The abandoned mutation finishes once the lock is gone; a retry with its key gets that answer, not a second run.
    const retry = await waitFor(async () => {
      const r = await fetch(request.url, { method: "POST", headers, body: JSON.stringify({ query: CREATE_AGENT("late") }) });
      return r.status === 409 ? null : { status: r.status, replayed: r.headers.get("idempotent-replayed"), body: await r.json() };
    }, { what: "the late answer to be stored" });
    expect(retry).toMatchObject({ status: 200, replayed: "true", body: { data: { createAgent: { id: "late" } } } });
  });
});

describe("SQLite busy timeout and slow clients", () => {
  let gw: E2EGateway;
  let api: StringClient;

  beforeAll(async () => {
    gw = await startGateway({ env: { SQLITE_BUSY_TIMEOUT_MS: "300", REQUEST_TIMEOUT_MS: "1500" } });
    api = stringClient(gw.url, await token());
    await api.ok(CREATE_AGENT("warm"));
  });
  afterAll(() => gw?.close());

  it("a write waiting for another process's write lock gives up with TIMEOUT (503)", async () => {
    const other = new Database(gw.db.url.slice("file:".length));
    other.exec("BEGIN IMMEDIATE");
    try {
      const r = await api.run(CREATE_AGENT("blocked"));
      expect(r.body.errors?.[0]?.extensions).toMatchObject({ code: "TIMEOUT", status: 503 });
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    expect((await api.ok(CREATE_AGENT("after"))).createAgent.id).toBe("after");
  });

  it("a client that sends its body a byte at a time is cut off at the request timeout", async () => {
    const port = new URL(gw.url).port;
    const socket = net.connect(Number(port), "127.0.0.1");
    const received: Buffer[] = [];
    socket.on("data", (d) => received.push(d));
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.write(`POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`);
    const drip = setInterval(() => socket.writable && socket.write(" "), 200);
    await closed;
    clearInterval(drip);
    const answer = Buffer.concat(received).toString();
    // Node's own 408, or our TIMEOUT 503: either way the socket does not stay open.
    expect(answer).toMatch(/^HTTP\/1\.1 (408|503)/);
  });
});
