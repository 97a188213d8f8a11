import { decodeSources, entitlementTimeline, firstLabel, isValidAt, normalizeAt, sameRows, storedEffectiveEntry, toBlockedEntry } from "../../src/entitlements/timeline.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  diffEffectiveSets,
  explainSkill,
  resolveEntitlements,
  type SkillFacts,
  type EffectiveEntry,
  type UserEntitlementInput,
} from "../../src/entitlements/resolve.js";

const NOW = new Date("2025-06-01T12:00:00Z");
const at = (iso: string): Date => new Date(iso);
const DAY = 86_400_000;
const daysFromNow = (d: number): Date => new Date(NOW.getTime() + d * DAY);

function facts(id: string, lifecycle = "ACTIVE", over: Partial<SkillFacts> = {}): SkillFacts {
  return { id, lifecycle, currentVersion: "1.0.0", quarantined: false, ...over };
}
function catalog(...list: SkillFacts[]): Map<string, SkillFacts> {
  return new Map(list.map((s) => [s.id, s]));
}
function user(over: Partial<UserEntitlementInput> = {}): UserEntitlementInput {
  return { archetype: null, groups: [], roles: [], grants: [], ...over };
}
const ids = (input: UserEntitlementInput, skills: Map<string, SkillFacts>, now = NOW): string[] =>
  resolveEntitlements(input, skills, now).effective.map((e) => e.skillId);

describe("resolveEntitlements: sources", () => {
  it("grants from the archetype, labelled archetype:<id>", () => {
    const input = user({ archetype: { id: "fw", skills: [{ skillId: "s1", pinnedVersion: null, grantedAt: at("2025-01-01") }] } });
    const [e] = resolveEntitlements(input, catalog(facts("s1")), NOW).effective;
    expect(e).toEqual({
      skillId: "s1",
      skillVersion: "1.0.0",
      source: "archetype:fw",
      sources: [{ kind: "ARCHETYPE", label: "archetype:fw", id: "fw", repositoryId: null, grantedAt: at("2025-01-01") }],
      grantedAt: at("2025-01-01"),
      deprecated: false,
    });
  });

  it("uses the archetype's pinned version, else the skill's currentVersion", () => {
    const input = user({
      archetype: {
        id: "fw",
        skills: [
          { skillId: "pinned", pinnedVersion: "0.9.0", grantedAt: at("2025-01-01") },
          { skillId: "floating", pinnedVersion: null, grantedAt: at("2025-01-01") },
        ],
      },
      groups: [{ id: "g", augments: [{ skillId: "viaGroup", grantedAt: at("2025-01-01") }], blocks: [] }],
    });
    const skills = catalog(facts("pinned", "ACTIVE", { currentVersion: "2.0.0" }), facts("floating", "ACTIVE", { currentVersion: "3.1.0" }), facts("viaGroup", "ACTIVE", { currentVersion: "4.0.0" }));
    const byId = Object.fromEntries(resolveEntitlements(input, skills, NOW).effective.map((e) => [e.skillId, e.skillVersion]));
    expect(byId).toEqual({ pinned: "0.9.0", floating: "3.1.0", viaGroup: "4.0.0" });
  });

  it("grants from group augments, roles (with repository) and user grants", () => {
    const input = user({
      groups: [{ id: "eng", augments: [{ skillId: "a", grantedAt: at("2025-02-01") }], blocks: [] }],
      roles: [{ id: "maint", skills: [{ skillId: "b", repositoryId: "repo1", grantedAt: at("2025-03-01") }] }],
      grants: [{ id: "gr1", skillId: "c", grantedAt: at("2025-04-01"), expiresAt: null, revokedAt: null }],
    });
    const eff = resolveEntitlements(input, catalog(facts("a"), facts("b"), facts("c")), NOW).effective;
    expect(eff.map((e) => [e.skillId, e.source, e.sources[0].kind])).toEqual([
      ["a", "group:eng", "GROUP"],
      ["b", "role:maint", "ROLE"],
      ["c", "user_grant", "USER_GRANT"],
    ]);
    expect(eff[1].sources[0]).toEqual({ kind: "ROLE", label: "role:maint", id: "maint", repositoryId: "repo1", grantedAt: at("2025-03-01") });
    expect(eff[2].sources[0]).toMatchObject({ id: "gr1", repositoryId: null });
  });

  it("a skill without any source is not effective", () => {
    expect(ids(user(), catalog(facts("s1")))).toEqual([]);
  });
});

