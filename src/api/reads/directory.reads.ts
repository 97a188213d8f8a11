// Reads of the GraphQL edge for directory: lookups and relation fields through this
// request's DataLoaders (batched: one statement per relation per request).
import { pageInMemory, type Connection, type ConnectionArgs } from "../../core/paging.js";
import { sortedIds } from "../../services/directory.service.js";
import type { UserRow } from "../../services/directory.service.js";
import { userOrder } from "../../services/directory.service.js";
import type { Context } from "../context.js";

/** A UserConnection ordered by user id over ids already loaded: one page, then the user loader. */
export async function pageUserIds(ctx: Context, ids: Iterable<string>, args: ConnectionArgs): Promise<Connection<UserRow>> {
  const conn = pageInMemory(sortedIds(ids).map((id) => ({ id })), args, userOrder, (r) => r);
  const rows = await ctx.loaders.user.loadMany(conn.nodes.map((n) => n.id));
  const edges = conn.edges.flatMap((e, i) => {
    const node = rows[i];
    return node && !(node instanceof Error) ? [{ cursor: e.cursor, node }] : [];
  });
  return { ...conn, edges, nodes: edges.map((e) => e.node) };
}

/** Primes the per-request loader with rows a list query returned, so later lookups are free. */
export function primed<Row extends { id: string }>(loader: { prime(key: string, row: NoInfer<Row>): unknown }, rows: Row[]): Row[] {
  for (const r of rows) loader.prime(r.id, r);
  return rows;
}
