// The gateway over real HTTP: authentication, scopes, the catalog flow, request
// errors, pagination, tenant isolation, demo data and error masking.
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { graphql } from "./gql/index.js";
import type { SkillsPageQuery, SkillsPageQueryVariables } from "./gql/graphql.js";
import { log } from "../../src/ops/log.js";
import { httpClient, postRaw, startGateway, token, type E2EGateway, type HttpClient, type HttpResult } from "./helpers.js";

const Viewer = graphql(`
  query Viewer {
    viewer {
      subject
      tenantId
      scopes
    }
  }
`);

// Spread into the operations below; client-preset appends its definition to each document.
graphql(`
  fragment SkillFields on Skill {
    id
    name
    lifecycle
    currentVersion
    hasDraftChanges
    deletedAt
    versions {
      version
      isDraft
      instructions
    }
  }
`);

const SkillById = graphql(`
  query SkillById($id: ID!) {
    skill(id: $id) {
      ...SkillFields
    }
  }
`);

const SkillsPage = graphql(`
  query SkillsPage($first: Int, $after: String, $last: Int, $before: String, $filter: SkillFilter) {
    skills(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
      totalCount
      nodes {
        id
        currentVersion
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`);

const SkillCategories = graphql(`
  query SkillCategories {
    skillCategories
  }
`);

const CreateSkill = graphql(`
  mutation CreateSkill($input: CreateSkillInput!) {
    createSkill(input: $input) {
      skill {
        ...SkillFields
      }
      warnings
    }
  }
`);

const UpdateSkill = graphql(`
  mutation UpdateSkill($input: UpdateSkillInput!) {
    updateSkill(input: $input) {
      skill {
        ...SkillFields
      }
      warnings
    }
  }
`);

const DeploySkill = graphql(`
  mutation DeploySkill($id: ID!, $version: String) {
    deploySkill(id: $id, version: $version) {
      skill {
        ...SkillFields
      }
      warnings
    }
  }
`);

const SetSkillLifecycle = graphql(`
  mutation SetSkillLifecycle($id: ID!, $lifecycle: SkillLifecycle!) {
    setSkillLifecycle(id: $id, lifecycle: $lifecycle) {
      skill {
        ...SkillFields
      }
      warnings
    }
  }
`);

const DeleteSkill = graphql(`
  mutation DeleteSkill($id: ID!) {
    deleteSkill(id: $id) {
      skill {
        ...SkillFields
      }
      warnings
    }
  }
`);


let gw: E2EGateway;
let acme: HttpClient;

beforeAll(async () => {
  gw = await startGateway({ seedDemo: true });
  acme = httpClient(gw.url, await token({ tenant: "acme" }));
});

afterAll(async () => {
  await gw?.close();
});

function firstError(r: HttpResult<unknown>) {
  expect(r.body.errors?.length, JSON.stringify(r.body)).toBeGreaterThan(0);
  return r.body.errors![0];
}

describe("authentication", () => {
  test("no token is HTTP 401 UNAUTHENTICATED", async () => {
    const r = await httpClient(gw.url, null).request(Viewer);
    expect(r.status).toBe(401);
    expect(firstError(r).extensions).toMatchObject({ code: "UNAUTHENTICATED", status: 401 });
    expect(r.body.data ?? null).toBeNull();
  });

  test("a token signed with another secret is HTTP 401", async () => {
    const r = await httpClient(gw.url, await token({ secret: "not-the-e2e-secret" })).request(Viewer);
    expect(r.status).toBe(401);
    expect(firstError(r).extensions).toMatchObject({ code: "UNAUTHENTICATED", status: 401 });
  });

  test("an expired token is HTTP 401", async () => {
    const expired = await token({ expiresIn: Math.floor(Date.now() / 1000) - 60 });
    const r = await httpClient(gw.url, expired).request(Viewer);
    expect(r.status).toBe(401);
    expect(firstError(r)).toMatchObject({ message: "Token expired", extensions: { code: "UNAUTHENTICATED", status: 401 } });
  });

  test("a garbage bearer value is HTTP 401", async () => {
    const r = await postRaw(gw.url, { query: "{ viewer { subject } }" }, "not.a.jwt");
    expect(r.status).toBe(401);
    expect(firstError(r).extensions).toMatchObject({ code: "UNAUTHENTICATED", status: 401 });
  });

  test("a valid token reaches the API and names its caller", async () => {
    const client = httpClient(gw.url, await token({ tenant: "acme", sub: "user:ada@acme.test", scopes: ["skills:read"] }));
    const r = await client.request(Viewer);
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data?.viewer).toEqual({ subject: "user:ada@acme.test", tenantId: "acme", scopes: ["skills:read"] });
  });
});