describe("resolveEntitlements: user grants and time", () => {
  const grant = (expiresAt: Date | null, revokedAt: Date | null) =>
    user({ grants: [{ id: "g1", skillId: "s", grantedAt: daysFromNow(-10), expiresAt, revokedAt }] });
  const skills = catalog(facts("s"));

  it("an open grant grants", () => expect(ids(grant(null, null), skills)).toEqual(["s"]));
  it("a grant expiring later grants", () => expect(ids(grant(daysFromNow(1), null), skills)).toEqual(["s"]));
  it("a grant revoked in the past does not grant", () => expect(ids(grant(null, daysFromNow(-1)), skills)).toEqual([]));
  it("a revocation scheduled after now does not revoke yet", () => expect(ids(grant(null, daysFromNow(1)), skills)).toEqual(["s"]));
  it("an expired grant never grants, even when nothing revoked it", () => expect(ids(grant(daysFromNow(-1), null), skills)).toEqual([]));
  it("a grant expiring exactly now no longer grants", () => expect(ids(grant(NOW, null), skills)).toEqual([]));
  it("a grant revoked exactly now no longer grants", () => expect(ids(grant(null, NOW), skills)).toEqual([]));
  it("uses the passed clock, not the wall clock", () => {
    const input = grant(at("2030-01-01"), null);
    expect(ids(input, skills, at("2029-12-31"))).toEqual(["s"]);
    expect(ids(input, skills, at("2030-01-02"))).toEqual([]);
  });
  it("an expired grant does not make a block 'override a grant'", () => {
    const input = user({
      groups: [{ id: "g", augments: [], blocks: ["s"] }],
      grants: [{ id: "g1", skillId: "s", grantedAt: daysFromNow(-10), expiresAt: daysFromNow(-1), revokedAt: null }],
    });
    expect(resolveEntitlements(input, skills, NOW).blocked).toEqual([{ skillId: "s", blockedBy: "group:g", groupIds: ["g"], overridesGrant: false }]);
  });
});

describe("resolveEntitlements: blocks", () => {
  const input = user({
    archetype: { id: "arch", skills: [{ skillId: "s", pinnedVersion: null, grantedAt: at("2025-01-01") }] },
    groups: [
      { id: "g2", augments: [{ skillId: "t", grantedAt: at("2025-01-01") }], blocks: ["s", "draft", "nosrc"] },
      { id: "g10", augments: [], blocks: ["s"] },
      { id: "g2", augments: [], blocks: ["s"] }, // listed twice
    ],
    grants: [{ id: "gr", skillId: "s", grantedAt: at("2025-01-01"), expiresAt: null, revokedAt: null }],
  });
  const skills = catalog(facts("s"), facts("t"), facts("draft", "DRAFT"), facts("nosrc"));

  it("a group block beats the archetype and a user grant", () => {
    expect(ids(input, skills)).toEqual(["t"]);
  });

  it("lists every blocked skill, whatever its lifecycle, with the first blocking group by id", () => {
    expect(resolveEntitlements(input, skills, NOW).blocked).toEqual([
      { skillId: "draft", blockedBy: "group:g2", groupIds: ["g2"], overridesGrant: false },
      { skillId: "nosrc", blockedBy: "group:g2", groupIds: ["g2"], overridesGrant: false },
      // "g10" < "g2" in code-unit order
      { skillId: "s", blockedBy: "group:g10", groupIds: ["g10", "g2"], overridesGrant: true },
    ]);
  });

  it("a block of a skill the user's own group augments still wins", () => {
    const self = user({ groups: [{ id: "g", augments: [{ skillId: "s", grantedAt: NOW }], blocks: ["s"] }] });
    expect(ids(self, skills)).toEqual([]);
    expect(resolveEntitlements(self, skills, NOW).blocked[0].overridesGrant).toBe(true);
  });

  it("lists blocks of skills absent from the catalogue", () => {
    const ghost = user({ groups: [{ id: "g", augments: [], blocks: ["ghost"] }] });
    expect(resolveEntitlements(ghost, new Map(), NOW).blocked).toEqual([{ skillId: "ghost", blockedBy: "group:g", groupIds: ["g"], overridesGrant: false }]);
  });
});

