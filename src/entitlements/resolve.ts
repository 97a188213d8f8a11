// Pure resolution of which skills a user sees, with provenance. No I/O and no clock:
// the caller passes `now`, so the same input always gives the same answer.
//
// The output never depends on input order: sources are sorted by a total order and
// duplicates of one source (a group listed twice, a role naming a skill twice) are
// merged, keeping the earliest grantedAt.

import type {
  BlockedEntry,
  EffectiveEntry,
  Explanation,
  NotEffectiveReason,
  ResolvedEntitlements,
  SkillFacts,
  SourceKind,
  SourceRef,
  UserEntitlementInput,
} from "./types.js";

export type * from "./types.js";
export { diffEffectiveSets } from "./diff.js";
export type { EffectiveSetDiff } from "./diff.js";

export const SOURCE_ORDER: readonly SourceKind[] = ["ARCHETYPE", "GROUP", "ROLE", "USER_GRANT"];
const EFFECTIVE_LIFECYCLES: ReadonlySet<string> = new Set(["ACTIVE", "DEPRECATED"]);

/** One source granting one skill, before duplicates are merged. */
interface Candidate {
  rank: number; // index in SOURCE_ORDER
  kind: SourceKind;
  label: string;
  id: string;
  time: number; // grantedAt in ms
  grantedAt: Date;
  /** pinnedVersion for ARCHETYPE, repositoryId for ROLE, null otherwise. */
  attr: string | null;
}

interface Collected {
  candidates: Map<string, Candidate[]>;
  /** skillId -> ids of the user's groups that block it (unsorted, may repeat). */
  blocks: Map<string, string[]>;
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Total order: kind, source id, earliest grantedAt, then a non-null attribute first. */
function cmpCandidate(a: Candidate, b: Candidate): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.id !== b.id) return cmpStr(a.id, b.id);
  if (a.time !== b.time) return a.time - b.time;
  if (a.attr === b.attr) return 0;
  if (a.attr === null) return 1;
  if (b.attr === null) return -1;
  return cmpStr(a.attr, b.attr);
}

const LABEL_PREFIX = { ARCHETYPE: "archetype", GROUP: "group", ROLE: "role" } as const;

/** A source's label: archetype:<id>, group:<id>, role:<id>, or user_grant (a grant's id is not shown). */
export function sourceLabel(kind: SourceKind, id: string): string {
  return kind === "USER_GRANT" ? "user_grant" : `${LABEL_PREFIX[kind]}:${id}`;
}

export function isGrantActive(grant: { expiresAt: Date | null; revokedAt: Date | null }, nowMs: number): boolean {
  // An expired grant never grants, whether or not the expiry job has revoked it yet.
  return (grant.revokedAt == null || grant.revokedAt.getTime() > nowMs) &&
    (grant.expiresAt == null || grant.expiresAt.getTime() > nowMs);
}

function collect(input: UserEntitlementInput, nowMs: number, only: string | null): Collected {
  const candidates = new Map<string, Candidate[]>();
  const blocks = new Map<string, string[]>();
  const add = (skillId: string, c: Candidate): void => {
    if (only !== null && skillId !== only) return;
    const list = candidates.get(skillId);
    if (list) list.push(c);
    else candidates.set(skillId, [c]);
  };

  const archetype = input.archetype;
  if (archetype) {
    const label = sourceLabel("ARCHETYPE", archetype.id);
    for (const s of archetype.skills) {
      add(s.skillId, { rank: 0, kind: "ARCHETYPE", label, id: archetype.id, time: s.grantedAt.getTime(), grantedAt: s.grantedAt, attr: s.pinnedVersion ?? null });
    }
  }
  for (const g of input.groups) {
    const label = sourceLabel("GROUP", g.id);
    for (const a of g.augments) {
      add(a.skillId, { rank: 1, kind: "GROUP", label, id: g.id, time: a.grantedAt.getTime(), grantedAt: a.grantedAt, attr: null });
    }
    for (const skillId of g.blocks) {
      if (only !== null && skillId !== only) continue;
      const list = blocks.get(skillId);
      if (list) list.push(g.id);
      else blocks.set(skillId, [g.id]);
    }
  }
  for (const r of input.roles) {
    const label = sourceLabel("ROLE", r.id);
    for (const s of r.skills) {
      add(s.skillId, { rank: 2, kind: "ROLE", label, id: r.id, time: s.grantedAt.getTime(), grantedAt: s.grantedAt, attr: s.repositoryId ?? null });
    }
  }
  for (const g of input.grants) {
    if (!isGrantActive(g, nowMs)) continue;
    add(g.skillId, { rank: 3, kind: "USER_GRANT", label: sourceLabel("USER_GRANT", g.id), id: g.id, time: g.grantedAt.getTime(), grantedAt: g.grantedAt, attr: null });
  }
  return { candidates, blocks };
}

