// Batched reads and writes by id lists for services that take the core's
// RequestContext (no loaders): one statement per chunk that fits the database's
// bind-parameter limit (999 on SQLite, 32766 on PostgreSQL, with headroom).
import type { RequestContext } from "../core/context.js";

export function idsPerStatement(ctx: RequestContext, paramsPerItem = 1): number {
  const budget = ctx.app.db.kind === "sqlite" ? 900 : 30_000;
  return Math.max(1, Math.floor(budget / paramsPerItem) - 10);
}

export async function eachChunk<T>(items: T[], size: number, work: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await work(items.slice(i, i + size));
}

export async function readInChunks<Row>(ctx: RequestContext, ids: string[], read: (chunk: string[]) => Promise<Row[]>): Promise<Row[]> {
  const out: Row[] = [];
  await eachChunk(ids, idsPerStatement(ctx), async (chunk) => {
    out.push(...(await read(chunk)));
  });
  return out;
}
