// Relay connections with the contract's rules: first/after or last/before,
// first/last in 1..100 (default 20), both directions at once is BAD_USER_INPUT.
// Cursors are opaque keyset positions (the values of the order fields), so
// pages stay stable while rows are inserted elsewhere.
import { badInput } from "./errors.js";
import { badStringReason } from "./strings.js";

// Int order fields are 32-bit columns on PostgreSQL; a cursor past that range is no position.
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export type FieldKind = "string" | "int" | "date";
export interface OrderField<Row> {
  field: keyof Row & string;
  dir: "asc" | "desc";
  kind: FieldKind;
}
export type Order<Row> = OrderField<Row>[];

export interface PageRequest {
  backward: boolean;
  size: number;
  cursor: unknown[] | null;
}

export interface Connection<Node> {
  edges: { cursor: string; node: Node }[];
  nodes: Node[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** Lazy: the count query runs only when a client selects totalCount. */
  totalCount: number | PromiseLike<number>;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values.map((v) => (v instanceof Date ? v.toISOString() : v)))).toString(
    "base64url",
  );
}

function decodeCursor<Row>(cursor: string, order: Order<Row>, field: string): unknown[] {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw badInput(`Invalid cursor`, field);
  }
  if (!Array.isArray(raw) || raw.length !== order.length) throw badInput(`Invalid cursor`, field);
  return raw.map((v, i) => {
    const kind = order[i].kind;
    if (kind === "date") {
      const d = typeof v === "string" ? new Date(v) : null;
      if (!d || Number.isNaN(d.getTime())) throw badInput(`Invalid cursor`, field);
      return d;
    }
    const ok =
      kind === "int"
        ? Number.isInteger(v) && (v as number) >= INT_MIN && (v as number) <= INT_MAX
        : typeof v === "string" && badStringReason(v) === null;
    if (!ok) throw badInput(`Invalid cursor`, field);
    return v;
  });
}

export function pageRequest<Row>(args: ConnectionArgs, order: Order<Row>): PageRequest {
  const { first, after, last, before } = args;
  const forward = first != null || after != null;
  const backward = last != null || before != null;
  if (forward && backward) {
    throw badInput("Give first/after or last/before, not both directions", first != null ? "last" : "before");
  }
  const size = (backward ? last : first) ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badInput(`${backward ? "last" : "first"} must be between 1 and ${MAX_PAGE_SIZE}`, backward ? "last" : "first");
  }
  const raw = backward ? before : after;
  return { backward, size, cursor: raw == null ? null : decodeCursor(raw, order, backward ? "before" : "after") };
}

export function cursorOf<Row>(row: Row, order: Order<Row>): string {
  return encodeCursor(order.map((o) => row[o.field]));
}

/** Prisma `where` for rows strictly after (or before) the cursor in the given order. */
export function keysetWhere<Row>(order: Order<Row>, req: PageRequest): Record<string, unknown> | undefined {
  const cursor = req.cursor;
  if (!cursor) return undefined;
  const or = order.map((o, i) => {
    const clause: Record<string, unknown> = {};
    for (let j = 0; j < i; j++) clause[order[j].field] = cursor[j];
    const ascending = (o.dir === "asc") !== req.backward;
    clause[o.field] = { [ascending ? "gt" : "lt"]: cursor[i] };
    return clause;
  });
  return or.length === 1 ? or[0] : { OR: or };
}

export function prismaOrderBy<Row>(order: Order<Row>, req: PageRequest): Record<string, "asc" | "desc">[] {
  return order.map((o) => ({ [o.field]: (o.dir === "asc") !== req.backward ? "asc" : "desc" }) as Record<string, "asc" | "desc">);
}

/** A thenable that starts its work only when awaited (graphql-js awaits a field's value only if selected). */
export function lazy<T>(work: () => Promise<T>): PromiseLike<T> {
  let started: Promise<T> | undefined;
  return { then: (onFulfilled, onRejected) => (started ??= work()).then(onFulfilled, onRejected) };
}