describe("resolveEntitlements: lifecycle and quarantine", () => {
  const everything = (skillId: string) => user({ groups: [{ id: "g", augments: [{ skillId, grantedAt: NOW }], blocks: [] }] });

  it.each(["DRAFT", "ARCHIVED", "DELETED", "SOMETHING_ELSE"])("%s is never effective", (lifecycle) => {
    expect(ids(everything("s"), catalog(facts("s", lifecycle)))).toEqual([]);
    expect(explainSkill(everything("s"), catalog(facts("s", lifecycle)), NOW, "s").reasons).toEqual(["LIFECYCLE"]);
  });

  it("ACTIVE is effective and not deprecated; DEPRECATED is effective and flagged", () => {
    expect(resolveEntitlements(everything("s"), catalog(facts("s")), NOW).effective[0].deprecated).toBe(false);
    expect(resolveEntitlements(everything("s"), catalog(facts("s", "DEPRECATED")), NOW).effective[0].deprecated).toBe(true);
  });

  it("a skill missing from the catalogue is not effective (LIFECYCLE)", () => {
    expect(ids(everything("ghost"), catalog())).toEqual([]);
    expect(explainSkill(everything("ghost"), catalog(), NOW, "ghost")).toEqual({
      skillId: "ghost",
      effective: false,
      sources: [{ kind: "GROUP", label: "group:g", id: "g", repositoryId: null, grantedAt: NOW }],
      blockedBy: [],
      reasons: ["LIFECYCLE"],
    });
  });

  it("a quarantined skill is held out", () => {
    const skills = catalog(facts("s", "ACTIVE", { quarantined: true }));
    expect(ids(everything("s"), skills)).toEqual([]);
    expect(explainSkill(everything("s"), skills, NOW, "s").reasons).toEqual(["QUARANTINED"]);
  });

  it("falls back to an empty version when neither pin nor currentVersion exists", () => {
    expect(resolveEntitlements(everything("s"), catalog(facts("s", "ACTIVE", { currentVersion: null })), NOW).effective[0].skillVersion).toBe("");
  });
});

describe("resolveEntitlements: provenance and ordering", () => {
  const input = user({
    grants: [
      { id: "gr-b", skillId: "s", grantedAt: at("2025-05-01"), expiresAt: null, revokedAt: null },
      { id: "gr-a", skillId: "s", grantedAt: at("2025-05-02"), expiresAt: null, revokedAt: null },
    ],
    roles: [
      { id: "r2", skills: [{ skillId: "s", repositoryId: "repoB", grantedAt: at("2025-04-01") }] },
      { id: "r1", skills: [{ skillId: "s", repositoryId: null, grantedAt: at("2025-04-02") }] },
    ],
    groups: [
      { id: "gb", augments: [{ skillId: "s", grantedAt: at("2025-02-01") }], blocks: [] },
      { id: "ga", augments: [{ skillId: "s", grantedAt: at("2025-03-01") }], blocks: [] },
      { id: "ga", augments: [{ skillId: "s", grantedAt: at("2025-03-01") }], blocks: [] }, // duplicate
    ],
    archetype: { id: "arch", skills: [{ skillId: "s", pinnedVersion: "0.1.0", grantedAt: at("2025-06-01") }] },
  });

  it("orders sources ARCHETYPE, GROUP, ROLE, USER_GRANT, ties by id; source is the first", () => {
    const [e] = resolveEntitlements(input, catalog(facts("s")), NOW).effective;
    expect(e.sources.map((s) => `${s.label}#${s.id}`)).toEqual([
      "archetype:arch#arch",
      "group:ga#ga",
      "group:gb#gb",
      "role:r1#r1",
      "role:r2#r2",
      "user_grant#gr-a",
      "user_grant#gr-b",
    ]);
    expect(e.source).toBe("archetype:arch");
    expect(e.sources[4].repositoryId).toBe("repoB");
    expect(e.skillVersion).toBe("0.1.0");
  });

  it("grantedAt is the earliest among the sources", () => {
    expect(resolveEntitlements(input, catalog(facts("s")), NOW).effective[0].grantedAt).toEqual(at("2025-02-01"));
  });

  it("without an archetype source, the first group by id is the source", () => {
    const noArch = { ...input, archetype: null };
    expect(resolveEntitlements(noArch, catalog(facts("s")), NOW).effective[0].source).toBe("group:ga");
  });

  it("merges a source listed twice, keeping its earliest grantedAt", () => {
    const dup = user({
      roles: [
        { id: "r", skills: [{ skillId: "s", repositoryId: "x", grantedAt: at("2025-03-01") }] },
        { id: "r", skills: [{ skillId: "s", repositoryId: "x", grantedAt: at("2025-01-01") }] },
      ],
    });
    const [e] = resolveEntitlements(dup, catalog(facts("s")), NOW).effective;
    expect(e.sources).toHaveLength(1);
    expect(e.sources[0].grantedAt).toEqual(at("2025-01-01"));
  });

  it("orders effective and blocked skills by code unit, not locale", () => {
    const skillIds = ["b", "ä", "B", "a", "a.b", "a-b", "Z"];
    const many = user({ groups: [{ id: "g", augments: skillIds.map((skillId) => ({ skillId, grantedAt: NOW })), blocks: [] }, { id: "h", augments: [], blocks: skillIds }] });
    const skills = catalog(...skillIds.map((id) => facts(id)));
    const expected = ["B", "Z", "a", "a-b", "a.b", "b", "ä"];
    expect(ids({ ...many, groups: [many.groups[0]] }, skills)).toEqual(expected);
    expect(resolveEntitlements(many, skills, NOW).blocked.map((b) => b.skillId)).toEqual(expected);
  });
});

