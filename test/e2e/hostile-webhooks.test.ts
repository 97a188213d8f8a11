// Issue 10 item 8 over real HTTP and a real worker: a WEBHOOK target is checked
// by scheme, host and port; delivery connects only to checked public addresses
// (or ones the operator named); the job's error says "delivery failed", with the
// HTTP status only when the allowed host answered.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, stringClient, token, waitFor, type E2EGateway, type StringClient } from "./helpers.js";

const UPSERT = `mutation($input: DistributionPlatformInput!) { upsertDistributionPlatform(input: $input) { id target } }`;
const JOB = `query($id: ID!) { publishJob(id: $id) { status error } }`;

async function receiver(answer: number | "hang") {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    req.resume();
    if (answer !== "hang") res.writeHead(answer).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return { hits, port, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

type Receiver = Awaited<ReturnType<typeof receiver>>;

async function publishOnly(api: StringClient, platformId: string): Promise<{ status: string; error: string | null }> {
  const [job] = (await api.ok(`mutation($p: [ID!]) { republish(input: { scope: TENANT, platforms: $p }) { id } }`, { p: [platformId] })).republish;
  return waitFor(async () => {
    const j = (await api.ok(JOB, { id: job.id })).publishJob;
    return j.status === "FAILED" || j.status === "SUCCEEDED" ? j : null;
  }, { timeoutMs: 20_000, what: `job of ${platformId} to end` });
}

describe("webhook targets (item 8)", () => {
  let named: E2EGateway;
  let anyHost: E2EGateway;
  let namedApi: StringClient;
  let anyApi: StringClient;
  let notFound: Receiver;
  let hanging: Receiver;
  let ok: Receiver;
  let other: Receiver;
  let closedPort: number;

  beforeAll(async () => {
    [notFound, hanging, ok, other] = await Promise.all([receiver(404), receiver("hang"), receiver(200), receiver(200)]);
    const closed = await receiver(200);
    closedPort = closed.port;
    await closed.close();
    const worker = { pollMs: 100, maxAttempts: 1, backoffBaseMs: 10 };
    // The operator names exact host:port pairs on loopback.
    named = await startGateway({
      worker,
      env: {
        WEBHOOK_ALLOWED_SCHEMES: "http",
        WEBHOOK_ALLOWED_HOSTS: [notFound.port, hanging.port, ok.port, closedPort].map((p) => `127.0.0.1:${p}`).join(","),
        WEBHOOK_TIMEOUT_MS: "1000",
      },
    });
    // Any host by name, but only public addresses: loopback is what DNS must not smuggle in.
    anyHost = await startGateway({ worker, env: { WEBHOOK_ALLOWED_SCHEMES: "http", WEBHOOK_ALLOWED_HOSTS: "*" } });
    namedApi = stringClient(named.url, await token());
    anyApi = stringClient(anyHost.url, await token());
    // A delivery needs someone to deliver for.
    const user = `mutation { upsertUsers(users: [{ id: "user:ann@acme.test", email: "ann@acme.test" }]) { users { id } } }`;
    await namedApi.ok(user);
    await anyApi.ok(user);
  });
  afterAll(async () => {
    await named?.close();
    await anyHost?.close();
    await Promise.all([notFound, hanging, ok, other].map((r) => r?.close()));
  });

  it("scheme, host and port are all checked: another port on an allowed host is refused", async () => {
    for (const target of [
      `http://127.0.0.1:${other.port}/hook`,
      `https://127.0.0.1:${ok.port}/hook`,
      `http://localhost:${ok.port}/hook`,
      "http://127.0.0.1/hook",
      `ftp://127.0.0.1:${ok.port}/x`,
    ]) {
      const r = await namedApi.run(UPSERT, { input: { id: "bad", name: "Bad", delivery: "WEBHOOK", target } });
      expect(r.body.errors?.[0]?.extensions, target).toMatchObject({ code: "BAD_USER_INPUT", field: "input.target" });
    }
    const good = await namedApi.ok(UPSERT, { input: { id: "good", name: "Good", delivery: "WEBHOOK", target: `http://127.0.0.1:${ok.port}/hook` } });
    expect(good.upsertDistributionPlatform.target).toBe(`http://127.0.0.1:${ok.port}/hook`);
    expect(await publishOnly(namedApi, "good")).toMatchObject({ status: "SUCCEEDED", error: null });
    expect(ok.hits.length).toBeGreaterThan(0);
    expect(other.hits).toEqual([]);
  });

  it("the job error gives the status of an allowed host that answered, and nothing else", async () => {
    const targets = { answers404: notFound.port, hangs: hanging.port, closed: closedPort };
    const errors: Record<string, string | null> = {};
    for (const [id, port] of Object.entries(targets)) {
      await namedApi.ok(UPSERT, { input: { id: id.toLowerCase(), name: id, delivery: "WEBHOOK", target: `http://127.0.0.1:${port}/hook` } });
      const job = await publishOnly(namedApi, id.toLowerCase());
      expect(job.status).toBe("FAILED");
      errors[id] = job.error!.replace(/:\d+:/, ":<port>:");
    }
    expect(errors.answers404).toBe("webhook 127.0.0.1:<port>: delivery failed (HTTP 404) (after 1 attempts)");
    // A port that refuses and one that never answers read the same: no port scanning through the job log.
    expect(errors.closed).toBe("webhook 127.0.0.1:<port>: delivery failed (after 1 attempts)");
    expect(errors.hangs).toBe(errors.closed);
  });

  it("a name that resolves to loopback is refused at delivery, and the receiver never hears of it", async () => {
    const before = ok.hits.length;
    await anyApi.ok(UPSERT, { input: { id: "sneaky", name: "Sneaky", delivery: "WEBHOOK", target: `http://localhost:${ok.port}/hook` } });
    await anyApi.ok(UPSERT, { input: { id: "literal", name: "Literal", delivery: "WEBHOOK", target: `http://127.0.0.1:${ok.port}/hook` } });
    for (const id of ["sneaky", "literal"]) {
      const job = await publishOnly(anyApi, id);
      expect(job.status).toBe("FAILED");
      expect(job.error).toMatch(/^webhook (localhost|127\.0\.0\.1):\d+: delivery failed \(after 1 attempts\)$/);
    }
    expect(ok.hits.length).toBe(before);
  });
});
