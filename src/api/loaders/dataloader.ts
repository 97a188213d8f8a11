// Two shapes cover every relation: one row per key, and a sorted list per key.
// Batch functions answer in key order and length (DataLoader's contract).
import DataLoader from "dataloader";

/** SQLite binds at most 999 values per statement; a batch stays well under it. */
export const MAX_BATCH = 500;

export function rowLoader<Row, K extends string = string>(
  load: (keys: K[]) => Promise<Row[]>,
  keyOf: (row: Row) => K,
): DataLoader<K, Row | null> {
  return new DataLoader<K, Row | null>(
    async (keys) => {
      const byKey = new Map((await load([...keys])).map((r) => [keyOf(r), r]));
      return keys.map((k) => byKey.get(k) ?? null);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/** Rows come back already sorted by the query; grouping keeps that order. */
export function listLoader<Row, K extends string = string>(
  load: (keys: K[]) => Promise<Row[]>,
  keyOf: (row: Row) => K,
): DataLoader<K, Row[]> {
  return new DataLoader<K, Row[]>(
    async (keys) => {
      const byKey = new Map<K, Row[]>(keys.map((k) => [k, []]));
      for (const row of await load([...keys])) byKey.get(keyOf(row))?.push(row);
      return keys.map((k) => byKey.get(k)!);
    },
    { maxBatchSize: MAX_BATCH },
  );
}
