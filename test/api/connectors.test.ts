// Connectors through the schema: the admin catalog, requests decided like skill
// requests (approval connects), governance events, agents' limits, tenant
// isolation. Runs on SQLite and on PostgreSQL.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { codeOf, createTestGateway, type As, type TestGateway } from "../helpers/harness.js";
import { eventsOf, makeAgent, makeSkill } from "../helpers/agent-fixtures.js";

let gw: TestGateway;
const agent: As = { sub: "agent:scout", scopes: ["skills:read", "skills:write", "admin"] };
const reader: As = { scopes: ["skills:read", "skills:write"] };
const UPSERT = `mutation($input: ConnectorInput!) { upsertConnector(input: $input) { id name category description status suggestedSkills { id } connectedAt connectedBy } }`;
const REQUEST = `mutation($id: ID!, $reason: String!) { requestConnector(connectorId: $id, reason: $reason) { id status requestedBy reason connector { id status } } }`;
const DECIDE = `mutation($id: ID!, $approve: Boolean!) { decideConnectorRequest(id: $id, approve: $approve, note: "n") { id status decidedBy decisionNote connector { id status connectedBy } } }`;

beforeAll(async () => {
  gw = await createTestGateway();
  await makeSkill(gw, "acme.review");
  await makeSkill(gw, "acme.deploy");
  await makeAgent(gw, "scout");
});
afterAll(() => gw?.close());

describe("upsertConnector", () => {
  test("creates and replaces, with suggested skills in the order given, and logs connector.upserted", async () => {
    const created = await gw.ok(UPSERT, { input: { id: "github", name: "GitHub", category: "source-control", suggestedSkills: ["acme.review", "acme.deploy"] } });
    expect(created.upsertConnector).toMatchObject({ id: "github", status: "AVAILABLE", connectedAt: null, suggestedSkills: [{ id: "acme.review" }, { id: "acme.deploy" }] });
    const connected = await gw.ok(UPSERT, { input: { id: "github", name: "GitHub", category: "source-control", status: "CONNECTED", suggestedSkills: ["acme.deploy"] } });
    expect(connected.upsertConnector).toMatchObject({ status: "CONNECTED", connectedBy: "user:tester@acme.test", suggestedSkills: [{ id: "acme.deploy" }] });
    expect(connected.upsertConnector.connectedAt).not.toBeNull();
    await gw.ok(UPSERT, { input: { id: "slack", name: "Slack", category: "communication" } });
    const events = await eventsOf(gw, "connector.upserted");
    expect(events.map((e) => e.subjects)).toEqual([["connector:github"], ["connector:github"], ["connector:slack"]]);
    expect(events[1].payload).toMatchObject({ created: false, status: "CONNECTED", previousStatus: "AVAILABLE" });
    const list = await gw.ok(`{ connectors { id status } available: connectors(status: AVAILABLE) { id } comms: connectors(category: "communication") { id } }`);
    expect(list).toEqual({ connectors: [{ id: "github", status: "CONNECTED" }, { id: "slack", status: "AVAILABLE" }], available: [{ id: "slack" }], comms: [{ id: "slack" }] });
  });

  test("rejects bad input with codes and fields", async () => {
    const slug = await gw.run(UPSERT, { input: { id: "Git Hub", name: "x", category: "x" } });
    expect([codeOf(slug), slug.errors?.[0].extensions?.field]).toEqual(["BAD_USER_INPUT", "input.id"]);
    const name = await gw.run(UPSERT, { input: { id: "jira", name: "  ", category: "x" } });
    expect([codeOf(name), name.errors?.[0].extensions?.field]).toEqual(["BAD_USER_INPUT", "input.name"]);
    const skill = await gw.run(UPSERT, { input: { id: "jira", name: "Jira", category: "pm", suggestedSkills: ["acme.review", "nope"] } });
    expect([codeOf(skill), skill.errors?.[0].extensions?.field]).toEqual(["NOT_FOUND", "input.suggestedSkills.1"]);
    const many = await gw.run(UPSERT, { input: { id: "jira", name: "Jira", category: "pm", suggestedSkills: Array.from({ length: 51 }, (_, i) => `s${i}`) } });
    expect(codeOf(many)).toBe("BAD_USER_INPUT");
  });

  test("needs admin; an agent may not change connectors whatever its scopes", async () => {
    expect(codeOf(await gw.run(UPSERT, { input: { id: "jira", name: "Jira", category: "pm" } }, reader))).toBe("FORBIDDEN");
    expect(codeOf(await gw.run(UPSERT, { input: { id: "jira", name: "Jira", category: "pm" } }, agent))).toBe("FORBIDDEN");
  });
});

