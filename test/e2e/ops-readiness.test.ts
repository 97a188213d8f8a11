// /readyz follows its dependencies: Redis is checked when configured, and a
// Redis that goes away (a TCP proxy in front of the real one, then closed)
// turns readiness to 503 while /healthz stays 200.
import net from "node:net";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startGateway, waitFor, type E2EGateway } from "./helpers.js";

let proxy: net.Server;
const sockets = new Set<net.Socket>();
let gw: E2EGateway;
let base: string;

beforeAll(async () => {
  proxy = net.createServer((client) => {
    const upstream = net.connect(6379, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => undefined);
      s.on("close", () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  const port = await new Promise<number>((resolve) => proxy.listen(0, "127.0.0.1", () => resolve((proxy.address() as net.AddressInfo).port)));
  gw = await startGateway({ env: { REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_PREFIX: `gw-ready-${randomBytes(4).toString("hex")}` } });
  base = gw.url.replace(/\/graphql$/, "");
});

afterAll(async () => {
  await gw?.close();
});

test("Redis is part of readiness, not of liveness", async () => {
  const ready = await fetch(`${base}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ ok: true, checks: { database: "ok", redis: "ok" } });

  proxy.close();
  for (const s of sockets) s.destroy();
  await waitFor(async () => (await fetch(`${base}/readyz`)).status === 503, { timeoutMs: 15_000, what: "readiness to fail" });
  const down = await fetch(`${base}/readyz`);
  expect(await down.json()).toEqual({ ok: false, checks: { database: "ok", redis: "unavailable" } });
  expect((await fetch(`${base}/healthz`)).status).toBe(200);
});
