import { describe, expect, test } from "vitest";
import { loadDemoSkills } from "../../src/demo/skills.js";

const EXPECTED: Record<string, { version: string; category: string }> = {
  "gatespic.incident-postmortem": { version: "1.4.2", category: "operations" },
  "gatespic.firmware-changelog-qa": { version: "1.0.4", category: "engineering" },
  "gatespic.change-risk-review": { version: "1.1.1", category: "engineering" },
  "gatespic.security-advisory-triage": { version: "1.0.2", category: "security" },
  "gatespic.runbook-suggest": { version: "1.0.6", category: "operations" },
  "steve.prd-review": { version: "1.2.0", category: "product" },
  "boss.standup-notes": { version: "1.1.0", category: "productivity" },
  "boss.team-weekly-digest": { version: "1.0.0", category: "productivity" },
  "clawshield.deal-desk": { version: "1.0.0", category: "sales" },
  "ledger.vendor-spend-review": { version: "1.0.0", category: "finance" },
  terraform: { version: "1.0.0", category: "infrastructure" },
};

describe("demo skills (dainese)", () => {
  const skills = loadDemoSkills();

  test("all 11 skills present, sorted by id", () => {
    const ids = skills.map((s) => s.id);
    expect(ids).toEqual(Object.keys(EXPECTED).sort());
  });

  test.each(Object.entries(EXPECTED))("%s has the expected version and category", (id, exp) => {
    const s = skills.find((x) => x.id === id)!;
    expect(s).toBeDefined();
    expect(s.version).toBe(exp.version);
    expect(s.category).toBe(exp.category);
  });

  test.each(Object.keys(EXPECTED))("%s has real content", (id) => {
    const s = skills.find((x) => x.id === id)!;
    expect(s.name.length).toBeGreaterThan(2);
    expect(s.description.length).toBeGreaterThan(40);
    expect(s.description.length).toBeLessThanOrEqual(1024);
    const lines = s.instructions.split("\n").length;
    expect(lines).toBeGreaterThanOrEqual(25);
    expect(lines).toBeLessThanOrEqual(80);
    expect(s.instructions.startsWith("# ")).toBe(true);
    expect(s.instructions).not.toMatch(/lorem ipsum|TODO|FIXME|ignore (all )?previous instructions/i);
    expect(s.instructions).not.toMatch(/curl[^\n|]*\|\s*(ba)?sh/);
    for (const t of s.toolIds) expect(t).toMatch(/^[a-z0-9][a-z0-9-]*$/);
  });

  test("incident-postmortem ships ESCALATION-MATRIX.md and refers to it", () => {
    const s = skills.find((x) => x.id === "gatespic.incident-postmortem")!;
    const ref = s.references.find((r) => r.filename === "ESCALATION-MATRIX.md");
    expect(ref).toBeDefined();
    expect(ref!.content).toMatch(/^# Escalation matrix/);
    expect(ref!.content.split("\n").length).toBeGreaterThan(10);
    expect(s.instructions).toContain("ESCALATION-MATRIX.md");
    expect(s.toolIds.length).toBeGreaterThan(0);
  });

  test("skills without a reference folder have no references", () => {
    expect(skills.find((x) => x.id === "terraform")!.references).toEqual([]);
  });
});