describe("explainSkill", () => {
  const input = user({
    archetype: { id: "arch", skills: [{ skillId: "s", pinnedVersion: null, grantedAt: at("2025-01-01") }] },
    groups: [
      { id: "gz", augments: [], blocks: ["blocked", "all-wrong"] },
      { id: "ga", augments: [{ skillId: "blocked", grantedAt: at("2025-01-01") }], blocks: ["blocked"] },
    ],
  });
  const skills = catalog(facts("s"), facts("blocked"), facts("all-wrong", "ARCHIVED", { quarantined: true }));

  it("an effective skill: no reasons, the same sources as resolve", () => {
    const ex = explainSkill(input, skills, NOW, "s");
    expect(ex).toEqual({ skillId: "s", effective: true, sources: resolveEntitlements(input, skills, NOW).effective[0].sources, blockedBy: [], reasons: [] });
  });

  it("a blocked skill: its sources, the blocking groups sorted, BLOCKED", () => {
    expect(explainSkill(input, skills, NOW, "blocked")).toMatchObject({
      effective: false,
      sources: [{ label: "group:ga" }],
      blockedBy: ["ga", "gz"],
      reasons: ["BLOCKED"],
    });
  });

  it("lists every reason that applies, in order", () => {
    expect(explainSkill(input, skills, NOW, "all-wrong").reasons).toEqual(["NO_SOURCE", "BLOCKED", "LIFECYCLE", "QUARANTINED"]);
  });

  it("an unknown skill with no source: NO_SOURCE and LIFECYCLE", () => {
    expect(explainSkill(input, skills, NOW, "nope")).toEqual({ skillId: "nope", effective: false, sources: [], blockedBy: [], reasons: ["NO_SOURCE", "LIFECYCLE"] });
  });

  it("leaves out expired and revoked grants", () => {
    const withGrants = user({
      grants: [
        { id: "old", skillId: "s", grantedAt: daysFromNow(-9), expiresAt: daysFromNow(-1), revokedAt: null },
        { id: "gone", skillId: "s", grantedAt: daysFromNow(-9), expiresAt: null, revokedAt: daysFromNow(-2) },
      ],
    });
    expect(explainSkill(withGrants, skills, NOW, "s")).toMatchObject({ effective: false, sources: [], reasons: ["NO_SOURCE"] });
  });
});

describe("diffEffectiveSets", () => {
  const sets = (o: Record<string, string[]>) => new Map(Object.entries(o).map(([k, v]) => [k, new Set(v)]));

  it("reports added and removed skills per changed user, sorted", () => {
    const d = diffEffectiveSets(
      sets({ u2: ["b", "a", "c"], u1: ["x"], same: ["k", "j"], gone: ["z"] }),
      sets({ u2: ["c", "e", "d"], u1: ["x"], same: ["j", "k"], fresh: ["n", "m"] }),
    );
    expect(d.changedUsers).toEqual(["fresh", "gone", "u2"]);
    expect(Object.fromEntries(d.added)).toEqual({ fresh: ["m", "n"], gone: [], u2: ["d", "e"] });
    expect(Object.fromEntries(d.removed)).toEqual({ fresh: [], gone: ["z"], u2: ["a", "b"] });
  });

  it("an absent user equals an empty set", () => {
    const d = diffEffectiveSets(sets({ u: [] }), sets({ v: [] }));
    expect(d.changedUsers).toEqual([]);
    expect(d.added.size).toBe(0);
    expect(d.removed.size).toBe(0);
  });

  it("handles 10,000 users (timing lives in npm run bench)", () => {
    const before = new Map<string, Set<string>>();
    const after = new Map<string, Set<string>>();
    for (let i = 0; i < 10_000; i++) {
      const skills = Array.from({ length: 10 }, (_, k) => `skill-${(i + k) % 50}`);
      before.set(`u${i}`, new Set(skills));
      after.set(`u${i}`, new Set(i % 10 === 0 ? [...skills.slice(1), "new"] : skills));
    }
    const d = diffEffectiveSets(before, after);
    expect(d.changedUsers).toHaveLength(1_000);
  });
});

