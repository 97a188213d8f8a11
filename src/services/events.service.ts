// Reading the governance log (oldest first; ids are per-tenant sequence numbers).
import type { RequestContext as Context } from "../core/context.js";
import { badInput } from "../core/errors.js";
import { findPage, type ConnectionArgs, type Order } from "../core/paging.js";
import type { GovernanceEventFilter } from "./inputs.js";
import type { EventRow } from "./governance.js";

const bySeq: Order<EventRow> = [{ field: "seq", dir: "asc", kind: "int" }];

export function eventWhere(tenantId: string, filter: GovernanceEventFilter | null | undefined): Record<string, unknown> {
  const f = filter ?? {};
  return {
    tenantId,
    ...(f.kinds?.length ? { kind: { in: f.kinds } } : {}),
    ...(f.subject ? { subjectRows: { some: { subject: f.subject } } } : {}),
    ...(f.since ? { occurredAt: { gte: f.since } } : {}),
  };
}

export async function listEvents(ctx: Context, filter: GovernanceEventFilter | null | undefined, args: ConnectionArgs) {
  const prisma = ctx.app.db.prisma;
  return findPage({
    args,
    order: bySeq,
    where: eventWhere(ctx.tenantId, filter),
    findMany: (q) => prisma.governanceEvent.findMany(q),
    count: (q) => prisma.governanceEvent.count(q),
    toNode: (row) => row,
  });
}

/** Event ids are positive integers (the tenant's sequence). */
export function parseEventId(id: string, field: string): number {
  if (!/^\d{1,15}$/.test(id)) throw badInput(`"${id}" is not a governance event id`, field);
  return Number(id);
}
