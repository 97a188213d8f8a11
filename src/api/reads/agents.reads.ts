// Reads of the GraphQL edge for agents: lookups and relation fields through this
// request's DataLoaders (batched: one statement per relation per request).
import { findPage, type ConnectionArgs } from "../../core/paging.js";
import type { AgentStatus } from "../../core/enums.js";
import { byId } from "../../services/agents.service.js";
import type { AgentRow } from "../../services/agents.service.js";
import type { Context } from "../context.js";

const selfOnly = (ctx: Context) => {
  const self = ctx.principal.agentId;
  return self === null ? {} : { id: self };
};

export async function getAgent(ctx: Context, id: string): Promise<AgentRow | null> {
  // Another agent is, to an agent, indistinguishable from a missing one.
  const self = ctx.principal.agentId;
  if (self !== null && self !== id) return null;
  return ctx.loaders.agent.load(id);
}

export function listAgents(ctx: Context, status: AgentStatus | null | undefined, args: ConnectionArgs) {
  const prisma = ctx.app.db.prisma;
  return findPage({
    args,
    order: byId,
    where: { tenantId: ctx.tenantId, ...(status ? { status } : {}), ...selfOnly(ctx) },
    findMany: (q) => prisma.agent.findMany(q),
    count: (q) => prisma.agent.count(q),
    toNode: (row) => {
      ctx.loaders.agent.prime(row.id, row);
      return row;
    },
  });
}