describe("scale", () => {
  // Speed is measured by `npm run bench`, never asserted in a test.
  it("resolves 10,000 users with ~10 sources each", () => {
    const skills = catalog(...Array.from({ length: 200 }, (_, i) => facts(`skill-${i}`, i % 17 === 0 ? "DEPRECATED" : "ACTIVE")));
    const users: UserEntitlementInput[] = Array.from({ length: 10_000 }, (_, i) => ({
      archetype: { id: `arch-${i % 20}`, skills: [0, 1, 2, 3].map((k) => ({ skillId: `skill-${(i + k) % 200}`, pinnedVersion: null, grantedAt: at("2025-01-01") })) },
      groups: [
        { id: `g-${i % 7}`, augments: [{ skillId: `skill-${(i * 3) % 200}`, grantedAt: at("2025-01-02") }], blocks: [`skill-${(i + 5) % 200}`] },
        { id: `g-${(i % 7) + 7}`, augments: [{ skillId: `skill-${(i * 5) % 200}`, grantedAt: at("2025-01-03") }], blocks: [] },
      ],
      roles: [{ id: `r-${i % 5}`, skills: [0, 1].map((k) => ({ skillId: `skill-${(i + k * 11) % 200}`, repositoryId: "repo", grantedAt: at("2025-01-04") })) }],
      grants: [0, 1].map((k) => ({ id: `gr-${i}-${k}`, skillId: `skill-${(i + k * 13) % 200}`, grantedAt: at("2025-01-05"), expiresAt: k ? daysFromNow(-1) : null, revokedAt: null })),
    }));
    // Every skill here is live (ACTIVE or DEPRECATED): the answer is the plain set algebra.
    const naive = (u: UserEntitlementInput) => {
      const granted = new Set([
        ...(u.archetype?.skills ?? []).map((s) => s.skillId),
        ...u.groups.flatMap((g) => g.augments.map((a) => a.skillId)),
        ...u.roles.flatMap((r) => r.skills.map((s) => s.skillId)),
        ...u.grants.filter((g) => !g.revokedAt && (!g.expiresAt || g.expiresAt > NOW)).map((g) => g.skillId),
      ]);
      for (const g of u.groups) for (const b of g.blocks) granted.delete(b);
      return [...granted].sort();
    };
    let total = 0;
    for (const u of users) {
      const got = resolveEntitlements(u, skills, NOW).effective.map((e) => e.skillId).sort();
      expect(got).toEqual(naive(u));
      total += got.length;
    }
    expect(total).toBe(users.reduce((n, u) => n + naive(u).length, 0));
  });
});

// ───────────────────────────── property-based ─────────────────────────────

const SKILL_IDS = ["a", "b", "B", "c", "ä", "a.b", "z9"];
const GROUP_IDS = ["g1", "g2", "g10", "G"];
const ROLE_IDS = ["r1", "r2", "r10"];
const GRANT_IDS = ["u1", "u2", "u3", "u10"];
const LIFECYCLES = ["DRAFT", "ACTIVE", "DEPRECATED", "ARCHIVED", "DELETED"];
const LIVE = new Set(["ACTIVE", "DEPRECATED"]);

const skillIdArb = fc.constantFrom(...SKILL_IDS);
// Dates near NOW, with exact hits on NOW so the boundary is exercised.
const dateArb = fc.oneof(
  fc.integer({ min: -5, max: 5 }).map((d) => daysFromNow(d)),
  fc.constant(NOW),
  fc.integer({ min: -3, max: 3 }).map((ms) => new Date(NOW.getTime() + ms)),
);
const nullableDate = fc.option(dateArb, { nil: null });

const inputArb: fc.Arbitrary<UserEntitlementInput> = fc.record({
  archetype: fc.option(
    fc.record({
      id: fc.constantFrom("arch1", "arch2"),
      skills: fc.array(fc.record({ skillId: skillIdArb, pinnedVersion: fc.option(fc.constantFrom("0.1.0", "0.2.0"), { nil: null }), grantedAt: dateArb }), { maxLength: 5 }),
    }),
    { nil: null },
  ),
  groups: fc.array(
    fc.record({
      id: fc.constantFrom(...GROUP_IDS),
      augments: fc.array(fc.record({ skillId: skillIdArb, grantedAt: dateArb }), { maxLength: 3 }),
      blocks: fc.array(skillIdArb, { maxLength: 2 }),
    }),
    { maxLength: 4 },
  ),
  roles: fc.array(
    fc.record({
      id: fc.constantFrom(...ROLE_IDS),
      skills: fc.array(fc.record({ skillId: skillIdArb, repositoryId: fc.option(fc.constantFrom("repo1", "repo2"), { nil: null }), grantedAt: dateArb }), { maxLength: 3 }),
    }),
    { maxLength: 3 },
  ),
  grants: fc.array(
    fc.record({ id: fc.constantFrom(...GRANT_IDS), skillId: skillIdArb, grantedAt: dateArb, expiresAt: nullableDate, revokedAt: nullableDate }),
    { maxLength: 5 },
  ),
});

// Some skill ids are left out of the catalogue on purpose.
const skillsArb: fc.Arbitrary<Map<string, SkillFacts>> = fc
  .subarray(SKILL_IDS)
  .chain((present) =>
    fc.tuple(
      ...present.map((id) =>
        fc.record({
          id: fc.constant(id),
          lifecycle: fc.constantFrom(...LIFECYCLES),
          currentVersion: fc.option(fc.constantFrom("1.0.0", "2.0.0"), { nil: null }),
          quarantined: fc.boolean(),
        }),
      ),
    ),
  )
  .map((list) => new Map(list.map((s) => [s.id, s])));

