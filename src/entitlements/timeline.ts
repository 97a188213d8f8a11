// A user's entitlements as stored rows, exact at every instant from now on.
// The resolution depends on the clock only through grants that are still in
// force now and end later (expiresAt, or a revocation dated in the future), so
// resolving at now and at each of those instants gives every answer the user
// will have until the next change: consecutive equal answers for a skill merge
// into one row, a different one starts a new row at the instant it takes over.
// Pure: no I/O, and the caller passes now.
import { isGrantActive, resolveEntitlements, sourceLabel } from "./resolve.js";
import type { BlockedEntry, EffectiveEntry, SkillFacts, SourceKind, SourceRef, UserEntitlementInput } from "./types.js";

/** validFrom of a user's first row for a skill: "since before any read". Bounds are epoch ms. */
export const SINCE_EVER = 0;

export interface EntitlementRow {
  userId: string;
  skillId: string;
  validFrom: number;
  validUntil: number | null;
  blocked: boolean;
  skillVersion: string;
  sources: string;
  deprecated: boolean;
  overridesGrant: boolean;
}

const KINDS: readonly SourceKind[] = ["ARCHETYPE", "GROUP", "ROLE", "USER_GRANT"];

type EncodedSource = [kind: number, id: string, grantedAtMs: number, repositoryId?: string];

function encodeSources(sources: SourceRef[]): string {
  return JSON.stringify(
    sources.map((s): EncodedSource => {
      const base: EncodedSource = [KINDS.indexOf(s.kind), s.id, s.grantedAt.getTime()];
      if (s.repositoryId) base.push(s.repositoryId);
      return base;
    }),
  );
}

export function decodeSources(encoded: string): SourceRef[] {
  return (JSON.parse(encoded) as EncodedSource[]).map(([k, id, ms, repositoryId]) => {
    const kind = KINDS[k];
    return { kind, label: sourceLabel(kind, id), id, repositoryId: repositoryId ?? null, grantedAt: new Date(ms) };
  });
}

/** The labels of encoded sources, in order, without building the rest (manifests need only these). */
export function sourceLabels(encoded: string): string[] {
  return (JSON.parse(encoded) as EncodedSource[]).map(([k, id]) => sourceLabel(KINDS[k]!, id));
}

type Content = Omit<EntitlementRow, "userId" | "skillId" | "validFrom" | "validUntil">;

function effectiveContent(e: EffectiveEntry): Content {
  return { blocked: false, skillVersion: e.skillVersion, sources: encodeSources(e.sources), deprecated: e.deprecated, overridesGrant: false };
}

function blockedContent(b: BlockedEntry): Content {
  return { blocked: true, skillVersion: "", sources: JSON.stringify(b.groupIds), deprecated: false, overridesGrant: b.overridesGrant };
}

export function sameContent(a: Content, b: Content): boolean {
  return a.blocked === b.blocked && a.skillVersion === b.skillVersion && a.sources === b.sources &&
    a.deprecated === b.deprecated && a.overridesGrant === b.overridesGrant;
}

/** Instants after now at which some grant in force now stops granting, ascending. */
function breakpoints(input: UserEntitlementInput, nowMs: number): number[] {
  const out = new Set<number>();
  for (const g of input.grants) {
    if (!isGrantActive(g, nowMs)) continue;
    if (g.expiresAt) out.add(g.expiresAt.getTime());
    if (g.revokedAt) out.add(g.revokedAt.getTime());
  }
  return [...out].sort((a, b) => a - b);
}

function contentAt(input: UserEntitlementInput, skills: ReadonlyMap<string, SkillFacts>, at: Date): Map<string, Content> {
  const { effective, blocked } = resolveEntitlements(input, skills, at);
  const out = new Map<string, Content>();
  for (const e of effective) out.set(e.skillId, effectiveContent(e));
  for (const b of blocked) out.set(b.skillId, blockedContent(b));
  return out;
}

