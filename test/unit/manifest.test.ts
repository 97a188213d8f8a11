import { describe, expect, test } from "vitest";
import { bumpPatch, compareSemver, isSemver, parseSkillManifest } from "../../src/catalog/manifest.js";

const VALID = `---
name: pdf-form-filler
description: Fills PDF forms from structured data. Use when the user asks to complete a PDF form.
version: 1.2.0
category: productivity
tags: [pdf, forms]
---

# PDF form filler

1. Read the form fields.
2. Fill them in.
`;

function errorOf(text: string): string {
  const r = parseSkillManifest(text);
  if (r.ok) throw new Error("expected a parse error");
  return r.error;
}

function doc(front: string, body = "# Title\n\nDo the thing.\n"): string {
  return `---\n${front}\n---\n${body}`;
}

describe("parseSkillManifest", () => {
  test("parses a valid file", () => {
    const r = parseSkillManifest(VALID);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.manifest.name).toBe("pdf-form-filler");
    expect(r.manifest.description).toMatch(/^Fills PDF forms/);
    expect(r.manifest.version).toBe("1.2.0");
    expect(r.manifest.body.startsWith("# PDF form filler")).toBe(true);
    expect(r.manifest.body.endsWith("2. Fill them in.")).toBe(true);
    expect(r.manifest.extra).toEqual({ category: "productivity", tags: ["pdf", "forms"] });
  });

  test("version is optional", () => {
    const r = parseSkillManifest(doc("name: a\ndescription: b"));
    expect(r).toMatchObject({ ok: true, manifest: { name: "a", version: null, extra: {} } });
  });

  test("accepts CRLF line endings and a UTF-8 BOM", () => {
    const crlf = "\uFEFF" + VALID.replace(/\n/g, "\r\n");
    const r = parseSkillManifest(crlf);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.manifest.name).toBe("pdf-form-filler");
    expect(r.manifest.body).not.toContain("\r");
    expect(r.manifest.body.startsWith("# PDF form filler")).toBe(true);
  });

  test("requires front matter at the start", () => {
    expect(errorOf("# Just markdown\n")).toMatch(/must start with a YAML front matter/);
    expect(errorOf("\n---\nname: a\ndescription: b\n---\nbody")).toMatch(/must start with/);
    expect(errorOf("---\nname: a\ndescription: b\nbody without close")).toMatch(/not closed/);
  });

  test("rejects malformed YAML", () => {
    expect(errorOf(doc("name: [unclosed\ndescription: x"))).toMatch(/not valid YAML/);
    expect(errorOf(doc("name: a\nname: b\ndescription: x"))).toMatch(/not valid YAML/);
  });

  test("rejects empty or non-mapping front matter", () => {
    expect(errorOf("---\n---\nbody")).toMatch(/empty/);
    expect(errorOf(doc("- a\n- b"))).toMatch(/must be a YAML mapping/);
    expect(errorOf(doc("just a string"))).toMatch(/must be a YAML mapping/);
  });

  test("name rules", () => {
    expect(errorOf(doc("description: x"))).toBe("name is required in the front matter");
    expect(errorOf(doc("name: 42\ndescription: x"))).toMatch(/name must be a string/);
    expect(errorOf(doc('name: ""\ndescription: x'))).toMatch(/name must not be empty/);
    expect(errorOf(doc("name: Foo Bar\ndescription: x"))).toBe(
      'name "Foo Bar" must be lowercase letters, digits and hyphens (at most 64 characters)',
    );
    for (const bad of ["foo_bar", "-foo", "foo-", "foo--bar", "Foo", "foo.bar"]) {
      expect(errorOf(doc(`name: "${bad}"\ndescription: x`))).toMatch(/lowercase letters, digits and hyphens/);
    }
    const long = "a".repeat(65);
    expect(errorOf(doc(`name: ${long}\ndescription: x`))).toMatch(/65 characters long/);
    expect(parseSkillManifest(doc(`name: ${"a".repeat(64)}\ndescription: x`)).ok).toBe(true);
    expect(parseSkillManifest(doc("name: v2-api-client-3\ndescription: x")).ok).toBe(true);
  });

  test("description rules", () => {
    expect(errorOf(doc("name: a"))).toBe("description is required in the front matter");
    expect(errorOf(doc('name: a\ndescription: "   "'))).toMatch(/description must not be empty/);
    expect(errorOf(doc("name: a\ndescription: [x]"))).toMatch(/description must be a string, not a list/);
    expect(errorOf(doc(`name: a\ndescription: ${"d".repeat(1025)}`))).toMatch(/1025 characters long.*at most 1024/);
    expect(parseSkillManifest(doc(`name: a\ndescription: ${"d".repeat(1024)}`)).ok).toBe(true);
  });

  test("version rules", () => {
    expect(errorOf(doc("name: a\ndescription: b\nversion: 1.2"))).toMatch(/read as a number.*quoted.*"1\.2\.0"/);
    expect(errorOf(doc("name: a\ndescription: b\nversion: 3"))).toMatch(/read as a number.*"3\.0\.0"/);
    expect(errorOf(doc('name: a\ndescription: b\nversion: "1.2"'))).toMatch(/not a semantic version/);
    expect(errorOf(doc("name: a\ndescription: b\nversion: v1.0.0"))).toMatch(/not a semantic version/);
    expect(errorOf(doc("name: a\ndescription: b\nversion: [1]"))).toMatch(/version must be a string/);
    for (const good of ["1.2.0", "0.0.1", "2.0.0-rc.1", "1.0.0+build.7", "1.0.0-alpha.1+sha.5114f85"]) {
      const r = parseSkillManifest(doc(`name: a\ndescription: b\nversion: ${good}`));
      expect(r).toMatchObject({ ok: true, manifest: { version: good } });
    }
  });

  test("body must be non-empty and loses leading blank lines", () => {
    expect(errorOf(doc("name: a\ndescription: b", ""))).toMatch(/no instructions/);
    expect(errorOf(doc("name: a\ndescription: b", "\n   \n\t\n"))).toMatch(/no instructions/);
    expect(errorOf("---\nname: a\ndescription: b\n---")).toMatch(/no instructions/);
    const r = parseSkillManifest(doc("name: a\ndescription: b", "\n\n  \n    indented code\nnext\n\n"));
    expect(r).toMatchObject({ ok: true, manifest: { body: "    indented code\nnext" } });
  });

  test("a '---' inside the body is kept", () => {
    const r = parseSkillManifest(doc("name: a\ndescription: b", "Intro\n\n---\n\nMore"));
    expect(r).toMatchObject({ ok: true, manifest: { body: "Intro\n\n---\n\nMore" } });
  });
});