const nowArb = fc.oneof(fc.constant(NOW), dateArb);

function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function shuffleInput(input: UserEntitlementInput, seed: number): UserEntitlementInput {
  return {
    archetype: input.archetype && { ...input.archetype, skills: shuffle(input.archetype.skills, seed + 1) },
    groups: shuffle(input.groups.map((g, i) => ({ ...g, augments: shuffle(g.augments, seed + i + 2), blocks: shuffle(g.blocks, seed + i + 3) })), seed + 4),
    roles: shuffle(input.roles.map((r, i) => ({ ...r, skills: shuffle(r.skills, seed + i + 5) })), seed + 6),
    grants: shuffle(input.grants, seed + 7),
  };
}

const isActive = (g: UserEntitlementInput["grants"][number], now: Date) =>
  (g.revokedAt === null || g.revokedAt.getTime() > now.getTime()) && (g.expiresAt === null || g.expiresAt.getTime() > now.getTime());

/** Skill ids that appear anywhere in the input or catalogue, plus one nobody knows. */
function mentioned(input: UserEntitlementInput, skills: Map<string, SkillFacts>): string[] {
  const all = new Set<string>(["unknown-skill", ...skills.keys()]);
  input.archetype?.skills.forEach((s) => all.add(s.skillId));
  input.groups.forEach((g) => { g.augments.forEach((a) => all.add(a.skillId)); g.blocks.forEach((b) => all.add(b)); });
  input.roles.forEach((r) => r.skills.forEach((s) => all.add(s.skillId)));
  input.grants.forEach((g) => all.add(g.skillId));
  return [...all];
}

/** A deliberately naive oracle for the effective set. */
function oracleEffective(input: UserEntitlementInput, skills: Map<string, SkillFacts>, now: Date): string[] {
  const granted = new Set<string>([
    ...(input.archetype?.skills.map((s) => s.skillId) ?? []),
    ...input.groups.flatMap((g) => g.augments.map((a) => a.skillId)),
    ...input.roles.flatMap((r) => r.skills.map((s) => s.skillId)),
    ...input.grants.filter((g) => isActive(g, now)).map((g) => g.skillId),
  ]);
  const blocked = new Set(input.groups.flatMap((g) => g.blocks));
  return [...granted]
    .filter((id) => !blocked.has(id) && LIVE.has(skills.get(id)?.lifecycle ?? "") && !skills.get(id)?.quarantined)
    .sort();
}

const RUNS = { numRuns: 300 };