describe("scopes", () => {
  test("skills:read alone cannot createSkill: FORBIDDEN and nothing written", async () => {
    const reader = httpClient(gw.url, await token({ tenant: "readonly-co", scopes: ["skills:read"] }));
    const r = await reader.request(CreateSkill, { input: { id: "ro.nope", name: "Nope", instructions: "# no" } });
    expect(firstError(r)).toMatchObject({ path: ["createSkill"], extensions: { code: "FORBIDDEN", status: 403 } });
    expect(r.body.data ?? null).toBeNull();

    const after = await reader.ok(SkillById, { id: "ro.nope" });
    expect(after.skill).toBeNull();
    const list = await reader.ok(SkillsPage, {});
    expect(list.skills.totalCount).toBe(0);
  });
});

describe("catalog flow", () => {
  const id = "acme.flow";

  test("create → update → deploy → edit → deploy → deprecate → delete", async () => {
    // create: a DRAFT with a single draft variation
    const created = (await acme.ok(CreateSkill, { input: { id, name: "Flow", instructions: "# Flow v1", category: "ops" } }))
      .createSkill;
    expect(created.warnings).toEqual([]);
    expect(created.skill).toMatchObject({
      id,
      name: "Flow",
      lifecycle: "DRAFT",
      currentVersion: null,
      hasDraftChanges: true,
      deletedAt: null,
      versions: [{ version: "1.0.0", isDraft: true, instructions: "# Flow v1" }],
    });

    // update instructions: still the same draft variation, edited
    const updated = (await acme.ok(UpdateSkill, { input: { id, instructions: "# Flow v1, edited" } })).updateSkill.skill;
    expect(updated).toMatchObject({
      lifecycle: "DRAFT",
      currentVersion: null,
      hasDraftChanges: true,
      versions: [{ version: "1.0.0", isDraft: true, instructions: "# Flow v1, edited" }],
    });

    // deploy: the draft becomes immutable 1.0.0 and the skill ACTIVE
    const deployed = (await acme.ok(DeploySkill, { id })).deploySkill.skill;
    expect(deployed).toMatchObject({
      lifecycle: "ACTIVE",
      currentVersion: "1.0.0",
      hasDraftChanges: false,
      versions: [{ version: "1.0.0", isDraft: false, instructions: "# Flow v1, edited" }],
    });

    // deploying again with no draft changes is CONFLICT
    const again = await acme.request(DeploySkill, { id });
    expect(firstError(again)).toMatchObject({ path: ["deploySkill"], extensions: { code: "CONFLICT", status: 409 } });

    // editing after a deploy opens a draft with the next patch version
    const edited = (await acme.ok(UpdateSkill, { input: { id, instructions: "# Flow v2" } })).updateSkill.skill;
    expect(edited).toMatchObject({
      lifecycle: "ACTIVE",
      currentVersion: "1.0.0",
      hasDraftChanges: true,
      versions: [
        { version: "1.0.1", isDraft: true, instructions: "# Flow v2" },
        { version: "1.0.0", isDraft: false, instructions: "# Flow v1, edited" },
      ],
    });
    const redeployed = (await acme.ok(DeploySkill, { id })).deploySkill.skill;
    expect(redeployed).toMatchObject({
      lifecycle: "ACTIVE",
      currentVersion: "1.0.1",
      hasDraftChanges: false,
      versions: [
        { version: "1.0.1", isDraft: false, instructions: "# Flow v2" },
        { version: "1.0.0", isDraft: false, instructions: "# Flow v1, edited" },
      ],
    });

    // deprecate: lifecycle only, versions untouched
    const deprecated = (await acme.ok(SetSkillLifecycle, { id, lifecycle: "DEPRECATED" })).setSkillLifecycle;
    expect(deprecated.skill).toMatchObject({ lifecycle: "DEPRECATED", currentVersion: "1.0.1", hasDraftChanges: false });
    expect(deprecated.skill.versions.map((v) => v.version)).toEqual(["1.0.1", "1.0.0"]);

    // delete: soft, hidden from lists, still readable by id
    const deleted = (await acme.ok(DeleteSkill, { id })).deleteSkill.skill;
    expect(deleted).toMatchObject({ lifecycle: "DELETED", currentVersion: "1.0.1", hasDraftChanges: false });
    expect(deleted.deletedAt).toEqual(expect.any(String));
    expect(Number.isNaN(Date.parse(deleted.deletedAt!))).toBe(false);

    const byId = await acme.ok(SkillById, { id });
    expect(byId.skill).toMatchObject({ id, lifecycle: "DELETED" });
    const listed = await acme.ok(SkillsPage, { first: 100 });
    expect(listed.skills.nodes.map((n) => n.id)).not.toContain(id);
    const withDeleted = await acme.ok(SkillsPage, { first: 100, filter: { lifecycle: ["DELETED"] } });
    expect(withDeleted.skills.nodes.map((n) => n.id)).toEqual([id]);

    // a deleted skill cannot be deployed or edited
    const deployDeleted = await acme.request(DeploySkill, { id });
    expect(firstError(deployDeleted).extensions).toMatchObject({ code: "CONFLICT" });
  });
});

