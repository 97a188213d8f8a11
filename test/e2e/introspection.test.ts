// Issue 10 item 11: in production (NODE_ENV=production) introspection answers
// only tokens with a read scope, and validation errors carry no "Did you mean"
// hints, over HTTP and graphql-ws. INTROSPECTION and GRAPHQL_SUGGESTIONS override.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { collect, startGateway, stringClient, token, wsClient, type E2EGateway } from "./helpers.js";

const INTROSPECT = `{ __schema { queryType { name } types { name } } }`;
const TYPO = `{ viewr { subject } }`;

let prod: E2EGateway;
let dev: E2EGateway;

beforeAll(async () => {
  [prod, dev] = await Promise.all([startGateway({ env: { NODE_ENV: "production" } }), startGateway()]);
});

afterAll(async () => {
  await Promise.all([prod?.close(), dev?.close()]);
});

describe("in production", () => {
  test("a token with no scope cannot introspect: FORBIDDEN 403, over HTTP and graphql-ws", async () => {
    const none = await token({ scopes: [] });
    const r = await stringClient(prod.url, none).run(INTROSPECT);
    expect(r.status).toBe(403);
    expect(r.body.data ?? null).toBeNull();
    expect(r.body.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", status: 403 });
    const typeQuery = await stringClient(prod.url, none).run(`{ __type(name: "Skill") { fields { name } } }`);
    expect(typeQuery.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    // __typename is no introspection of the schema; it stays available.
    expect((await stringClient(prod.url, none).run(`{ __typename viewer { subject } }`)).body.data).toMatchObject({ __typename: "Query" });

    const client = wsClient(prod.wsUrl, none);
    try {
      const [error] = await collect(client, INTROSPECT).failure();
      expect(error.extensions).toMatchObject({ code: "FORBIDDEN" });
    } finally {
      await client.dispose();
    }
  });

  test("a read-scoped or admin token introspects (the IDE at /graphql uses the admin token)", async () => {
    for (const scopes of [["skills:read"], ["admin"]]) {
      const r = await stringClient(prod.url, await token({ scopes })).run(INTROSPECT);
      expect(r.status).toBe(200);
      expect(r.body.data.__schema.queryType.name).toBe("Query");
      expect(r.body.data.__schema.types.length).toBeGreaterThan(50);
    }
  });

  test("validation errors carry no suggestions, over HTTP and graphql-ws", async () => {
    const admin = await token();
    const r = await stringClient(prod.url, admin).run(TYPO);
    expect(r.status).toBe(400);
    expect(r.body.errors?.[0]?.message).toBe(`Cannot query field "viewr" on type "Query".`);
    const enumTypo = await stringClient(prod.url, admin).run(`{ agents(status: ACTIV) { nodes { id } } }`);
    expect(enumTypo.body.errors?.[0]?.message).not.toMatch(/Did you mean/);
    const variableTypo = await stringClient(prod.url, admin).run(`query($s: AgentStatus) { agents(status: $s) { nodes { id } } }`, { s: "ACTIV" });
    expect(variableTypo.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(variableTypo.body.errors?.[0]?.message).not.toMatch(/Did you mean/);

    const client = wsClient(prod.wsUrl, admin);
    try {
      const [error] = await collect(client, TYPO).failure();
      expect(error.message).toBe(`Cannot query field "viewr" on type "Query".`);
    } finally {
      await client.dispose();
    }
  });
});

describe("in development (the default)", () => {
  test("any token introspects and suggestions help", async () => {
    const none = await token({ scopes: [] });
    expect((await stringClient(dev.url, none).run(INTROSPECT)).status).toBe(200);
    const r = await stringClient(dev.url, none).run(TYPO);
    expect(r.body.errors?.[0]?.message).toMatch(/Did you mean "viewer"/);
  });

  test("INTROSPECTION=off refuses even the admin token", async () => {
    const off = await startGateway({ env: { INTROSPECTION: "off" } });
    try {
      const r = await stringClient(off.url, await token()).run(INTROSPECT);
      expect(r.status).toBe(403);
      expect(r.body.errors?.[0]?.message).toBe("Introspection is disabled on this gateway");
    } finally {
      await off.close();
    }
  });
});