/** The user's rows, sorted by skill id then validFrom. */
export function entitlementTimeline(
  userId: string,
  input: UserEntitlementInput,
  skills: ReadonlyMap<string, SkillFacts>,
  now: Date,
): EntitlementRow[] {
  const open = new Map<string, EntitlementRow>();
  const rows: EntitlementRow[] = [];
  const first = contentAt(input, skills, now);
  for (const [skillId, c] of first) {
    const row = { userId, skillId, validFrom: SINCE_EVER, validUntil: null, ...c };
    open.set(skillId, row);
    rows.push(row);
  }
  for (const ms of breakpoints(input, now.getTime())) {
    const at = new Date(ms);
    const next = contentAt(input, skills, at);
    for (const [skillId, row] of open) {
      const c = next.get(skillId);
      if (c && sameContent(row, c)) continue;
      row.validUntil = ms;
      open.delete(skillId);
    }
    for (const [skillId, c] of next) {
      if (open.has(skillId)) continue;
      const row = { userId, skillId, validFrom: ms, validUntil: null, ...c };
      open.set(skillId, row);
      rows.push(row);
    }
  }
  return rows.sort(byPairThenStart);
}

function byPairThenStart(a: EntitlementRow, b: EntitlementRow): number {
  return a.skillId < b.skillId ? -1 : a.skillId > b.skillId ? 1 : a.validFrom - b.validFrom;
}

export function isValidAt(row: { validFrom: number; validUntil: number | null }, nowMs: number): boolean {
  return row.validFrom <= nowMs && (row.validUntil === null || row.validUntil > nowMs);
}

/**
 * Rows as they read from now on: rows that ended are dropped and the first row
 * left for each skill starts SINCE_EVER. Rows written at different instants
 * that agree on every answer from now on normalize to the same list.
 */
export function normalizeAt<R extends EntitlementRow>(rows: R[], nowMs: number): EntitlementRow[] {
  const live = rows.filter((r) => r.validUntil === null || r.validUntil > nowMs);
  live.sort(byPairThenStart);
  // Rows of one user and skill never overlap, so at most one live row has begun.
  return live.map((r) => ({
    userId: r.userId,
    skillId: r.skillId,
    validFrom: r.validFrom <= nowMs ? SINCE_EVER : r.validFrom,
    validUntil: r.validUntil,
    blocked: r.blocked,
    skillVersion: r.skillVersion,
    sources: r.sources,
    deprecated: r.deprecated,
    overridesGrant: r.overridesGrant,
  }));
}

export function sameRows(a: EntitlementRow[], b: EntitlementRow[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    if (x.skillId !== y.skillId || x.validFrom !== y.validFrom || x.validUntil !== y.validUntil || !sameContent(x, y)) return false;
  }
  return true;
}

/**
 * The effective entry a row stands for (as resolveEntitlements gives it). Its `sources`
 * and `grantedAt` are decoded when first read: a picker asks for `source` alone, which is
 * read straight from the encoded text; decoding every source with its Date was a tenth
 * of the stored read's busy time.
 */
export function storedEffectiveEntry(row: { skillId: string; skillVersion: string; sources: string; deprecated: boolean }): EffectiveEntry {
  return new StoredEffectiveEntry(row.skillId, row.skillVersion, firstLabel(row.sources), row.deprecated, row.sources);
}

class StoredEffectiveEntry implements EffectiveEntry {
  readonly #encoded: string;
  #decoded: SourceRef[] | null = null;
  constructor(
    readonly skillId: string,
    readonly skillVersion: string,
    readonly source: string,
    readonly deprecated: boolean,
    encoded: string,
  ) {
    this.#encoded = encoded;
  }

  get sources(): SourceRef[] {
    return (this.#decoded ??= decodeSources(this.#encoded));
  }

  /** The earliest grantedAt among the sources (one of their Dates). */
  get grantedAt(): Date {
    const sources = this.sources;
    let min = sources[0]!.grantedAt;
    for (const s of sources) if (s.grantedAt < min) min = s.grantedAt;
    return min;
  }
}

/**
 * The first source's label: encodeSources writes '[[k,"id",…'; an id JSON wrote without an
 * escape is the text between its quotes. Anything else is decoded in full.
 */
export function firstLabel(encoded: string): string {
  const k = encoded.charCodeAt(2) - 48;
  if (encoded.startsWith("[[") && k >= 0 && k < KINDS.length && encoded.startsWith(',"', 3)) {
    const end = encoded.indexOf('"', 5);
    if (end > 0) {
      const id = encoded.slice(5, end);
      if (!id.includes("\\")) return sourceLabel(KINDS[k]!, id);
    }
  }
  return decodeSources(encoded)[0]!.label;
}

export function toBlockedEntry(row: { skillId: string; sources: string; overridesGrant: boolean }): BlockedEntry {
  const groupIds = JSON.parse(row.sources) as string[];
  return { skillId: row.skillId, blockedBy: sourceLabel("GROUP", groupIds[0]!), groupIds, overridesGrant: row.overridesGrant };
}
