// Connectors: the per-tenant catalog of integrations an agent works with
// (github, slack, jira, …), each CONNECTED or AVAILABLE, with the skills
// suggested for it. Admins upsert them; anyone may request one, and a person
// approves (which connects it) or rejects, exactly like skill requests. Every
// write records a governance event in its transaction. Errors raised here:
//   BAD_USER_INPUT  an id that is not a slug; an empty name, category or reason;
//                   more than 50 suggested skills
//   NOT_FOUND       the connector, a suggested skill or the request is not in this tenant
//   CONFLICT        the connector is already CONNECTED (on request); the request was
//                   already decided
//   FORBIDDEN       an agent upserts a connector or decides a request
import type { RequestContext } from "../core/context.js";
import { badInput, conflict, forbidden, notFound } from "../core/errors.js";
import type { Tx } from "../db/client.js";
import { runChange } from "./governance.js";
import { randomBytes } from "node:crypto";

export type ConnectorRow = Awaited<ReturnType<Tx["connector"]["findUniqueOrThrow"]>>;
export type ConnectorRequestRow = Awaited<ReturnType<Tx["connectorRequest"]["findUniqueOrThrow"]>>;
export type ConnectorStatus = "CONNECTED" | "AVAILABLE";
export type ConnectorRequestStatus = "PENDING" | "APPROVED" | "REJECTED";

export interface ConnectorInput {
  id: string;
  name: string;
  category: string;
  description?: string | null;
  status?: ConnectorStatus | null;
  suggestedSkills?: string[] | null;
}

