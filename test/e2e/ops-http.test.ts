// Operations over real HTTP and WebSocket: probes, the Prometheus scrape,
// request ids, JSON answers for malformed HTTP, CORS and WebSocket origins, and
// the IDE page's rules (GET-with-query stays GraphQL; the token only when given).
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import WebSocket from "ws";
import { collect, startGateway, stringClient, token, waitFor, wsClient, type E2EGateway } from "./helpers.js";

const ALLOWED = "http://app.allowed.test";
const EVIL = "http://evil.test";
const LEAKS = /at [\w.<>]+ \(|node_modules|\/work\/|<html|<!DOCTYPE|Error: /i;

let gw: E2EGateway;
let base: string;
let admin: string;

beforeAll(async () => {
  gw = await startGateway({ seedDemo: true, env: { CORS_ORIGINS: `${ALLOWED}, http://other.allowed.test` }, worker: { pollMs: 50 } });
  base = gw.url.replace(/\/graphql$/, "");
  admin = await token({ tenant: "dainese", scopes: ["admin"] });
});

afterAll(async () => {
  await gw?.close();
});

async function post(body: string | Buffer, headers: Record<string, string>) {
  const res = await fetch(gw.url, { method: "POST", headers, body });
  const text = await res.text();
  return { res, text, json: JSON.parse(text) as { errors: { message: string; extensions: Record<string, unknown> }[] } };
}

describe("probes", () => {
  test("/healthz answers without touching anything; /readyz checks the database", async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, checks: { database: "ok" } });
  });
});