interface MergedSources {
  sources: SourceRef[];
  pinnedVersion: string | null;
  earliest: Date;
}

/** Sorts and merges duplicates; `list` must be non-empty and is sorted in place. */
function mergeSources(list: Candidate[]): MergedSources {
  if (list.length > 1) list.sort(cmpCandidate);
  const sources: SourceRef[] = [];
  let pinnedVersion: string | null = null;
  let earliest = list[0].grantedAt;
  let earliestMs = list[0].time;
  let prev: Candidate | null = null;
  for (const c of list) {
    // Sorted, so the first of a run of one source has its earliest grantedAt.
    if (prev !== null && prev.rank === c.rank && prev.id === c.id) continue;
    prev = c;
    if (c.rank === 0 && pinnedVersion === null) pinnedVersion = c.attr;
    if (c.time < earliestMs) {
      earliest = c.grantedAt;
      earliestMs = c.time;
    }
    sources.push({ kind: c.kind, label: c.label, id: c.id, repositoryId: c.rank === 2 ? c.attr : null, grantedAt: c.grantedAt });
  }
  return { sources, pinnedVersion, earliest };
}

function sortedUnique(ids: string[]): string[] {
  const sorted = ids.length > 1 ? [...ids].sort() : [...ids]; // default sort: code-unit order
  return sorted.filter((id, i) => i === 0 || id !== sorted[i - 1]);
}

function isLive(facts: SkillFacts | undefined): facts is SkillFacts {
  return facts !== undefined && EFFECTIVE_LIFECYCLES.has(facts.lifecycle);
}

export function resolveEntitlements(
  input: UserEntitlementInput,
  skills: ReadonlyMap<string, SkillFacts>,
  now: Date,
): ResolvedEntitlements {
  const { candidates, blocks } = collect(input, now.getTime(), null);

  const effective: EffectiveEntry[] = [];
  for (const [skillId, list] of candidates) {
    if (blocks.has(skillId)) continue;
    const facts = skills.get(skillId);
    if (!isLive(facts) || facts.quarantined) continue;
    const merged = mergeSources(list);
    effective.push({
      skillId,
      skillVersion: merged.pinnedVersion ?? facts.currentVersion ?? "",
      source: merged.sources[0].label,
      sources: merged.sources,
      grantedAt: merged.earliest,
      deprecated: facts.lifecycle === "DEPRECATED",
    });
  }
  effective.sort((a, b) => cmpStr(a.skillId, b.skillId));

  const blocked: BlockedEntry[] = [];
  for (const [skillId, groupIds] of blocks) {
    const ids = sortedUnique(groupIds);
    blocked.push({ skillId, blockedBy: sourceLabel("GROUP", ids[0]!), groupIds: ids, overridesGrant: candidates.has(skillId) });
  }
  blocked.sort((a, b) => cmpStr(a.skillId, b.skillId));

  return { effective, blocked };
}

export function explainSkill(
  input: UserEntitlementInput,
  skills: ReadonlyMap<string, SkillFacts>,
  now: Date,
  skillId: string,
): Explanation {
  const { candidates, blocks } = collect(input, now.getTime(), skillId);
  const list = candidates.get(skillId);
  const sources = list ? mergeSources(list).sources : [];
  const blockedBy = sortedUnique(blocks.get(skillId) ?? []);
  const facts = skills.get(skillId);

  const reasons: NotEffectiveReason[] = [];
  if (sources.length === 0) reasons.push("NO_SOURCE");
  if (blockedBy.length > 0) reasons.push("BLOCKED");
  if (!isLive(facts)) reasons.push("LIFECYCLE");
  if (facts?.quarantined) reasons.push("QUARANTINED");

  return { skillId, effective: reasons.length === 0, sources, blockedBy, reasons };
}
