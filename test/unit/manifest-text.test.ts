// The publisher writes manifest texts without building manifest objects
// (jobs/manifest.ts ManifestTexts); they must be byte for byte the JSON of the
// reference definition, buildManifest, whatever the names, sources and hints.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { buildManifest, KEY_RECORD, manifestKey, ManifestTexts, type VersionHints } from "../../src/jobs/manifest.js";

const text = fc.string({ unit: "binary", maxLength: 12 });
const skillIds = ["s1", "s2", "s3", "s\"4", "s\u00e9"];
const versions = ["1.0.0", "2.0.0"];

const world = fc.record({
  info: fc.dictionary(fc.constantFrom(...skillIds), fc.record({ name: text, description: fc.option(text, { nil: null }) })),
  hints: fc.dictionary(
    fc.constantFrom(...skillIds.flatMap((s) => versions.map((v) => `${s}@${v}`))),
    fc.record({ model: fc.option(text, { nil: null }), outputSummary: fc.option(text, { nil: null }) }),
  ),
  users: fc.array(
    fc.record({
      id: text,
      email: text,
      rows: fc.array(
        fc.record({
          skillId: fc.constantFrom(...skillIds),
          skillVersion: fc.constantFrom(...versions),
          // The test's own encoding of sources: a JSON array of labels.
          sources: fc.array(text, { minLength: 1, maxLength: 3 }).map((labels) => JSON.stringify(labels)),
          // As the drivers give it: a boolean (PostgreSQL) or 0/1 (SQLite).
          deprecated: fc.constantFrom(true, false, 0, 1),
        }),
        { maxLength: 6 },
      ),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  maxKept: fc.integer({ min: 1, max: 8 }),
});

describe("manifest texts", () => {
  test("equal JSON.stringify(buildManifest(...)) for every user, with the skill texts reused across users", () => {
    fc.assert(
      fc.property(world, ({ info, hints, users, maxKept }) => {
        const skillInfo = new Map(Object.entries(info));
        const versionHints: VersionHints = new Map(Object.entries(hints));
        const decoded: string[] = [];
        const labelsOf = (s: string) => {
          decoded.push(s);
          return JSON.parse(s) as string[];
        };
        const texts = new ManifestTexts(skillInfo, versionHints, labelsOf, maxKept);
        const base = { tenantId: "t\"1", platformId: "p\n1", jobId: "job_1", generatedAt: new Date(1_700_000_000_123) };
        for (const u of users) {
          // As the databases join them (services/stored-entitlements.ts), deprecated as they give it.
          const keys = u.rows.map((r) => manifestKey(r.skillId, r.skillVersion, Boolean(r.deprecated), r.sources)).join(KEY_RECORD);
          const entries = u.rows.map((r) => ({ skillId: r.skillId, skillVersion: r.skillVersion, labels: JSON.parse(r.sources) as string[], deprecated: Boolean(r.deprecated) }));
          const expected = JSON.stringify(buildManifest(base, u, entries, skillInfo, versionHints));
          const written = ManifestTexts.text(base, u, texts.skills(keys));
          expect(written.text).toBe(expected);
          // The bytes a FILE batch gets, entry by entry, are the same JSON's UTF-8.
          const bytes = Buffer.alloc(written.byteLength() + 3, 0x7e);
          expect(written.writeTo(bytes, 1)).toBe(written.byteLength() + 1);
          expect(bytes.subarray(1, -2).toString("utf8")).toBe(expected);
          expect([bytes[0], bytes.at(-2), bytes.at(-1)]).toEqual([0x7e, 0x7e, 0x7e]);
        }
        // Each distinct (skill, version, deprecated, sources) is decoded once while the cache holds it.
        const distinct = new Set(users.flatMap((u) => u.rows.map((r) => `${r.skillId}|${r.skillVersion}|${Boolean(r.deprecated)}|${r.sources}`)));
        if (distinct.size <= maxKept) expect(decoded.length).toBe(distinct.size);
      }),
      { numRuns: 300 },
    );
  });

  test("a user without skills gets an empty list", () => {
    const texts = new ManifestTexts(new Map(), new Map(), () => []);
    const base = { tenantId: "t", platformId: "p", jobId: "j", generatedAt: new Date(0) };
    const user = { id: "u", email: "u@x" };
    expect(JSON.parse(ManifestTexts.text(base, user, texts.skills("")).text)).toEqual(buildManifest(base, user, [], new Map()));
  });
});
