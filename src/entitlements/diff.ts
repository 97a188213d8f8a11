// Which users' effective skill sets changed between two states, e.g. before and after
// an archetype edit; drives entitlementChanged messages and "affected users" counts.

export interface EffectiveSetDiff {
  /** Users whose set changed, sorted. */
  changedUsers: string[];
  /** Per changed user: skill ids gained, sorted (empty array when none). */
  added: Map<string, string[]>;
  /** Per changed user: skill ids lost, sorted (empty array when none). */
  removed: Map<string, string[]>;
}

const EMPTY: ReadonlySet<string> = new Set();

function missingFrom(from: ReadonlySet<string>, other: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const id of from) if (!other.has(id)) out.push(id);
  return out.sort();
}

/** A user absent from one side counts as having an empty set there. */
export function diffEffectiveSets(
  before: ReadonlyMap<string, ReadonlySet<string>>,
  after: ReadonlyMap<string, ReadonlySet<string>>,
): EffectiveSetDiff {
  const changes: [userId: string, gained: string[], lost: string[]][] = [];
  const visit = (userId: string): void => {
    const b = before.get(userId) ?? EMPTY;
    const a = after.get(userId) ?? EMPTY;
    if (a === b) return;
    const gained = missingFrom(a, b);
    const lost = missingFrom(b, a);
    if (gained.length > 0 || lost.length > 0) changes.push([userId, gained, lost]);
  };
  for (const userId of before.keys()) visit(userId);
  for (const userId of after.keys()) if (!before.has(userId)) visit(userId);

  // Sorted so the maps iterate in user order too.
  changes.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return {
    changedUsers: changes.map((c) => c[0]),
    added: new Map(changes.map((c) => [c[0], c[1]])),
    removed: new Map(changes.map((c) => [c[0], c[2]])),
  };
}
