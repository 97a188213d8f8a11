// The SDK (src/client) against a real gateway over HTTP and graphql-ws: typed
// results, every failure as a SkillGatewayError with code, status and field,
// and subscriptions that follow publish jobs to their final state.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SkillGatewayClient, SkillGatewayError, SubscriptionConnection, operations, subscribe, watchPublishJobs } from "../../src/client/index.js";
import { startGateway, token, type E2EGateway } from "./helpers.js";

const MARCO = "user:marco.mazzolin@dainese.it";
let gw: E2EGateway;
let admin: string;
let client: SkillGatewayClient;

/** Resolves with what `promise` rejected with; fails the test when it resolved. */
async function rejection(promise: Promise<unknown>): Promise<SkillGatewayError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(SkillGatewayError);
  return outcome.error as SkillGatewayError;
}

beforeAll(async () => {
  gw = await startGateway({ seedDemo: true, worker: { pollMs: 100 } });
  admin = await token({ tenant: "dainese", sub: "sdk@test" });
  client = new SkillGatewayClient({ url: gw.url, token: admin });
});

afterAll(async () => {
  await gw?.close();
});

describe("requests", () => {
  test("typed reads: effective skills with sources, and an explanation", async () => {
    const user = await client.userSkills(MARCO);
    expect(user?.effectiveSkills.nodes.map((e) => e.skill.id)).toContain("gatespic.incident-postmortem");
    expect(user?.blockedSkills.find((b) => b.skill.id === "ledger.vendor-spend-review")?.overridesGrant).toBe(true);
    const x = await client.explainSkill(MARCO, "ledger.vendor-spend-review");
    expect(x).toMatchObject({ effective: false, reasons: ["BLOCKED"], blockedBy: [{ id: "claresia-restricted-no-pii" }] });
    expect(await client.userSkills("user:nobody@dainese.it")).toBeNull();
  });

  test("gateway errors keep code, status and field", async () => {
    const missing = await rejection(client.grantSkill({ userId: MARCO, skillId: "no.such-skill", reason: "x" }, { dryRun: true }));
    expect(missing).toMatchObject({ code: "NOT_FOUND", status: 404 });
    expect(missing.field).toMatch(/skillId/);

    const past = await rejection(client.grantSkill({ userId: MARCO, skillId: "terraform", reason: "x", expiresAt: "2020-01-01T00:00:00Z" }));
    expect(past).toMatchObject({ code: "BAD_USER_INPUT", status: 400 });
    expect(past.field).toMatch(/expiresAt/);
    expect(past.errors.length).toBeGreaterThan(0);

    const conflict = await rejection(client.assignSkill({ agentId: "devops-agent", skillId: "terraform" }));
    expect(conflict).toMatchObject({ code: "CONFLICT", status: 409 });

    const reader = new SkillGatewayClient({ url: gw.url, token: await token({ tenant: "dainese", scopes: ["skills:read"] }) });
    expect(await rejection(reader.blockSkills("claresia-eng-pilot", ["terraform"]))).toMatchObject({ code: "FORBIDDEN", status: 403 });
    const bad = new SkillGatewayClient({ url: gw.url, token: "not-a-jwt" });
    expect(await rejection(bad.viewer())).toMatchObject({ code: "UNAUTHENTICATED", status: 401 });
  });

  test("no answer is NETWORK_ERROR; an answer that is not GraphQL is BAD_RESPONSE", async () => {
    const down = new SkillGatewayClient({ url: "http://127.0.0.1:9/graphql", token: admin });
    expect(await rejection(down.viewer())).toMatchObject({ code: "NETWORK_ERROR", status: 0 });

    const html = http.createServer((_req, res) => res.writeHead(502, { "content-type": "text/html" }).end("<html>Bad gateway</html>"));
    await new Promise<void>((r) => html.listen(0, "127.0.0.1", r));
    try {
      const proxy = new SkillGatewayClient({ url: `http://127.0.0.1:${(html.address() as AddressInfo).port}/graphql`, token: admin });
      const e = await rejection(proxy.viewer());
      expect(e).toMatchObject({ code: "BAD_RESPONSE", status: 502 });
      expect(e.message).toContain("<html>Bad gateway");
    } finally {
      await new Promise((r) => html.close(r));
    }
  });
});

describe("subscriptions", () => {
  test("watchPublishJobs follows a real change's jobs to SUCCEEDED, reporting progress", async () => {
    const { change } = await client.grantSkill({ userId: MARCO, skillId: "terraform", reason: "sdk test" });
    expect(change.publishJobs).toHaveLength(2);
    const seen: string[] = [];
    const finals = await watchPublishJobs(
      { url: gw.url, token: admin, onUpdate: (j) => seen.push(`${j.id}:${j.status}`) },
      change.publishJobs.map((j) => j.id),
    );
    expect(finals.map((j) => [j.id, j.status, j.usersPublished])).toEqual(change.publishJobs.map((j) => [j.id, "SUCCEEDED", 1]));
    for (const j of change.publishJobs) expect(seen).toContain(`${j.id}:SUCCEEDED`);
  });

  test("subscribe yields typed governance events, resumable with after", async () => {
    const events: string[] = [];
    for await (const { governanceEvents: e } of subscribe({ url: gw.url, token: admin }, operations.GovernanceEventsDocument, { after: "0" })) {
      events.push(e.kind);
      if (events.length === 2) break;
    }
    expect(events).toHaveLength(2);
    expect(events.every((k) => typeof k === "string" && k.includes("."))).toBe(true);
  });

  test("a bad token over graphql-ws is UNAUTHENTICATED; closing the connection ends the iteration", async () => {
    const refused = (async () => {
      for await (const _ of subscribe({ url: gw.url, token: "not-a-jwt" }, operations.PublishJobUpdatedDocument, {})) {
        // nothing arrives
      }
    })();
    expect(await rejection(refused)).toMatchObject({ code: "UNAUTHENTICATED", status: 401 });

    let connected = false;
    const connection = new SubscriptionConnection({ url: gw.url, token: admin, onConnected: () => (connected = true) });
    const iteration = (async () => {
      let n = 0;
      for await (const _ of connection.subscribe(operations.PublishJobUpdatedDocument, {})) n++;
      return n;
    })();
    const deadline = Date.now() + 10_000;
    while (!connected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(connected).toBe(true);
    await connection.close();
    expect(await iteration).toBe(0);
  });
});