describe("request errors", () => {
  test("a malformed query is HTTP 400 GRAPHQL_PARSE_FAILED (Apollo's code)", async () => {
    const r = await acme.raw({ query: "{ skills(first: 10 { nodes { id } } }" });
    expect(r.status).toBe(400);
    expect(firstError(r).extensions).toEqual({ code: "GRAPHQL_PARSE_FAILED", status: 400 });
    expect(r.body.data ?? null).toBeNull();
  });

  test("an unknown field is GRAPHQL_VALIDATION_FAILED (Apollo's code)", async () => {
    const r = await acme.raw({ query: "{ skills { nodes { noSuchField } } }" });
    expect(r.status).toBe(400);
    expect(firstError(r).extensions).toEqual({ code: "GRAPHQL_VALIDATION_FAILED", status: 400 });
  });

  test("an unknown persisted query hash is PERSISTED_QUERY_NOT_FOUND, as Apollo clients expect", async () => {
    const r = await acme.raw({ extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } });
    expect(firstError(r).extensions).toMatchObject({ code: "PERSISTED_QUERY_NOT_FOUND" });
  });

  test("a variable of the wrong type is BAD_USER_INPUT", async () => {
    const r = await acme.request(SkillsPage, { first: "x" } as unknown as SkillsPageQueryVariables);
    expect(r.status).toBe(400);
    expect(firstError(r).extensions).toMatchObject({ code: "BAD_USER_INPUT", status: 400, field: "first" });
    expect(r.body.data ?? null).toBeNull();
  });

  test("a request error never carries a stack trace", async () => {
    const r = await acme.raw({ query: "{ skills(first: 10 { nodes { id } } }" });
    expect(JSON.stringify(r.body)).not.toMatch(/stacktrace|\bat .+\.(ts|js):\d+/i);
  });
});

