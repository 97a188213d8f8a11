import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { isSemver, parseSkillManifest } from "../../src/catalog/manifest.js";
import { findTemplate, loadTemplates } from "../../src/catalog/templates.js";

const REQUIRED_IDS = [
  "incident-postmortem-report",
  "code-review-checklist",
  "meeting-notes-actions",
  "release-notes-writer",
  "security-advisory-triage",
  "data-privacy-review",
];

const CATEGORIES = new Set(["engineering", "operations", "security", "productivity", "compliance"]);

describe("packaged skill templates", () => {
  const templates = loadTemplates();

  test("at least six templates, all required ids present, ids unique and sorted", () => {
    expect(templates.length).toBeGreaterThanOrEqual(6);
    const ids = templates.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
    for (const id of REQUIRED_IDS) expect(ids).toContain(id);
  });

  test.each(REQUIRED_IDS)("%s: SKILL.md parses with the manifest parser", (id) => {
    const path = fileURLToPath(new URL(`../../src/catalog/templates/${id}/SKILL.md`, import.meta.url));
    const r = parseSkillManifest(readFileSync(path, "utf8"));
    expect(r.ok, r.ok ? "" : r.error).toBe(true);
    if (!r.ok) return;
    expect(r.manifest.name).toBe(id);
    expect(r.manifest.version).toBe("1.0.0");
    expect(typeof r.manifest.extra.category).toBe("string");
    expect(typeof r.manifest.extra.display_name).toBe("string");
  });

  test.each(REQUIRED_IDS)("%s: metadata and a substantial body", (id) => {
    const t = findTemplate(id)!;
    expect(t).toBeDefined();
    expect(t.name.length).toBeGreaterThan(3);
    expect(t.name).not.toBe(t.id);
    expect(CATEGORIES.has(t.category), t.category).toBe(true);
    expect(isSemver(t.version)).toBe(true);
    expect(t.description.length).toBeGreaterThan(40);
    expect(t.description.length).toBeLessThanOrEqual(1024);
    const lines = t.instructions.split("\n").length;
    expect(lines).toBeGreaterThanOrEqual(60);
    expect(lines).toBeLessThanOrEqual(150);
    // Concrete structure: steps, an output skeleton, quality checks, things to avoid.
    expect(t.instructions).toMatch(/^## Step/m);
    expect(t.instructions).toMatch(/^## Output format/m);
    expect(t.instructions).toContain("```markdown");
    expect(t.instructions).toMatch(/^## Quality checks/m);
    expect(t.instructions).toMatch(/^## Do not/m);
    expect(t.scripts).toEqual([]);
  });

  test("references load and are referenced from the instructions", () => {
    const withRefs = templates.filter((t) => t.references.length > 0);
    expect(withRefs.length).toBeGreaterThanOrEqual(3);
    expect(findTemplate("incident-postmortem-report")!.references.map((r) => r.filename)).toContain(
      "SEVERITY-LEVELS.md",
    );
    expect(findTemplate("data-privacy-review")!.references.map((r) => r.filename)).toContain("PII-CATEGORIES.md");
    for (const t of withRefs) {
      for (const ref of t.references) {
        expect(ref.filename).toMatch(/^[A-Z0-9-]+\.md$/);
        expect(ref.content.split("\n").length).toBeGreaterThan(10);
        expect(ref.content.startsWith("# ")).toBe(true);
        expect(t.instructions).toContain(`references/${ref.filename}`);
      }
    }
  });

  test("every references/ path mentioned in instructions exists", () => {
    for (const t of templates) {
      for (const m of t.instructions.matchAll(/references\/([A-Za-z0-9_-]+\.md)/g)) {
        expect(t.references.map((r) => r.filename), `${t.id} -> ${m[1]}`).toContain(m[1]);
      }
    }
  });

  test("content has no placeholder or unsafe text", () => {
    const all = templates.flatMap((t) => [t.instructions, t.description, ...t.references.map((r) => r.content)]);
    for (const text of all) {
      expect(text).not.toMatch(/lorem ipsum|TODO|FIXME|ignore (all )?previous instructions/i);
      expect(text).not.toMatch(/curl[^\n|]*\|\s*(ba)?sh/);
      expect(text).not.toMatch(/\r/);
    }
  });

  test("cached: repeated calls return the same objects; unknown id is undefined", () => {
    expect(loadTemplates()[0]).toBe(templates[0]);
    expect(findTemplate("no-such-template")).toBeUndefined();
  });
});
