import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { codeOf, createTestGateway, type TestGateway } from "../helpers/harness.js";

let gw: TestGateway;
beforeAll(async () => {
  gw = await createTestGateway();
});
afterAll(() => gw?.close());

describe("createSkill", () => {
  test("creates a DRAFT CUSTOM skill with a draft variation", async () => {
    const data = await gw.ok(
      `mutation($input: CreateSkillInput!) { createSkill(input: $input) { skill { id name slug publisher source lifecycle currentVersion hasDraftChanges versions { version isDraft instructions } } warnings } }`,
      { input: { id: "acme.hello", name: "Hello World", instructions: "# Say hello" } },
    );
    expect(data.createSkill.skill).toMatchObject({
      id: "acme.hello",
      slug: "hello-world",
      publisher: "acme",
      source: "CUSTOM",
      lifecycle: "DRAFT",
      currentVersion: null,
      hasDraftChanges: true,
      versions: [{ version: "1.0.0", isDraft: true, instructions: "# Say hello" }],
    });
  });

  test("a taken id is CONFLICT", async () => {
    const r = await gw.run(`mutation { createSkill(input: { id: "acme.hello", name: "x", instructions: "y" }) { skill { id } } }`);
    expect(codeOf(r)).toBe("CONFLICT");
    expect(r.errors![0].extensions).toMatchObject({ status: 409, field: "input.id" });
  });

  test("another tenant cannot see it", async () => {
    // Made here, so the test holds when it runs alone: the owner sees the skill, the other tenant does not.
    await gw.run(`mutation { createSkill(input: { id: "acme.private", name: "Private", instructions: "y" }) { skill { id } } }`);
    expect((await gw.run(`{ skill(id: "acme.private") { id } }`)).data).toEqual({ skill: { id: "acme.private" } });
    const r = await gw.run(`{ skill(id: "acme.private") { id } }`, {}, { tenant: "other" });
    expect(r.data).toEqual({ skill: null });
  });
});