export interface ConnectorFilter {
  category?: string | null;
  status?: ConnectorStatus | null;
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
const MAX_SUGGESTED = 50;

export function suggestedSkillsOf(row: ConnectorRow): string[] {
  return Array.isArray(row.suggestedSkills) ? (row.suggestedSkills as string[]) : [];
}

/** Ordered by id. */
export function listConnectors(ctx: RequestContext, filter: ConnectorFilter = {}): Promise<ConnectorRow[]> {
  return ctx.app.db.prisma.connector.findMany({
    where: {
      tenantId: ctx.tenantId,
      ...(filter.category ? { category: filter.category } : {}),
      ...(filter.status ? { status: filter.status } : {}),
    },
    orderBy: { id: "asc" },
  });
}

export function getConnector(ctx: RequestContext, id: string): Promise<ConnectorRow | null> {
  return ctx.app.db.prisma.connector.findUnique({ where: { tenantId_id: { tenantId: ctx.tenantId, id } } });
}

function requireText(value: string | null | undefined, field: string, max = 200): string {
  const text = (value ?? "").trim();
  if (!text) throw badInput(`${field.split(".").at(-1)} must not be empty`, field);
  if (text.length > max) throw badInput(`${field.split(".").at(-1)} must be at most ${max} characters`, field);
  return text;
}

export async function upsertConnector(ctx: RequestContext, input: ConnectorInput): Promise<ConnectorRow> {
  if (ctx.principal.agentId !== null) throw forbidden("Agents cannot change connectors");
  if (!SLUG.test(input.id)) throw badInput("id must be a lowercase slug such as github or google-drive", "input.id");
  const name = requireText(input.name, "input.name");
  const category = requireText(input.category, "input.category", 64);
  const description = input.description?.trim() || null;
  const suggested = [...new Set(input.suggestedSkills ?? [])];
  if (suggested.length > MAX_SUGGESTED) throw badInput(`at most ${MAX_SUGGESTED} suggested skills`, "input.suggestedSkills");
  return runChange(ctx, async ({ tx, emit }) => {
    if (suggested.length) {
      const found = new Set(
        (await tx.skill.findMany({ where: { tenantId: ctx.tenantId, id: { in: suggested } }, select: { id: true } })).map((s) => s.id),
      );
      const missing = suggested.findIndex((id) => !found.has(id));
      if (missing >= 0) throw notFound("Skill", suggested[missing], `input.suggestedSkills.${missing}`);
    }
    const before = await tx.connector.findUnique({ where: { tenantId_id: { tenantId: ctx.tenantId, id: input.id } } });
    const status = input.status ?? (before?.status as ConnectorStatus | undefined) ?? "AVAILABLE";
    const connecting = status === "CONNECTED" && before?.status !== "CONNECTED";
    const data = {
      name,
      category,
      description,
      status,
      suggestedSkills: suggested,
      ...(connecting ? { connectedAt: new Date(), connectedBy: ctx.principal.subject } : {}),
      ...(status === "AVAILABLE" ? { connectedAt: null, connectedBy: null } : {}),
    };
    const row = await tx.connector.upsert({
      where: { tenantId_id: { tenantId: ctx.tenantId, id: input.id } },
      create: { tenantId: ctx.tenantId, id: input.id, ...data },
      update: data,
    });
    await emit({
      kind: "connector.upserted",
      subjects: [`connector:${input.id}`],
      payload: { created: before === null, status, previousStatus: before?.status ?? null, suggestedSkills: suggested },
    });
    return row;
  });
}

/** Newest first. */
export function listConnectorRequests(ctx: RequestContext, status?: ConnectorRequestStatus | null): Promise<ConnectorRequestRow[]> {
  return ctx.app.db.prisma.connectorRequest.findMany({
    where: {
      tenantId: ctx.tenantId,
      ...(status ? { status } : {}),
      // An agent sees its own requests only.
      ...(ctx.principal.agentId !== null ? { requestedBy: ctx.principal.subject } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
}

export interface ConnectorRequestResult {
  request: ConnectorRequestRow;
  /** false: a PENDING request of the same caller for the same connector was returned. */
  created: boolean;
}

/**
 * Asking twice while the first request is pending returns the pending one, so
 * an agent that retries does not queue duplicates for a person to decide.
 */
export async function requestConnector(ctx: RequestContext, connectorId: string, reason: string): Promise<ConnectorRequestResult> {
  const why = requireText(reason, "reason", 2000);
  return runChange(ctx, async ({ tx, emit }) => {
    // The tenant row is locked by runChange, so "no PENDING request yet" holds until commit.
    const connector = await tx.connector.findUnique({ where: { tenantId_id: { tenantId: ctx.tenantId, id: connectorId } } });
    if (!connector) throw notFound("Connector", connectorId, "integrationId");
    if (connector.status === "CONNECTED") throw conflict(`Connector "${connectorId}" is already connected`, "integrationId");
    const pending = await tx.connectorRequest.findFirst({
      where: { tenantId: ctx.tenantId, connectorId, requestedBy: ctx.principal.subject, status: "PENDING" },
    });
    if (pending) return { request: pending, created: false };
    const request = await tx.connectorRequest.create({
      data: {
        tenantId: ctx.tenantId,
        id: `creq_${randomBytes(8).toString("hex")}`,
        connectorId,
        requestedBy: ctx.principal.subject,
        reason: why,
        status: "PENDING",
      },
    });
    await emit({
      kind: "connector.request_created",
      subjects: [`connector:${connectorId}`, `request:${request.id}`, ctx.principal.subject],
      payload: { requestId: request.id, reason: why },
    });
    return { request, created: true };
  });
}

export async function decideConnectorRequest(
  ctx: RequestContext,
  id: string,
  approve: boolean,
  note: string | null | undefined,
): Promise<ConnectorRequestRow> {
  if (ctx.principal.agentId !== null) throw forbidden("Agents cannot decide connector requests");
  const decisionNote = note?.trim() || null;
  return runChange(ctx, async ({ tx, emit }) => {
    const request = await tx.connectorRequest.findUnique({ where: { tenantId_id: { tenantId: ctx.tenantId, id } } });
    if (!request) throw notFound("Connector request", id, "id");
    if (request.status !== "PENDING") throw conflict(`Request "${id}" was already ${request.status}`, "id");
    const status = approve ? "APPROVED" : "REJECTED";
    const { count } = await tx.connectorRequest.updateMany({
      where: { tenantId: ctx.tenantId, id, status: "PENDING" },
      data: { status, decidedBy: ctx.principal.subject, decidedAt: new Date(), decisionNote },
    });
    if (count !== 1) throw conflict(`Request "${id}" was decided concurrently`, "id");
    let connected = false;
    if (approve) {
      const res = await tx.connector.updateMany({
        where: { tenantId: ctx.tenantId, id: request.connectorId, status: { not: "CONNECTED" } },
        data: { status: "CONNECTED", connectedAt: new Date(), connectedBy: ctx.principal.subject },
      });
      connected = res.count === 1;
    }
    await emit({
      kind: "connector.request_decided",
      subjects: [`connector:${request.connectorId}`, `request:${id}`, request.requestedBy],
      payload: { requestId: id, approved: approve, note: decisionNote, connected },
    });
    return tx.connectorRequest.findUniqueOrThrow({ where: { tenantId_id: { tenantId: ctx.tenantId, id } } });
  });
}