describe("pagination over HTTP", () => {
  let pager: HttpClient;
  const ids = Array.from({ length: 25 }, (_, i) => `pager.skill-${String(i + 1).padStart(2, "0")}`);
  const sorted = [...ids].sort();

  beforeAll(async () => {
    pager = httpClient(gw.url, await token({ tenant: "pager" }));
    // created out of order, so id order is not insertion order
    for (const id of [...ids].reverse()) {
      await pager.ok(CreateSkill, { input: { id, name: id, instructions: `# ${id}` } });
    }
  });

  test("forward with first/after visits every skill once, in id order", async () => {
    const seen: string[] = [];
    const sizes: number[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const data: SkillsPageQuery = await pager.ok(SkillsPage, { first: 10, after });
      const conn = data.skills;
      expect(conn.totalCount).toBe(25);
      expect(conn.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...conn.nodes.map((n) => n.id));
      sizes.push(conn.nodes.length);
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
      expect(after).toEqual(expect.any(String));
    }
    expect(sizes).toEqual([10, 10, 5]);
    expect(seen).toEqual(sorted);
  });

  test("backward with last/before visits every skill once, in id order", async () => {
    let seen: string[] = [];
    const sizes: number[] = [];
    let before: string | null = null;
    for (let page = 0; page < 10; page++) {
      const data: SkillsPageQuery = await pager.ok(SkillsPage, { last: 10, before });
      const conn = data.skills;
      expect(conn.totalCount).toBe(25);
      expect(conn.pageInfo.hasNextPage).toBe(before !== null);
      seen = [...conn.nodes.map((n) => n.id), ...seen];
      sizes.push(conn.nodes.length);
      if (!conn.pageInfo.hasPreviousPage) break;
      before = conn.pageInfo.startCursor;
      expect(before).toEqual(expect.any(String));
    }
    expect(sizes).toEqual([10, 10, 5]);
    expect(seen).toEqual(sorted);
  });

  test("first and last together is BAD_USER_INPUT", async () => {
    const r = await pager.request(SkillsPage, { first: 5, last: 5 });
    expect(firstError(r)).toMatchObject({ path: ["skills"], extensions: { code: "BAD_USER_INPUT", status: 400 } });
    expect(r.body.data ?? null).toBeNull();
  });

  test.each([0, 101])("first: %i is BAD_USER_INPUT on field first", async (first) => {
    const r = await pager.request(SkillsPage, { first });
    expect(firstError(r)).toMatchObject({
      path: ["skills"],
      extensions: { code: "BAD_USER_INPUT", status: 400, field: "first" },
    });
  });

  test("a cursor that is not one of ours is BAD_USER_INPUT on field after", async () => {
    const r = await pager.request(SkillsPage, { first: 5, after: "bm90LWEtY3Vyc29y" });
    expect(firstError(r).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
  });
});

describe("tenant isolation", () => {
  const id = "acme.secret-sauce";

  beforeAll(async () => {
    await acme.ok(CreateSkill, { input: { id, name: "Secret sauce", instructions: "# acme only" } });
  });

  test("another tenant cannot read, list or deploy it", async () => {
    const globex = httpClient(gw.url, await token({ tenant: "globex" }));
    expect((await globex.ok(SkillById, { id })).skill).toBeNull();
    expect((await globex.ok(SkillsPage, { filter: { search: "secret" } })).skills.totalCount).toBe(0);

    const deploy = await globex.request(DeploySkill, { id });
    expect(firstError(deploy)).toMatchObject({ path: ["deploySkill"], extensions: { code: "NOT_FOUND", status: 404 } });

    // and the owner's skill is untouched
    const own = await acme.ok(SkillById, { id });
    expect(own.skill).toMatchObject({ id, lifecycle: "DRAFT", currentVersion: null, hasDraftChanges: true });
  });
});

describe("demo data (SEED_DEMO_DATA=1)", () => {
  let dainese: HttpClient;
  beforeAll(async () => {
    dainese = httpClient(gw.url, await token({ tenant: "dainese", scopes: ["skills:read"] }));
  });

  test("tenant dainese holds the 11 demo skills", async () => {
    const data = await dainese.ok(SkillsPage, { first: 100 });
    expect(data.skills.totalCount).toBe(11);
    expect(data.skills.nodes).toHaveLength(11);
    const ids = data.skills.nodes.map((n) => n.id);
    expect(ids).toEqual([...ids].sort());
  });

  test("gatespic.incident-postmortem is at 1.4.2", async () => {
    const data = await dainese.ok(SkillById, { id: "gatespic.incident-postmortem" });
    expect(data.skill).toMatchObject({ lifecycle: "ACTIVE", currentVersion: "1.4.2", hasDraftChanges: false });
    expect(data.skill!.versions[0]).toMatchObject({ version: "1.4.2", isDraft: false });
  });

  test("skillCategories are distinct and sorted", async () => {
    const { skillCategories } = await dainese.ok(SkillCategories);
    expect(skillCategories).toEqual([
      "engineering",
      "finance",
      "infrastructure",
      "operations",
      "product",
      "productivity",
      "sales",
      "security",
    ]);
    expect(skillCategories).toEqual([...new Set(skillCategories)].sort());
  });

  test("other tenants do not see the demo data", async () => {
    const other = httpClient(gw.url, await token({ tenant: "nobody-here", scopes: ["skills:read"] }));
    expect((await other.ok(SkillsPage, {})).skills.totalCount).toBe(0);
    expect((await other.ok(SkillCategories)).skillCategories).toEqual([]);
  });
});

describe("internal errors", () => {
  // No test hook in src/: the database connection is switched to read-only
  // from outside (PRAGMA query_only), as a full or read-only disk would, so a
  // write fails inside Prisma. The client must get a bare INTERNAL_SERVER_ERROR.
  test("a database failure is masked: no stack, no SQL, no driver message", async () => {
    const client = httpClient(gw.url, await token({ tenant: "broken-disk" }));
    await client.ok(Viewer); // the tenant row exists before the database turns read-only
    const logged = vi.spyOn(log, "error").mockImplementation(() => {});
    await gw.app.db.prisma.$queryRawUnsafe("PRAGMA query_only = ON");
    let r: HttpResult<unknown>;
    let logText: string;
    try {
      r = await client.request(CreateSkill, { input: { id: "broken.write", name: "Broken", instructions: "# x" } });
    } finally {
      await gw.app.db.prisma.$queryRawUnsafe("PRAGMA query_only = OFF");
      // pino's call shape: ({ err }, message)
      logText = logged.mock.calls
        .flat()
        .map((a) => (a && typeof a === "object" && "err" in a ? String((a as { err: unknown }).err) : String(a)))
        .join("\n");
      logged.mockRestore();
    }
    expect(firstError(r)).toEqual({
      message: "Internal server error",
      locations: expect.any(Array),
      path: ["createSkill"],
      extensions: { code: "INTERNAL_SERVER_ERROR", status: 500 },
    });
    const text = JSON.stringify(r.body);
    expect(text).not.toMatch(/readonly|sqlite|prisma|select|insert|update|stack|\.ts:\d+|\.js:\d+/i);
    // the real error went to the server log instead
    expect(logText).toMatch(/internal error/);
    expect(logText).toMatch(/readonly|read-only|query_only/i);

    // and nothing was written
    expect((await client.ok(SkillById, { id: "broken.write" })).skill).toBeNull();
  });
});