describe("connector requests", () => {
  test("a request is pending; asking again returns it; rejection leaves it available; approval connects it", async () => {
    const first = (await gw.ok(REQUEST, { id: "slack", reason: "post updates" }, agent)).requestConnector;
    expect(first).toMatchObject({ status: "PENDING", requestedBy: "agent:scout", connector: { id: "slack", status: "AVAILABLE" } });
    const again = (await gw.ok(REQUEST, { id: "slack", reason: "again" }, agent)).requestConnector;
    expect(again.id).toBe(first.id);
    const other = (await gw.ok(REQUEST, { id: "slack", reason: "me too" }, reader)).requestConnector;
    expect(other.id).not.toBe(first.id);

    expect(codeOf(await gw.run(DECIDE, { id: first.id, approve: true }, agent))).toBe("FORBIDDEN");
    const rejected = (await gw.ok(DECIDE, { id: other.id, approve: false })).decideConnectorRequest;
    expect(rejected).toMatchObject({ status: "REJECTED", decisionNote: "n", connector: { status: "AVAILABLE" } });
    const approved = (await gw.ok(DECIDE, { id: first.id, approve: true })).decideConnectorRequest;
    expect(approved).toMatchObject({ status: "APPROVED", decidedBy: "user:tester@acme.test", connector: { id: "slack", status: "CONNECTED", connectedBy: "user:tester@acme.test" } });
    expect(codeOf(await gw.run(DECIDE, { id: first.id, approve: false }))).toBe("CONFLICT");

    const decided = await eventsOf(gw, "connector.request_decided");
    expect(decided.map((e) => (e.payload as { approved: boolean; connected: boolean }))).toEqual([
      expect.objectContaining({ approved: false, connected: false }),
      expect.objectContaining({ approved: true, connected: true }),
    ]);
    expect((await eventsOf(gw, "connector.request_created")).length).toBe(2);
  });

  test("errors: connected already, unknown connector, empty reason", async () => {
    expect(codeOf(await gw.run(REQUEST, { id: "github", reason: "x" }, agent))).toBe("CONFLICT");
    expect(codeOf(await gw.run(REQUEST, { id: "nope", reason: "x" }, agent))).toBe("NOT_FOUND");
    expect(codeOf(await gw.run(REQUEST, { id: "github", reason: "   " }, agent))).toBe("BAD_USER_INPUT");
    expect(codeOf(await gw.run(DECIDE, { id: "creq_missing", approve: true }))).toBe("NOT_FOUND");
  });

  test("an agent lists its own requests only; a person sees all", async () => {
    const mine = await gw.ok(`{ connectorRequests { requestedBy } }`, {}, agent);
    expect(new Set(mine.connectorRequests.map((r: { requestedBy: string }) => r.requestedBy))).toEqual(new Set(["agent:scout"]));
    const all = await gw.ok(`{ connectorRequests { requestedBy } }`);
    expect(all.connectorRequests.length).toBeGreaterThan(mine.connectorRequests.length);
  });

  test("another tenant's connector and request are indistinguishable from missing ones", async () => {
    const globex: As = { tenant: "globex" };
    expect((await gw.ok(`{ connectors { id } connector(id: "github") { id } }`, {}, globex))).toEqual({ connectors: [], connector: null });
    const req = (await gw.ok(`{ connectorRequests { id } }`)).connectorRequests[0].id;
    const foreign = await gw.run(DECIDE, { id: req, approve: true }, globex);
    const missing = await gw.run(DECIDE, { id: "creq_0000000000000000", approve: true }, globex);
    expect(codeOf(foreign)).toBe("NOT_FOUND");
    expect(foreign.errors?.[0].message.replace(req, "X")).toBe(missing.errors?.[0].message.replace("creq_0000000000000000", "X"));
    expect(codeOf(await gw.run(REQUEST, { id: "slack", reason: "x" }, globex))).toBe("NOT_FOUND");
  });
});
