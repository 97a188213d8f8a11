// The pure part of usage aggregation: calendar keys, latency buckets, and the
// rows a batch of events adds to each rollup table. Rollups are additive (or,
// for day bitmasks and last-use days, idempotent merges), so a batch folds into
// them with one upsert per table whatever its size.
export type ActorKind = "USER" | "AGENT";

export interface UsageFact {
  actorKind: ActorKind;
  actorId: string;
  skillId: string;
  occurredAt: Date;
  latencyMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01, UTC. */
export const dayOf = (d: Date): number => Math.floor(d.getTime() / DAY_MS);
export const dateOfDay = (day: number): Date => new Date(day * DAY_MS);
/** Months since 1970-01, UTC. */
export const monthOf = (d: Date): number => (d.getUTCFullYear() - 1970) * 12 + d.getUTCMonth();
export const monthOfDay = (day: number): number => monthOf(dateOfDay(day));
/** First day (days since epoch) of a month. */
export const firstDayOfMonth = (month: number): number => Date.UTC(1970 + Math.floor(month / 12), month % 12, 1) / DAY_MS;
export const lastDayOfMonth = (month: number): number => firstDayOfMonth(month + 1) - 1;
/** Bit d-1 for the d-th day of its month (31 bits fit a signed 32-bit integer). */
export const dayBit = (day: number): number => 1 << (dateOfDay(day).getUTCDate() - 1);

/** The bits of a month's days that fall in [fromDay, toDay]. */
export function monthMask(month: number, fromDay: number, toDay: number): number {
  const first = Math.max(firstDayOfMonth(month), fromDay);
  const last = Math.min(lastDayOfMonth(month), toDay);
  let mask = 0;
  for (let d = first; d <= last; d++) mask |= dayBit(d);
  return mask;
}

// Latency histogram: four buckets per doubling, so a bucket spans a factor of
// 2^(1/4) ≈ 1.19 and a median read from it is within about 9% of the true one.
const PER_DOUBLING = 4;
export const MAX_BUCKET = 120;

export function latencyBucket(ms: number): number {
  if (!(ms >= 1)) return 0;
  return Math.min(MAX_BUCKET, Math.floor(PER_DOUBLING * Math.log2(ms)) + 1);
}

/** The geometric middle of a bucket's range (bucket 0 is under 1 ms). */
export function bucketValue(bucket: number): number {
  if (bucket <= 0) return 0.5;
  return Math.round(2 ** ((bucket - 0.5) / PER_DOUBLING) * 10) / 10;
}

/** The median from bucket counts (null when there are none). */
export function medianOf(buckets: { bucket: number; count: number }[]): number | null {
  const sorted = [...buckets].filter((b) => b.count > 0).sort((a, b) => a.bucket - b.bucket);
  const total = sorted.reduce((s, b) => s + b.count, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const b of sorted) {
    seen += b.count;
    if (seen * 2 >= total) return bucketValue(b.bucket);
  }
  return bucketValue(sorted[sorted.length - 1].bucket);
}

export interface Measures {
  invocations: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface RollupRows {
  skillDay: Map<string, { skillId: string; day: number } & Measures>;
  latencyDay: Map<string, { skillId: string; day: number; bucket: number; count: number }>;
  actorDay: Map<string, { actorKind: ActorKind; actorId: string; day: number } & Measures>;
  actorMonth: Map<string, { actorKind: ActorKind; actorId: string; month: number } & Measures>;
  skillActorMonth: Map<string, { skillId: string; actorKind: ActorKind; actorId: string; month: number; days: number; invocations: number }>;
  skillActor: Map<string, { skillId: string; actorKind: ActorKind; actorId: string; firstDay: number; lastDay: number; invocations: number }>;
}

function add(into: Measures, f: UsageFact): void {
  into.invocations += 1;
  into.inputTokens += f.inputTokens ?? 0;
  into.outputTokens += f.outputTokens ?? 0;
  into.costUsd += f.costUsd ?? 0;
}

const zero = (): Measures => ({ invocations: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 });

function entry<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
}

export function rollUp(facts: UsageFact[]): RollupRows {
  const rows: RollupRows = {
    skillDay: new Map(),
    latencyDay: new Map(),
    actorDay: new Map(),
    actorMonth: new Map(),
    skillActorMonth: new Map(),
    skillActor: new Map(),
  };
  for (const f of facts) {
    const day = dayOf(f.occurredAt);
    const month = monthOf(f.occurredAt);
    const actor = `${f.actorKind}\u0000${f.actorId}`;
    add(entry(rows.skillDay, `${f.skillId}\u0000${day}`, () => ({ skillId: f.skillId, day, ...zero() })), f);
    if (f.latencyMs !== null) {
      const bucket = latencyBucket(f.latencyMs);
      entry(rows.latencyDay, `${f.skillId}\u0000${day}\u0000${bucket}`, () => ({ skillId: f.skillId, day, bucket, count: 0 })).count += 1;
    }
    add(entry(rows.actorDay, `${actor}\u0000${day}`, () => ({ actorKind: f.actorKind, actorId: f.actorId, day, ...zero() })), f);
    add(entry(rows.actorMonth, `${actor}\u0000${month}`, () => ({ actorKind: f.actorKind, actorId: f.actorId, month, ...zero() })), f);
    const sam = entry(rows.skillActorMonth, `${f.skillId}\u0000${actor}\u0000${month}`, () => ({
      skillId: f.skillId, actorKind: f.actorKind, actorId: f.actorId, month, days: 0, invocations: 0,
    }));
    sam.days |= dayBit(day);
    sam.invocations += 1;
    const sa = entry(rows.skillActor, `${f.skillId}\u0000${actor}`, () => ({
      skillId: f.skillId, actorKind: f.actorKind, actorId: f.actorId, firstDay: day, lastDay: day, invocations: 0,
    }));
    sa.firstDay = Math.min(sa.firstDay, day);
    sa.lastDay = Math.max(sa.lastDay, day);
    sa.invocations += 1;
  }
  return rows;
}
