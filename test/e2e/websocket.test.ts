// The gateway over graphql-ws, on the same port and path as HTTP: the token
// travels in connection_init; a bad one closes the socket with 4403.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import WebSocket from "ws";
import type { Client } from "graphql-ws";
import { graphql } from "./gql/index.js";
import { closeCode, httpClient, startGateway, token, wsClient, wsRequest, type E2EGateway } from "./helpers.js";

const WsViewer = graphql(`
  query WsViewer {
    viewer {
      subject
      tenantId
      scopes
    }
  }
`);

const WsSkills = graphql(`
  query WsSkills($first: Int) {
    skills(first: $first) {
      totalCount
      nodes {
        id
        name
        lifecycle
      }
    }
  }
`);

const WsCreateSkill = graphql(`
  mutation WsCreateSkill($input: CreateSkillInput!) {
    createSkill(input: $input) {
      skill {
        id
        lifecycle
        currentVersion
        hasDraftChanges
        versions {
          version
          isDraft
        }
      }
      warnings
    }
  }
`);

let gw: E2EGateway;
const clients: Client[] = [];

function connect(auth: string | null, extra: Parameters<typeof wsClient>[2] = {}): Client {
  const c = wsClient(gw.wsUrl, auth, extra);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  gw = await startGateway({ seedDemo: false });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await gw?.close();
});

describe("authenticated socket", () => {
  let client: Client;
  beforeAll(async () => {
    client = connect(await token({ tenant: "ws-co", sub: "user:wes@ws-co.test", scopes: ["skills:read", "skills:write"] }));
  });

  test("viewer over the socket names the token's caller", async () => {
    const r = await wsRequest(client, WsViewer);
    expect(r.errors).toBeUndefined();
    expect(r.data?.viewer).toEqual({
      subject: "user:wes@ws-co.test",
      tenantId: "ws-co",
      scopes: ["skills:read", "skills:write"],
    });
  });

  test("createSkill over the socket, then skills sees it (also over HTTP)", async () => {
    const before = await wsRequest(client, WsSkills, { first: 10 });
    expect(before.errors).toBeUndefined();
    expect(before.data?.skills.totalCount).toBe(0);

    const created = await wsRequest(client, WsCreateSkill, {
      input: { id: "ws-co.socket-skill", name: "Socket skill", instructions: "# Over the socket" },
    });
    expect(created.errors).toBeUndefined();
    expect(created.data?.createSkill).toEqual({
      skill: {
        id: "ws-co.socket-skill",
        lifecycle: "DRAFT",
        currentVersion: null,
        hasDraftChanges: true,
        versions: [{ version: "1.0.0", isDraft: true }],
      },
      warnings: [],
    });

    const after = await wsRequest(client, WsSkills, { first: 10 });
    expect(after.data?.skills).toEqual({
      totalCount: 1,
      nodes: [{ id: "ws-co.socket-skill", name: "Socket skill", lifecycle: "DRAFT" }],
    });

    // the same server and database answer over HTTP
    const http = httpClient(gw.url, await token({ tenant: "ws-co", scopes: ["skills:read"] }));
    expect((await http.ok(WsSkills, { first: 10 })).skills.totalCount).toBe(1);
  });

  test("request errors come back as errors, not a closed socket", async () => {
    const r = await wsRequest(client, WsSkills, { first: 0 });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", status: 400, field: "first" });
    // the socket is still usable
    expect((await wsRequest(client, WsViewer)).data?.viewer.tenantId).toBe("ws-co");
  });
});

describe("scopes over the socket", () => {
  test("a missing scope is FORBIDDEN in the result; nothing written", async () => {
    const reader = connect(await token({ tenant: "ws-readers", scopes: ["skills:read"] }));
    const r = await wsRequest(reader, WsCreateSkill, {
      input: { id: "ws-readers.nope", name: "Nope", instructions: "# no" },
    });
    expect(r.data ?? null).toBeNull();
    expect(r.errors?.[0]).toMatchObject({ path: ["createSkill"], extensions: { code: "FORBIDDEN", status: 403 } });

    const list = await wsRequest(reader, WsSkills, { first: 10 });
    expect(list.data?.skills.totalCount).toBe(0);
  });
});

describe("bad tokens close the socket with 4403", () => {
  test.each([
    ["a token signed with another secret", () => token({ tenant: "ws-co", secret: "someone-else" })],
    ["an expired token", () => token({ tenant: "ws-co", expiresIn: Math.floor(Date.now() / 1000) - 60 })],
    ["no token at all", async () => null],
  ])("graphql-ws client: %s", async (_name, make) => {
    const c = connect(await make(), { onNonLazyError: () => {} });
    expect(await closeCode(c)).toBe(4403);
  });

  test("raw ws: connection_init with a bad bearer is closed with 4403 and no connection_ack", async () => {
    const socket = new WebSocket(gw.wsUrl, "graphql-transport-ws");
    const messages: string[] = [];
    socket.on("message", (data) => messages.push(String(data)));
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.on("close", (code, reason) => resolve({ code, reason: String(reason) })),
    );
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: "Bearer bad" } }));
    const { code, reason } = await closed;
    expect(code).toBe(4403);
    expect(reason).toBe("Forbidden");
    expect(messages.some((m) => m.includes("connection_ack"))).toBe(false);
  });
});