describe("resolveEntitlements: properties", () => {
  it("matches a naive oracle for the effective set", () => {
    fc.assert(fc.property(inputArb, skillsArb, nowArb, (input, skills, now) => {
      expect(resolveEntitlements(input, skills, now).effective.map((e) => e.skillId)).toEqual(oracleEffective(input, skills, now));
    }), RUNS);
  });

  it("a block always beats a grant: a blocked skill is never effective", () => {
    fc.assert(fc.property(inputArb, skillsArb, nowArb, (input, skills, now) => {
      const result = resolveEntitlements(input, skills, now);
      const blocked = new Set(input.groups.flatMap((g) => g.blocks));
      for (const e of result.effective) expect(blocked.has(e.skillId)).toBe(false);
      expect(result.blocked.map((b) => b.skillId)).toEqual([...blocked].sort());
    }), RUNS);
  });

  it("an expired or revoked grant never grants", () => {
    fc.assert(fc.property(inputArb, skillsArb, nowArb, fc.array(fc.record({ id: fc.constantFrom(...GRANT_IDS), grantedAt: dateArb, expiresAt: nullableDate, revokedAt: nullableDate }), { minLength: 1, maxLength: 4 }), (input, skills, now, extra) => {
      // Only inactive grants of a fresh, otherwise grantable skill.
      const dead = extra.filter((g) => !isActive({ ...g, skillId: "only-grant" }, now)).map((g) => ({ ...g, skillId: "only-grant" }));
      const withDead = { ...input, grants: [...input.grants, ...dead] };
      const catalogue = new Map(skills).set("only-grant", facts("only-grant"));
      const result = resolveEntitlements(withDead, catalogue, now);
      expect(result.effective.some((e) => e.skillId === "only-grant")).toBe(false);
      expect(explainSkill(withDead, catalogue, now, "only-grant").reasons).toEqual(["NO_SOURCE"]);
      // And every USER_GRANT source that does appear comes from an active grant.
      for (const e of result.effective) {
        for (const s of e.sources.filter((x) => x.kind === "USER_GRANT")) {
          expect(withDead.grants.some((g) => g.id === s.id && g.skillId === e.skillId && isActive(g, now))).toBe(true);
        }
      }
    }), RUNS);
  });

  it("only ACTIVE or DEPRECATED, unquarantined, catalogued skills are effective", () => {
    fc.assert(fc.property(inputArb, skillsArb, nowArb, (input, skills, now) => {
      for (const e of resolveEntitlements(input, skills, now).effective) {
        const f = skills.get(e.skillId);
        expect(f).toBeDefined();
        expect(LIVE.has(f!.lifecycle)).toBe(true);
        expect(f!.quarantined).toBe(false);
        expect(e.deprecated).toBe(f!.lifecycle === "DEPRECATED");
      }
    }), RUNS);
  });

  it("does not depend on input order, and duplicated sources change nothing", () => {
    fc.assert(fc.property(inputArb, skillsArb, nowArb, fc.integer(), (input, skills, now, seed) => {
      const expected = resolveEntitlements(input, skills, now);
      const shuffledSkills = new Map(shuffle([...skills], seed));
      expect(resolveEntitlements(shuffleInput(input, seed), shuffledSkills, now)).toEqual(expected);
      const doubled: UserEntitlementInput = {
        archetype: input.archetype && { ...input.archetype, skills: [...input.archetype.skills, ...input.archetype.skills] },
        groups: [...input.groups, ...input.groups],
        roles: [...input.roles, ...input.roles],
        grants: [...input.grants, ...input.grants],
      };
      expect(resolveEntitlements(shuffleInput(doubled, seed + 99), skills, now)).toEqual(expected);
      for (const id of mentioned(input, skills)) {
        expect(explainSkill(shuffleInput(input, seed), shuffledSkills, now, id)).toEqual(explainSkill(input, skills, now, id));
      }
    }), RUNS);
  });

  it("explainSkill agrees with resolve for every mentioned skill", () => {
    fc.assert(fc.property(inputArb, skillsArb, nowArb, (input, skills, now) => {
      const result = resolveEntitlements(input, skills, now);
      const effective = new Map(result.effective.map((e) => [e.skillId, e]));
      const blocked = new Map(result.blocked.map((b) => [b.skillId, b]));
      for (const id of mentioned(input, skills)) {
        const ex = explainSkill(input, skills, now, id);
        expect(ex.effective).toBe(effective.has(id));
        expect(ex.reasons.length === 0).toBe(ex.effective);
        if (ex.effective) expect(ex.sources).toEqual(effective.get(id)!.sources);
        const b = blocked.get(id);
        expect(ex.blockedBy).toEqual(b ? b.groupIds : []);
        if (b) expect(b.overridesGrant).toBe(ex.sources.length > 0);
      }
    }), RUNS);
  });

  it("effective and blocked lists are sorted by code unit with no duplicates; sources are well-formed", () => {
    fc.assert(fc.property(inputArb, skillsArb, nowArb, (input, skills, now) => {
      const { effective, blocked } = resolveEntitlements(input, skills, now);
      for (const list of [effective.map((e) => e.skillId), blocked.map((b) => b.skillId)]) {
        for (let i = 1; i < list.length; i++) expect(list[i - 1] < list[i]).toBe(true);
      }
      const rank = { ARCHETYPE: 0, GROUP: 1, ROLE: 2, USER_GRANT: 3 };
      for (const e of effective) {
        expect(e.source).toBe(e.sources[0].label);
        expect(e.grantedAt.getTime()).toBe(Math.min(...e.sources.map((s) => s.grantedAt.getTime())));
        for (let i = 1; i < e.sources.length; i++) {
          const [p, q] = [e.sources[i - 1], e.sources[i]];
          expect(rank[p.kind] < rank[q.kind] || (p.kind === q.kind && p.id < q.id)).toBe(true);
        }
        const arch = e.sources.find((s) => s.kind === "ARCHETYPE");
        const pins = input.archetype?.skills.filter((s) => s.skillId === e.skillId) ?? [];
        if (!arch || pins.every((p) => p.pinnedVersion === null)) expect(e.skillVersion).toBe(skills.get(e.skillId)!.currentVersion ?? "");
      }
      for (const b of blocked) {
        expect(b.blockedBy).toBe(`group:${b.groupIds[0]}`);
        expect(new Set(b.groupIds).size).toBe(b.groupIds.length);
      }
    }), RUNS);
  });

  it("quarantined skills are never effective", () => {
    fc.assert(fc.property(inputArb, skillsArb, nowArb, (input, skills, now) => {
      const ids = new Set(resolveEntitlements(input, skills, now).effective.map((e) => e.skillId));
      for (const [id, f] of skills) if (f.quarantined) expect(ids.has(id)).toBe(false);
    }), RUNS);
  });
});