/** Builds the connection from up to size+1 rows fetched in request direction. */
export function toConnection<Row, Node>(
  fetched: Row[],
  req: PageRequest,
  order: Order<Row>,
  toNode: (row: Row) => Node,
  totalCount: Connection<Node>["totalCount"],
): Connection<Node> {
  const more = fetched.length > req.size;
  const rows = more ? fetched.slice(0, req.size) : fetched;
  if (req.backward) rows.reverse();
  // Edges and cursors are made when read: most queries select nodes only, and a page of a
  // nested relation would otherwise build an edge and encode cursors for nothing.
  const nodes = rows.map(toNode);
  const cursors: (string | undefined)[] = [];
  const cursorAt = (i: number) => (cursors[i] ??= cursorOf(rows[i], order));
  let edges: Connection<Node>["edges"] | undefined;
  return {
    get edges() {
      return (edges ??= nodes.map((node, i) => ({ get cursor() { return cursorAt(i); }, node })));
    },
    nodes,
    pageInfo: {
      hasNextPage: req.backward ? req.cursor !== null : more,
      hasPreviousPage: req.backward ? more : req.cursor !== null,
      get startCursor() { return rows.length ? cursorAt(0) : null; },
      get endCursor() { return rows.length ? cursorAt(rows.length - 1) : null; },
    },
    totalCount,
  };
}

/** One page from the database: a keyset query of size+1 rows and a lazy count. */
/**
 * A page keyed by one string column through a fetch of fixed statements (first,
 * after, last, before a cursor): the prepared reads' paging, the same rows and
 * cursors as findPage over that order.
 */
export async function pageByKey<Row, Node>(
  args: ConnectionArgs,
  order: Order<Row>,
  fetch: (cursor: string | null, backward: boolean, take: number) => Promise<Row[]>,
  toNode: (row: Row) => Node,
  totalCount: Connection<Node>["totalCount"],
): Promise<Connection<Node>> {
  const req = pageRequest(args, order);
  const rows = await fetch((req.cursor?.[0] as string | undefined) ?? null, req.backward, req.size + 1);
  return toConnection(rows, req, order, toNode, totalCount);
}

export async function findPage<Row, Node>(opts: {
  args: ConnectionArgs;
  order: Order<Row>;
  where: Record<string, unknown>;
  findMany: (q: { where: Record<string, unknown>; orderBy: Record<string, "asc" | "desc">[]; take: number }) => Promise<Row[]>;
  count: (q: { where: Record<string, unknown> }) => Promise<number>;
  toNode: (row: Row) => Node;
}): Promise<Connection<Node>> {
  const req = pageRequest(opts.args, opts.order);
  const after = keysetWhere(opts.order, req);
  const rows = await opts.findMany({
    where: after ? { AND: [opts.where, after] } : opts.where,
    orderBy: prismaOrderBy(opts.order, req),
    take: req.size + 1,
  });
  return toConnection(rows, req, opts.order, opts.toNode, lazy(() => opts.count({ where: opts.where })));
}

function compareValues(a: unknown, b: unknown): number {
  const x = a instanceof Date ? a.getTime() : a;
  const y = b instanceof Date ? b.getTime() : b;
  return x === y ? 0 : (x as number | string) < (y as number | string) ? -1 : 1;
}

export function compareBy<Row>(order: Order<Row>): (a: Row, b: Row) => number {
  return (a, b) => {
    for (const o of order) {
      const c = compareValues(a[o.field], b[o.field]);
      if (c !== 0) return o.dir === "asc" ? c : -c;
    }
    return 0;
  };
}

/**
 * One page of rows already loaded and sorted in `order` (a batched relation:
 * one query loaded every parent's rows, each parent is paged in memory).
 */
export function pageInMemory<Row, Node>(
  sorted: Row[],
  args: ConnectionArgs,
  order: Order<Row>,
  toNode: (row: Row) => Node,
): Connection<Node> {
  const req = pageRequest(args, order);
  const cmp = compareBy(order);
  let candidates = sorted;
  if (req.cursor) {
    const pivot = Object.fromEntries(order.map((o, i) => [o.field, req.cursor![i]])) as Row;
    candidates = sorted.filter((r) => (req.backward ? cmp(r, pivot) < 0 : cmp(r, pivot) > 0));
  }
  const fetched = req.backward ? candidates.slice(-(req.size + 1)).reverse() : candidates.slice(0, req.size + 1);
  return toConnection(fetched, req, order, toNode, sorted.length);
}
