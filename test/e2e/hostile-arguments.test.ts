// Issue 10 items 4 and 13 over real HTTP, on SQLite and on PostgreSQL: list
// arguments past their maximum, and values no database can store (NUL bytes,
// lone surrogates, out-of-range cursors), are BAD_USER_INPUT naming the field,
// never INTERNAL_SERVER_ERROR.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIST_MAX, listMax } from "../../src/api/input-limits.js";
import { startGateway, stringClient, token, type E2EGateway, type StringClient } from "./helpers.js";

const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString("base64url");
const ids = (n: number, prefix = "s") => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

function expectBadInput(r: { status: number; body: any }, field: string) {
  const errors = r.body.errors ?? [];
  expect(errors.length, JSON.stringify(r.body)).toBeGreaterThan(0);
  expect(errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  expect(JSON.stringify(r.body)).not.toMatch(/INTERNAL_SERVER_ERROR|prisma|SQL|at \//i);
}

for (const kind of ["sqlite", "postgres"] as const) {
  describe(`hostile arguments over HTTP (${kind})`, () => {
    let gw: E2EGateway;
    let api: StringClient;

    beforeAll(async () => {
      gw = await startGateway({ db: kind });
      api = stringClient(gw.url, await token());
      await api.ok(`mutation { createArchetype(input: { id: "eng", name: "Engineers" }) { id } }`);
      await api.ok(`mutation { createAgent(input: { id: "bot", name: "Bot" }) { id } }`);
      await api.ok(`mutation { createSkill(input: { id: "s-1", name: "S1", instructions: "Do it." }) { skill { id } } }`);
    });
    afterAll(() => gw?.close());

    it("updateArchetypeSkills with 10,000 ids is BAD_USER_INPUT, and the maximum itself works", async () => {
      const q = `mutation($add: [ID!], $remove: [ID!]) {
        updateArchetypeSkills(archetypeId: "eng", addSkills: $add, removeSkills: $remove, dryRun: true) { change { dryRun } }
      }`;
      expectBadInput(await api.run(q, { add: ids(10_000) }), "addSkills");
      const max = listMax("Mutation.updateArchetypeSkills.addSkills");
      expectBadInput(await api.run(q, { remove: ids(max + 1) }), "removeSkills");
      const atMax = await api.run(q, { add: ids(max), remove: ids(listMax("Mutation.updateArchetypeSkills.removeSkills"), "r") });
      // Unknown ids are the service's business (NOT_FOUND or similar), but never an internal error.
      expect(JSON.stringify(atMax.body)).not.toContain("INTERNAL_SERVER_ERROR");
    });

    it("every other id list accepts its maximum without an internal error", async () => {
      const max = DEFAULT_LIST_MAX;
      const calls: [string, Record<string, unknown>][] = [
        [`mutation($ids: [ID!]!) { addGroupAugment(groupId: "g", skillIds: $ids, dryRun: true) { change { dryRun } } }`, { ids: ids(max) }],
        [`mutation($ids: [ID!]!) { blockSkillsForGroup(groupId: "g", skillIds: $ids, dryRun: true) { change { dryRun } } }`, { ids: ids(max) }],
        [`mutation($ids: [ID!]!) { addGroupMembers(groupId: "g", userIds: $ids) { group { id } } }`, { ids: ids(max, "user:u") }],
        [`mutation($ids: [ID!]) { startScan(skillIds: $ids) { id } }`, { ids: ids(max) }],
      ];
      for (const [q, v] of calls) {
        const r = await api.run(q, v);
        expect(JSON.stringify(r.body), q).not.toContain("INTERNAL_SERVER_ERROR");
        const over = await api.run(q, { ids: [...(v.ids as string[]), "one-more"] });
        expect(over.body.errors?.[0]?.extensions?.code, q).toBe("BAD_USER_INPUT");
      }
    });

    it("lists inside inputs are bounded too, and the path names the item's list", async () => {
      const users = [{ id: "user:a@acme.test", email: "a@acme.test", groupIds: ids(101, "g") }];
      const r = await api.run(`mutation($u: [UpsertUserInput!]!) { upsertUsers(users: $u) { users { id } } }`, { u: users });
      expectBadInput(r, "users.0.groupIds");
      const filter = await api.run(`query($k: [String!]) { governanceEvents(filter: { kinds: $k }) { totalCount } }`, { k: ids(51, "k") });
      expectBadInput(filter, "filter.kinds");
    });

    it("a cursor holding 1e308 or 2^31 is BAD_USER_INPUT", async () => {
      expectBadInput(await api.run(`query($c: String) { skills(after: $c) { nodes { id } } }`, { c: cursor([1e308]) }), "after");
      expectBadInput(await api.run(`query($c: String) { governanceEvents(after: $c) { nodes { id } } }`, { c: cursor([1e308]) }), "after");
      expectBadInput(await api.run(`query($c: String) { governanceEvents(after: $c) { nodes { id } } }`, { c: cursor([2147483648]) }), "after");
      expectBadInput(await api.run(`query($c: String) { governanceEvents(before: $c, last: 5) { nodes { id } } }`, { c: cursor([-2147483649]) }), "before");
      expectBadInput(await api.run(`query($c: String) { skills(after: $c) { nodes { id } } }`, { c: cursor(["a\u0000b"]) }), "after");
    });

    it("a lone surrogate in an ID is BAD_USER_INPUT, in a variable or a literal", async () => {
      expectBadInput(await api.run(`query($id: ID!) { agent(id: $id) { id } }`, { id: "\ud800" }), "id");
      expectBadInput(await api.run(`query($id: ID!) { skill(id: $id) { id } }`, { id: "x\udc00y" }), "id");
      // A literal with a lone surrogate escape never parses: BAD_USER_INPUT as well.
      const literal = await api.run(`{ agent(id: "\\ud800") { id } }`);
      expect(literal.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    });

    it("a NUL byte in any string (ids, names, instructions, search, JSON) is BAD_USER_INPUT naming it", async () => {
      expectBadInput(await api.run(`query($id: ID!) { skill(id: $id) { id } }`, { id: "a\u0000b" }), "id");
      expectBadInput(await api.run(`{ skill(id: "a\\u0000b") { id } }`), "id");
      expectBadInput(
        await api.run(`mutation($i: CreateSkillInput!) { createSkill(input: $i) { skill { id } } }`, {
          i: { name: "Nul\u0000name", instructions: "ok" },
        }),
        "input.name",
      );
      expectBadInput(
        await api.run(`mutation($i: CreateSkillInput!) { createSkill(input: $i) { skill { id } } }`, {
          i: { name: "Fine", instructions: "step\u0000two" },
        }),
        "input.instructions",
      );
      expectBadInput(
        await api.run(`mutation($i: CreateSkillInput!) { createSkill(input: $i) { skill { id } } }`, {
          i: { name: "Fine", instructions: "ok", metadata: { owner: "x\u0000" } },
        }),
        "input.metadata.owner",
      );
      expectBadInput(await api.run(`query($s: String) { skills(filter: { search: $s }) { nodes { id } } }`, { s: "\u0000" }), "filter.search");
      expectBadInput(await api.run(`query($s: String) { users(search: $s) { nodes { id } } }`, { s: "a\u0000" }), "search");
      // Nothing was written by the refused calls.
      const skills = await api.ok(`{ skills { totalCount } }`);
      expect(skills.skills.totalCount).toBe(1);
    });

    it("well-formed text passes untouched: a surrogate pair (emoji) and non-Latin names", async () => {
      const r = await api.ok(`mutation($i: CreateSkillInput!) { createSkill(input: $i) { skill { id name } } }`, {
        i: { id: "emoji", name: "Rocket 🚀 Ракета", instructions: "Launch 🚀." },
      });
      expect(r.createSkill.skill.name).toBe("Rocket 🚀 Ракета");
    });
  });
}