describe("semver helpers", () => {
  test("isSemver", () => {
    for (const v of ["0.0.0", "1.2.3", "10.20.30", "1.0.0-alpha", "1.0.0-0.3.7", "1.0.0-x.7.z.92", "1.0.0+20130313144700"]) {
      expect(isSemver(v), v).toBe(true);
    }
    for (const v of ["1", "1.2", "01.2.3", "1.02.3", "1.2.3-", "1.2.3-01", "v1.2.3", " 1.2.3", "1.2.3.4", ""]) {
      expect(isSemver(v), v).toBe(false);
    }
  });

  test("bumpPatch", () => {
    expect(bumpPatch("1.4.2")).toBe("1.4.3");
    expect(bumpPatch("0.0.9")).toBe("0.0.10");
    expect(bumpPatch("2.0.0-rc.1")).toBe("2.0.0");
    expect(bumpPatch("1.4.2+build.5")).toBe("1.4.3");
    expect(() => bumpPatch("1.4")).toThrow(/not a semantic version/);
  });

  test("compareSemver", () => {
    const ordered = [
      "1.0.0-alpha",
      "1.0.0-alpha.1",
      "1.0.0-alpha.beta",
      "1.0.0-beta",
      "1.0.0-beta.2",
      "1.0.0-beta.11",
      "1.0.0-rc.1",
      "1.0.0",
      "1.0.1",
      "1.1.0",
      "1.10.0",
      "2.0.0",
    ];
    for (let i = 0; i < ordered.length - 1; i++) {
      expect(compareSemver(ordered[i]!, ordered[i + 1]!), `${ordered[i]} < ${ordered[i + 1]}`).toBeLessThan(0);
      expect(compareSemver(ordered[i + 1]!, ordered[i]!)).toBeGreaterThan(0);
    }
    expect(compareSemver("1.2.3", "1.2.3")).toBe(0);
    expect(compareSemver("1.2.3+a", "1.2.3+b")).toBe(0);
    expect([...ordered].reverse().sort(compareSemver)).toEqual(ordered);
    expect(() => compareSemver("1.2", "1.2.0")).toThrow();
  });
});