describe("diffEffectiveSets: properties", () => {
  const setsArb = fc.dictionary(fc.constantFrom("u1", "u2", "u3", "u10"), fc.uniqueArray(skillIdArb, { maxLength: 4 }))
    .map((o) => new Map(Object.entries(o).map(([k, v]) => [k, new Set(v)])));

  it("applying the diff to before gives after, and only changed users are listed", () => {
    fc.assert(fc.property(setsArb, setsArb, (before, after) => {
      const d = diffEffectiveSets(before, after);
      const users = new Set([...before.keys(), ...after.keys()]);
      for (const u of users) {
        const b = before.get(u) ?? new Set<string>();
        const a = after.get(u) ?? new Set<string>();
        const next = new Set([...b].filter((s) => !(d.removed.get(u) ?? []).includes(s)).concat(d.added.get(u) ?? []));
        expect([...next].sort()).toEqual([...a].sort());
        const changed = b.size !== a.size || [...b].some((s) => !a.has(s));
        expect(d.changedUsers.includes(u)).toBe(changed);
      }
      expect(d.changedUsers).toEqual([...d.changedUsers].sort());
    }), RUNS);
  });
});

/** An entry's fields as own properties (the stored read's entry has getters for two of them). */
const plainEntry = (e: EffectiveEntry): EffectiveEntry => ({
  skillId: e.skillId, skillVersion: e.skillVersion, source: e.source, sources: e.sources, grantedAt: e.grantedAt, deprecated: e.deprecated,
});

describe("the stored read's entry", () => {
  const row = (sources: string) => ({ skillId: "s1", skillVersion: "1.0.0", sources, deprecated: false });
  it("reads the first label from the encoded text, and decodes ids with escapes in full", () => {
    const at = Date.UTC(2026, 0, 2);
    // [encoded sources, first label, earliest grantedAt]
    const cases: [string, string, number][] = [
      [JSON.stringify([[0, "arch1", at]]), "archetype:arch1", at],
      [JSON.stringify([[1, "g-2", at], [3, "gr1", at - 5]]), "group:g-2", at - 5],
      [JSON.stringify([[3, "grant9", at]]), "user_grant", at],
      [JSON.stringify([[2, 'r"1\\x', at, "repo1"]]), 'role:r"1\\x', at],
      [JSON.stringify([[1, "\u00e9t\u00e9", at]]), "group:\u00e9t\u00e9", at],
    ];
    for (const [encoded, label, earliest] of cases) {
      expect(firstLabel(encoded)).toBe(label);
      expect(plainEntry(storedEffectiveEntry(row(encoded)))).toEqual({
        skillId: "s1", skillVersion: "1.0.0", source: label, sources: decodeSources(encoded), grantedAt: new Date(earliest), deprecated: false,
      });
    }
  });

  it("decodes its sources once, and its grantedAt is the earliest", () => {
    const e = storedEffectiveEntry(row(JSON.stringify([[0, "a", 5_000], [1, "g", 1_000], [3, "x", 3_000]])));
    expect(e.sources).toBe(e.sources);
    expect(e.grantedAt).toEqual(new Date(1_000));
    expect(e.sources.map((s) => s.label)).toEqual(["archetype:a", "group:g", "user_grant"]);
  });
});

describe("stored rows (entitlementTimeline) are exact at every instant from now on", () => {
  const later = (input: UserEntitlementInput, now: Date) => {
    // Every instant the answer can change at, one millisecond either side, and a few others.
    const points = input.grants.flatMap((g) => [g.expiresAt, g.revokedAt]).filter((d): d is Date => d !== null && d >= now);
    return [now, ...points.flatMap((d) => [new Date(d.getTime() - 1), d, new Date(d.getTime() + 1)]), daysFromNow(30)].filter((d) => d >= now);
  };

  it("the rows valid at t give resolveEntitlements(t), for now and every later t", () => {
    fc.assert(
      fc.property(inputArb, skillsArb, nowArb, (input, skills, now) => {
        const rows = entitlementTimeline("u", input, skills, now);
        for (const t of later(input, now)) {
          const valid = rows.filter((r) => isValidAt(r, t.getTime()));
          const expected = resolveEntitlements(input, skills, t);
          // The read path's entry (its sources decoded when asked) gives the same values.
          expect(valid.filter((r) => !r.blocked).map(storedEffectiveEntry).map(plainEntry)).toEqual(expected.effective);
          expect(valid.filter((r) => r.blocked).map(toBlockedEntry)).toEqual(expected.blocked);
          // Rows written at now agree with rows written later, from that later instant on.
          expect(sameRows(normalizeAt(rows, t.getTime()), normalizeAt(entitlementTimeline("u", input, skills, t), t.getTime()))).toBe(true);
        }
        // Rows of one skill never overlap.
        for (let i = 1; i < rows.length; i++) {
          if (rows[i].skillId === rows[i - 1].skillId) expect(rows[i - 1].validUntil).toBe(rows[i].validFrom);
        }
      }),
      { numRuns: 400 },
    );
  });
});