describe("request ids", () => {
  test("a caller's x-request-id is returned; without one (or a malformed one) a new UUID is", async () => {
    const given = await fetch(`${base}/healthz`, { headers: { "x-request-id": "trace-abc.123" } });
    expect(given.headers.get("x-request-id")).toBe("trace-abc.123");
    const none = await fetch(`${base}/healthz`);
    expect(none.headers.get("x-request-id")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const bad = await fetch(`${base}/healthz`, { headers: { "x-request-id": "<script>alert(1)</script>" } });
    expect(bad.headers.get("x-request-id")).not.toContain("<");
  });
});

describe("every answer is JSON in the GraphQL error shape (issue 10, item 12)", () => {
  test("no X-Powered-By header", async () => {
    const r = await fetch(`${base}/healthz`);
    expect(r.headers.get("x-powered-by")).toBeNull();
  });

  test("a body that is not JSON is 400 BAD_REQUEST, no stack, no path", async () => {
    const { res, text, json } = await post("{not json", { "content-type": "application/json" });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(json.errors[0].extensions).toEqual({ code: "BAD_REQUEST", status: 400 });
    expect(text).not.toMatch(LEAKS);
  });

  test("a body over the limit is 413 PAYLOAD_TOO_LARGE", async () => {
    const big = JSON.stringify({ query: "{ __typename }", variables: { pad: "x".repeat(6 * 1024 * 1024) } });
    const { res, text, json } = await post(big, { "content-type": "application/json" });
    expect(res.status).toBe(413);
    expect(json.errors[0].extensions).toEqual({ code: "PAYLOAD_TOO_LARGE", status: 413 });
    expect(text).not.toMatch(LEAKS);
  });

  test("an unknown Content-Encoding is 415; a gzip body that is not gzip is 400; real gzip works", async () => {
    const unknown = await post("{}", { "content-type": "application/json", "content-encoding": "snappy" });
    expect(unknown.res.status).toBe(415);
    expect(unknown.json.errors[0].extensions).toEqual({ code: "UNSUPPORTED_MEDIA_TYPE", status: 415 });
    expect(unknown.text).not.toMatch(LEAKS);

    const broken = await post("definitely not gzip", { "content-type": "application/json", "content-encoding": "gzip" });
    expect(broken.res.status).toBe(400);
    expect(broken.json.errors[0].extensions).toMatchObject({ code: "BAD_REQUEST", status: 400 });
    expect(broken.text).not.toMatch(LEAKS);

    const ok = await fetch(gw.url, {
      method: "POST",
      headers: { "content-type": "application/json", "content-encoding": "gzip", authorization: `Bearer ${admin}` },
      body: gzipSync(JSON.stringify({ query: "{ viewer { tenantId } }" })),
    });
    expect(((await ok.json()) as { data: unknown }).data).toEqual({ viewer: { tenantId: "dainese" } });
  });

  test("an unknown path is a JSON 404", async () => {
    const r = await fetch(`${base}/nope/../../etc/passwd`);
    expect(r.status).toBe(404);
    const body = (await r.json()) as { errors: { extensions: unknown }[] };
    expect(body.errors[0].extensions).toEqual({ code: "NOT_FOUND", status: 404 });
  });
});

describe("CORS", () => {
  test("an allowed origin's preflight succeeds and its JSON POST carries the CORS header", async () => {
    const pre = await fetch(gw.url, {
      method: "OPTIONS",
      headers: { origin: ALLOWED, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(pre.headers.get("access-control-allow-headers")).toContain("authorization");
    expect(pre.headers.get("vary")).toMatch(/origin/i);

    const r = await fetch(gw.url, {
      method: "POST",
      headers: { origin: ALLOWED, "content-type": "application/json", authorization: `Bearer ${admin}` },
      body: JSON.stringify({ query: "{ viewer { tenantId } }" }),
    });
    expect(r.status).toBe(200);
    expect(r.headers.get("access-control-allow-origin")).toBe(ALLOWED);
  });

  test("another origin gets no CORS headers, and Apollo's CSRF prevention still refuses its simple requests", async () => {
    const pre = await fetch(gw.url, { method: "OPTIONS", headers: { origin: EVIL, "access-control-request-method": "POST" } });
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();

    for (const origin of [EVIL, ALLOWED]) {
      // A form post: no preflight, so no CORS can protect it; the CSRF check must.
      const simple = await fetch(gw.url, {
        method: "POST",
        headers: { origin, "content-type": "text/plain", authorization: `Bearer ${admin}` },
        body: JSON.stringify({ query: "mutation { setQuarantinePolicy(mode: WARN) { mode } }" }),
      });
      expect(simple.status, origin).toBe(400);
      expect(await simple.text()).toMatch(/CSRF|preflight/i);
    }
  });

  function openSocket(origin?: string): Promise<number | "open"> {
    return new Promise((resolve) => {
      const ws = new WebSocket(gw.wsUrl, "graphql-transport-ws", origin ? { origin } : {});
      ws.once("open", () => {
        ws.close();
        resolve("open");
      });
      ws.once("unexpected-response", (_req, res) => {
        resolve(res.statusCode ?? 0);
        ws.terminate();
      });
      ws.once("error", () => undefined);
    });
  }

  test("WebSocket upgrades check the same allowlist: other origins are refused with 403", async () => {
    expect(await openSocket(EVIL)).toBe(403);
    expect(await openSocket(ALLOWED)).toBe("open");
    expect(await openSocket(`http://127.0.0.1:${gw.server.port}`)).toBe("open"); // the gateway's own pages
    expect(await openSocket()).toBe("open"); // not a browser
  });
});

describe("/metrics", () => {
  test("names every series: requests, durations, errors by code, jobs by status, queue depth, publish and feed lag, live subscriptions", async () => {
    const http = stringClient(gw.url, admin);
    const ws = wsClient(gw.wsUrl, admin);
    const events = collect(ws, "subscription { governanceEvents { id kind } }");
    await waitFor(async () => (await (await fetch(`${base}/metrics`)).text()).includes("gateway_subscriptions_active 1"), { what: "the live subscription gauge" });

    await http.ok("query Viewer { viewer { tenantId } }");
    await http.run("query Broken { nope }");
    await stringClient(gw.url, null).run("query Anonymous { viewer { tenantId } }");
    const change = await http.ok<any>(
      `mutation AddTerraform { updateArchetypeSkills(archetypeId: "firmware_engineer", addSkills: ["terraform"]) { change { publishJobs { id } } } }`,
    );
    const jobIds: string[] = change.updateArchetypeSkills.change.publishJobs.map((j: { id: string }) => j.id);
    expect(jobIds.length).toBeGreaterThan(0);
    await events.until((items) => items.some((e) => e.governanceEvents.kind === "skill.entitlement_changed"));
    await waitFor(async () => {
      const jobs = await http.ok<any>(`{ publishJobs(first: 10) { nodes { id status } } }`);
      return jobs.publishJobs.nodes.filter((j: { id: string; status: string }) => jobIds.includes(j.id)).every((j: { status: string }) => j.status === "SUCCEEDED");
    }, { what: "the jobs to succeed" });

    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await res.text();
    const value = (series: string) => {
      const line = text.split("\n").find((l) => l.startsWith(series + " "));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };
    expect(value('gateway_graphql_requests_total{operation="Viewer",outcome="success"}')).toBe(1);
    expect(value('gateway_graphql_requests_total{operation="Broken",outcome="error"}')).toBe(1);
    expect(value('gateway_graphql_requests_total{operation="AddTerraform",outcome="success"}')).toBe(1);
    expect(value('gateway_graphql_request_duration_seconds_count{operation="Viewer"}')).toBe(1);
    expect(value('gateway_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"}')).toBe(1);
    expect(value('gateway_graphql_errors_total{code="UNAUTHENTICATED"}')).toBe(1);
    expect(value('gateway_publish_jobs{status="SUCCEEDED"}')).toBeGreaterThanOrEqual(jobIds.length);
    expect(value('gateway_publish_jobs{status="QUEUED"}')).toBe(0);
    expect(value("gateway_publish_queue_depth")).toBe(0);
    expect(value("gateway_publish_lag_seconds")).toBeGreaterThan(0);
    expect(value("gateway_event_feed_lag_seconds_count")).toBeGreaterThanOrEqual(1);
    expect(value("gateway_subscriptions_active")).toBe(1);
    expect(text).toContain("# TYPE gateway_graphql_request_duration_seconds histogram");
    expect(text).not.toContain(admin);

    events.dispose();
    await ws.dispose();
    await waitFor(async () => (await (await fetch(`${base}/metrics`)).text()).includes("gateway_subscriptions_active 0"), { what: "the gauge to drop" });
  });

  test("operation names from callers cannot grow the label set without bound", async () => {
    const http = stringClient(gw.url, admin);
    for (let i = 0; i < 210; i++) await http.run(`query Op${i} { viewer { tenantId } }`);
    const text = await (await fetch(`${base}/metrics`)).text();
    const operations = new Set([...text.matchAll(/gateway_graphql_requests_total\{operation="([^"]+)"/g)].map((m) => m[1]));
    // 200 names at most, plus _anonymous, _invalid and _other.
    expect(operations.size).toBeLessThanOrEqual(203);
    expect(operations.has("_other")).toBe(true);
  });
});

describe("the IDE page", () => {
  test("a browser's GET /graphql gets the IDE, with its assets served locally; GET-with-query and POST stay GraphQL", async () => {
    const page = await fetch(gw.url, { headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("RURU_CONFIG");
    expect(html).not.toMatch(/https?:\/\/(unpkg|cdn|esm\.sh|jsdelivr)/);
    const asset = await fetch(`${base}/ide/static/ruru.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toMatch(/javascript/);

    const get = await fetch(`${gw.url}?query=${encodeURIComponent("{ viewer { tenantId } }")}`, {
      headers: { accept: "text/html,application/json;q=0.9", authorization: `Bearer ${admin}`, "apollo-require-preflight": "1" },
    });
    expect(get.headers.get("content-type")).toMatch(/json/);
    expect(((await get.json()) as { data: unknown }).data, "GET with a query runs it").toEqual({ viewer: { tenantId: "dainese" } });
  });

  test("without a demo token the page carries none", async () => {
    const html = await (await fetch(gw.url, { headers: { accept: "text/html" } })).text();
    expect(html).not.toMatch(/Bearer ey/);
    const config = (await (await fetch(`${base}/dashboard/config.json`)).json()) as { demoToken: string | null };
    expect(config.demoToken).toBeNull();
  });
});
