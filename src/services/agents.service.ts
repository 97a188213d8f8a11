// Agents: the non-human principals that hold skill assignments. Errors raised here:
//   NOT_FOUND      the agent is not in this tenant
//   CONFLICT       the id is taken
//   BAD_USER_INPUT invalid id or empty name
import type { RequestContext as Context } from "../core/context.js";
import { badInput, conflict, notFound } from "../core/errors.js";
import { findPage, type ConnectionArgs, type Order } from "../core/paging.js";
import type { AgentStatus } from "../core/enums.js";
import type { CreateAgentInput, UpdateAgentInput } from "./inputs.js";
import { checkKey, idFromName } from "../catalog/keys.js";
import type { Tx } from "../db/client.js";
import { checkDescription } from "./directory-update.service.js";
import { runChange } from "./governance.js";
import { uniqueOrConflict } from "./ids.js";

export type AgentRow = Awaited<ReturnType<Tx["agent"]["findUniqueOrThrow"]>>;

export const byId: Order<AgentRow> = [{ field: "id", dir: "asc", kind: "string" }];



export async function requireAgent(tx: Tx, tenantId: string, id: string, field = "id"): Promise<AgentRow> {
  const agent = await tx.agent.findUnique({ where: { tenantId_id: { tenantId, id } } });
  if (!agent) throw notFound("Agent", id, field);
  return agent;
}

/**
 * Reads the agent under a row lock (a no-op UPDATE, portable to SQLite and
 * PostgreSQL), so checks that span several rows of one agent, such as "no other
 * PENDING request", cannot interleave with a concurrent writer.
 */
export async function lockAgent(tx: Tx, tenantId: string, id: string, field = "id"): Promise<AgentRow> {
  await tx.$executeRaw`UPDATE "Agent" SET "status" = "status" WHERE "tenantId" = ${tenantId} AND "id" = ${id}`;
  return requireAgent(tx, tenantId, id, field);
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw badInput("name must not be empty", "input.name");
  return trimmed;
}

export async function createAgent(ctx: Context, input: CreateAgentInput): Promise<AgentRow> {
  const name = checkName(input.name);
  const idField = input.id != null ? "input.id" : "input.name";
  if (input.id == null && !/[a-z0-9]/i.test(name.normalize("NFKD"))) {
    throw badInput("name has no letters or digits to derive an id from; give input.id", "input.id");
  }
  const id = checkKey(input.id ?? idFromName(name), idField);
  const taken = `Agent "${id}" already exists`;
  return uniqueOrConflict(
    runChange(ctx, async ({ tx, emit }) => {
      if (await tx.agent.findUnique({ where: { tenantId_id: { tenantId: ctx.tenantId, id } } })) throw conflict(taken, idField);
      const agent = await tx.agent.create({ data: { tenantId: ctx.tenantId, id, name, status: "ACTIVE" } });
      await emit({ kind: "directory.changed", subjects: [`agent:${id}`], payload: { what: "agent.created", name } });
      return agent;
    }),
    taken,
    idField,
  );
}

export async function updateAgent(ctx: Context, input: UpdateAgentInput): Promise<AgentRow> {
  const name = input.name != null ? checkName(input.name) : undefined;
  return runChange(ctx, async ({ tx, emit }) => {
    const agent = await requireAgent(tx, ctx.tenantId, input.id, "input.id");
    const changes: Record<string, { from: string | null; to: string | null }> = {};
    const description = checkDescription(input.description, "input.description");
    if (description !== undefined && description !== agent.description) changes.description = { from: agent.description, to: description };
    if (name !== undefined && name !== agent.name) changes.name = { from: agent.name, to: name };
    if (input.status != null && input.status !== agent.status) changes.status = { from: agent.status, to: input.status };
    if (Object.keys(changes).length === 0) return agent;
    const updated = await tx.agent.update({
      where: { tenantId_id: { tenantId: ctx.tenantId, id: agent.id } },
      data: { name: changes.name?.to ?? undefined, status: changes.status?.to ?? undefined, description: changes.description ? changes.description.to : undefined },
    });
    await emit({ kind: "directory.changed", subjects: [`agent:${agent.id}`], payload: { what: "agent.updated", changes } });
    return updated;
  });
}
