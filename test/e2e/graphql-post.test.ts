// POST /graphql's fast path (src/http/graphql-post.ts) answers exactly as the
// Express route does. Each request is sent twice over real HTTP: as plain JSON
// (the fast path) and gzip-encoded (which only the Express route reads), and
// the two answers must be the same, byte for byte in the body, for good
// queries, refusals and bodies body-parser would refuse. A spy on Express's
// request handling shows which path each request took.
import { gzipSync } from "node:zlib";
import http from "node:http";
import express from "express";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { startGateway, token, type E2EGateway } from "./helpers.js";

const ALLOWED = "http://app.allowed.test";
// Express 5 copies the application's methods onto each app it creates: a spy set before the gateway starts sees every request Express handles.
const expressHandled = vi.spyOn(express.application as unknown as { handle: (...a: unknown[]) => unknown }, "handle");

let gw: E2EGateway;
let admin: string;

beforeAll(async () => {
  gw = await startGateway({ seedDemo: true, env: { CORS_ORIGINS: ALLOWED } });
  admin = await token({ tenant: "dainese", scopes: ["admin"] });
});

afterAll(async () => {
  await gw?.close();
  expressHandled.mockRestore();
});

interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | null>;
  viaExpress: boolean;
}

const COMPARED_HEADERS = ["content-type", "access-control-allow-origin", "access-control-expose-headers", "vary", "retry-after", "www-authenticate"];

/** The cost extension's budget moves with every request; the rest must match byte for byte. */
function steady(body: string): string {
  return body.replace(/"remaining":\d+/, '"remaining":0').replace(/"resetAt":"[^"]*"/, '"resetAt":""');
}

async function send(body: string | Buffer, headers: Record<string, string>): Promise<Answer> {
  const before = expressHandled.mock.calls.length;
  const res = await fetch(gw.url, { method: "POST", headers, body });
  const text = await res.text();
  expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  return {
    status: res.status,
    body: steady(text),
    headers: Object.fromEntries(COMPARED_HEADERS.map((h) => [h, res.headers.get(h)])),
    viaExpress: expressHandled.mock.calls.length > before,
  };
}

/** The same request on both paths. */
async function both(text: string, headers: Record<string, string> = {}) {
  const plain = await send(text, { "content-type": "application/json", ...headers });
  const gzip = await send(gzipSync(text), { "content-type": "application/json", "content-encoding": "gzip", ...headers });
  return { plain, gzip };
}

