// Reads of the GraphQL edge for agents: lookups and relation fields through this
// request's DataLoaders (batched: one statement per relation per request).
import { findPage, type ConnectionArgs } from "../../core/paging.js";
import type { AgentStatus } from "../../core/enums.js";
import { byId } from "../../services/agents.service.js";
import type { AgentRow } from "../../services/agents.service.js";
import type { Context } from "../context.js";

export function getAgent(ctx: Context, id: string): Promise<AgentRow | null> {
  return ctx.loaders.agent.load(id);
}

export function listAgents(ctx: Context, status: AgentStatus | null | undefined, args: ConnectionArgs) {
  const prisma = ctx.app.db.prisma;
  return findPage({
    args,
    order: byId,
    where: { tenantId: ctx.tenantId, ...(status ? { status } : {}) },
    findMany: (q) => prisma.agent.findMany(q),
    count: (q) => prisma.agent.count(q),
    toNode: (row) => {
      ctx.loaders.agent.prime(row.id, row);
      return row;
    },
  });
}
