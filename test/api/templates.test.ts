import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadTemplates } from "../../src/catalog/templates.js";
import { TENANT, codeOf, createTestGateway, type TestGateway } from "../helpers/harness.js";

let gw: TestGateway;
beforeAll(async () => {
  gw = await createTestGateway();
});
afterAll(() => gw?.close());

const LIST = `{ skillTemplates { id name description category imported } }`;
const IMPORT = `mutation($ids: [ID!], $all: Boolean) {
  importSkillTemplates(templateIds: $ids, importAll: $all) {
    imported { templateId skill { id name source lifecycle currentVersion category versions { version instructions references { filename } scripts } } }
    skipped { templateId reason }
    errors
  }
}`;

const templates = loadTemplates();

describe("skillTemplates", () => {
  test("lists every packaged template, none imported yet", async () => {
    const data = await gw.ok(LIST);
    expect(data.skillTemplates).toHaveLength(templates.length);
    expect(data.skillTemplates[0]).toEqual({
      id: templates[0].id,
      name: templates[0].name,
      description: templates[0].description,
      category: templates[0].category,
      imported: false,
    });
    expect(data.skillTemplates.every((t: { imported: boolean }) => !t.imported)).toBe(true);
  });

  test("needs skills:read", async () => {
    const r = await gw.run(LIST, {}, { scopes: ["directory:write"] });
    expect(codeOf(r)).toBe("FORBIDDEN");
  });
});

describe("importSkillTemplates", () => {
  test("imports a template as an ACTIVE TEMPLATE skill at its version", async () => {
    const t = templates.find((x) => x.id === "incident-postmortem-report")!;
    const { importSkillTemplates: r } = await gw.ok(IMPORT, { ids: [t.id, "no-such-template"] });
    expect(r.skipped).toEqual([{ templateId: "no-such-template", reason: "unknown_template" }]);
    expect(r.errors).toEqual([]);
    expect(r.imported).toEqual([
      {
        templateId: t.id,
        skill: {
          id: t.id,
          name: t.name,
          source: "TEMPLATE",
          lifecycle: "ACTIVE",
          currentVersion: t.version,
          category: t.category,
          versions: [
            {
              version: t.version,
              instructions: t.instructions,
              references: t.references.map((ref) => ({ filename: ref.filename })),
              scripts: t.scripts,
            },
          ],
        },
      },
    ]);
    const events = await gw.app.db.prisma.governanceEvent.findMany({ where: { tenantId: TENANT, kind: "skill.created" } });
    expect(events).toEqual([expect.objectContaining({ subjects: [`skill:${t.id}`], payload: expect.objectContaining({ templateId: t.id }) })]);
    const listed = (await gw.ok(LIST)).skillTemplates.find((x: { id: string }) => x.id === t.id);
    expect(listed.imported).toBe(true);
  });

  test("importAll imports the rest, skips imported ones, and reports a taken id", async () => {
    await gw.ok(`mutation { createSkill(input: { id: "meeting-notes-actions", name: "Mine", instructions: "x" }) { skill { id } } }`);
    const { importSkillTemplates: r } = await gw.ok(IMPORT, { all: true });
    expect(r.skipped).toEqual([{ templateId: "incident-postmortem-report", reason: "already_imported" }]);
    expect(r.errors).toEqual(['meeting-notes-actions: skill id "meeting-notes-actions" is already used by another catalog entry']);
    const expected = templates.map((t) => t.id).filter((id) => id !== "incident-postmortem-report" && id !== "meeting-notes-actions");
    expect(r.imported.map((i: { templateId: string }) => i.templateId)).toEqual(expected);
    const again = await gw.ok(IMPORT, { ids: expected });
    expect(again.importSkillTemplates).toEqual({
      imported: [],
      skipped: expected.map((templateId) => ({ templateId, reason: "already_imported" })),
      errors: [],
    });
  });

  test("neither templateIds nor importAll is BAD_USER_INPUT", async () => {
    for (const vars of [{}, { ids: [] }, { all: false }]) {
      const r = await gw.run(IMPORT, vars);
      expect(r.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", status: 400, field: "templateIds" });
    }
  });

  test("needs skills:write", async () => {
    const r = await gw.run(IMPORT, { all: true }, { scopes: ["skills:read"] });
    expect(codeOf(r)).toBe("FORBIDDEN");
  });

  test("imports are per tenant", async () => {
    const other = await gw.ok(LIST, {}, { tenant: "other" });
    expect(other.skillTemplates.every((t: { imported: boolean }) => !t.imported)).toBe(true);
    const r = await gw.ok(IMPORT, { ids: ["incident-postmortem-report"] }, { tenant: "other" });
    expect(r.importSkillTemplates.imported).toHaveLength(1);
  });
});