describe("the fast path answers as the Express route does", () => {
  const cases: [string, string, Record<string, string>?][] = [
    ["a query with a token", JSON.stringify({ query: "{ viewer { tenantId } skills(first: 2) { totalCount nodes { id name } } }" }), { auth: "admin" }],
    ["a query with variables and an operation name", JSON.stringify({ query: "query Q($n: Int) { skills(first: $n) { nodes { id } } }", operationName: "Q", variables: { n: 1 } }), { auth: "admin" }],
    ["no token: 401", JSON.stringify({ query: "{ viewer { tenantId } }" })],
    ["a bad token: 401", JSON.stringify({ query: "{ viewer { tenantId } }" }), { authorization: "Bearer nope" }],
    ["a syntax error", JSON.stringify({ query: "{ viewer { " }), { auth: "admin" }],
    ["an unknown field", JSON.stringify({ query: "{ nope }" }), { auth: "admin" }],
    ["variables of the wrong type", JSON.stringify({ query: "query($n: Int) { skills(first: $n) { totalCount } }", variables: { n: "x" } }), { auth: "admin" }],
    ["no query", JSON.stringify({ variables: {} }), { auth: "admin" }],
    ["an empty body", "", { auth: "admin" }],
    ["a body that is not JSON", "{not json", { auth: "admin" }],
    ["JSON that is not an object (strict)", JSON.stringify("{ viewer { tenantId } }"), { auth: "admin" }],
    ["a byte-order mark alone", "\uFEFF", { auth: "admin" }],
    ["JSON with a byte-order mark", `\uFEFF${JSON.stringify({ query: "{ viewer { tenantId } }" })}`, { auth: "admin" }],
    ["a batch (an array)", JSON.stringify([{ query: "{ viewer { tenantId } }" }]), { auth: "admin" }],
    ["a body over the 5 MiB limit", JSON.stringify({ query: "{ __typename }", variables: { pad: "x".repeat(6 * 1024 * 1024) } }), { auth: "admin" }],
    ["an allowed origin", JSON.stringify({ query: "{ viewer { tenantId } }" }), { auth: "admin", origin: ALLOWED }],
    ["another origin", JSON.stringify({ query: "{ viewer { tenantId } }" }), { auth: "admin", origin: "http://evil.test" }],
  ];
  test.each(cases)("%s", async (_name, text, extra = {}) => {
    const { auth, ...headers } = extra;
    if (auth) headers.authorization = `Bearer ${admin}`;
    const { plain, gzip } = await both(text, headers);
    expect(plain.viaExpress).toBe(false);
    expect(gzip.viaExpress).toBe(true);
    expect(plain.status).toBe(gzip.status);
    expect(plain.body).toBe(gzip.body);
    expect(plain.headers).toEqual(gzip.headers);
    expect(plain.body).not.toMatch(/at [\w.<>]+ \(|node_modules|\/work\//);
  });

  test("the answers are what the API says, not merely equal", async () => {
    const ok = await both(JSON.stringify({ query: "{ viewer { tenantId } }" }), { authorization: `Bearer ${admin}` });
    expect(ok.plain.status).toBe(200);
    expect(JSON.parse(ok.plain.body).data).toEqual({ viewer: { tenantId: "dainese" } });
    const big = await both(JSON.stringify({ query: "{ __typename }", variables: { pad: "x".repeat(6 * 1024 * 1024) } }));
    expect(big.plain.status).toBe(413);
    expect(JSON.parse(big.plain.body).errors[0].extensions).toEqual({ code: "PAYLOAD_TOO_LARGE", status: 413 });
    const broken = await both("{not json");
    expect(broken.plain.status).toBe(400);
    expect(JSON.parse(broken.plain.body).errors[0].extensions).toEqual({ code: "BAD_REQUEST", status: 400 });
    const origin = await both(JSON.stringify({ query: "{ viewer { tenantId } }" }), { authorization: `Bearer ${admin}`, origin: ALLOWED });
    expect(origin.plain.headers["access-control-allow-origin"]).toBe(ALLOWED);
    expect(origin.plain.headers.vary).toMatch(/origin/i);
  });
});

describe("what the fast path leaves to Express", () => {
  test("a charset other than UTF-8 is Express's 415; UTF-8 spelled with a parameter is the fast path's", async () => {
    const latin = await send(JSON.stringify({ query: "{ __typename }" }), { "content-type": "application/json; charset=latin1" });
    expect(latin.viaExpress).toBe(true);
    expect(latin.status).toBe(415);
    expect(JSON.parse(latin.body).errors[0].extensions).toEqual({ code: "UNSUPPORTED_MEDIA_TYPE", status: 415 });
    const utf8 = await send(JSON.stringify({ query: "{ viewer { tenantId } }" }), { "content-type": 'application/json; charset="UTF-8"', authorization: `Bearer ${admin}` });
    expect(utf8.viaExpress).toBe(false);
    expect(JSON.parse(utf8.body).data).toEqual({ viewer: { tenantId: "dainese" } });
  });

  test("a text/plain POST (a form's) reaches Apollo's CSRF check through Express", async () => {
    const form = await send(JSON.stringify({ query: "{ __typename }" }), { "content-type": "text/plain", authorization: `Bearer ${admin}` });
    expect(form.viaExpress).toBe(true);
    expect(form.status).toBe(400);
    expect(form.body).toMatch(/CSRF|preflight/i);
  });

  test("a mutation with an Idempotency-Key goes through the idempotency store (Express), and replays", async () => {
    const body = JSON.stringify({ query: "mutation { setQuarantinePolicy(mode: WARN) { mode } }" });
    const headers = { "content-type": "application/json", authorization: `Bearer ${admin}`, "idempotency-key": "fast-path-test-1" };
    const first = await send(body, headers);
    expect(first.viaExpress).toBe(true);
    const res = await fetch(gw.url, { method: "POST", headers, body });
    expect(res.headers.get("idempotent-replayed")).toBe("true");
    expect(steady(await res.text())).toBe(first.body);
  });

  test("a chunked body over the limit (no Content-Length) is 413 on the fast path, and the connection serves the next request", async () => {
    const before = expressHandled.mock.calls.length;
    const port = new URL(gw.url).port;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const request = (headers: Record<string, string>, write: (req: http.ClientRequest) => void) =>
      new Promise<{ status: number; body: string; reused: boolean }>((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port, path: "/graphql", method: "POST", agent, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), reused: req.reusedSocket }));
        });
        req.on("error", reject);
        write(req);
      });
    try {
      const big = await request({ "content-type": "application/json", "transfer-encoding": "chunked" }, (req) => {
        req.write(`{"query":"{ __typename }","variables":{"pad":"`);
        const mb = "x".repeat(1024 * 1024);
        let sent = 0;
        const pump = () => {
          while (sent < 7) {
            sent++;
            if (!req.write(mb)) return void req.once("drain", pump);
          }
          req.end(`"}}`);
        };
        pump();
      });
      expect(big.status).toBe(413);
      expect(JSON.parse(big.body).errors[0].extensions).toEqual({ code: "PAYLOAD_TOO_LARGE", status: 413 });
      const next = await request({ "content-type": "application/json", authorization: `Bearer ${admin}` }, (req) => req.end(JSON.stringify({ query: "{ viewer { tenantId } }" })));
      expect(next.reused).toBe(true);
      expect(next.status).toBe(200);
      expect(JSON.parse(next.body).data).toEqual({ viewer: { tenantId: "dainese" } });
      expect(expressHandled.mock.calls.length).toBe(before);
    } finally {
      agent.destroy();
    }
  });
});
