// The SCIM 2.0 edge (RFC 7643, RFC 7644) at /scim/v2: Users and Groups for
// identity providers (Okta, Microsoft Entra). It translates SCIM requests into
// calls of the core's services (scim-directory, deprovision) and never touches
// the GraphQL edge. Bearer token with directory:write; the tenant is the token's.
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { verifyAuthorization } from "../auth/token.js";
import { requestContext, type Core, type RequestContext } from "../core/context.js";
import { DomainError } from "../core/errors.js";
import { hasScope } from "../core/principal.js";
import * as scim from "../services/scim-directory.service.js";
import { ensureTenant } from "../services/tenants.js";
import { resourceTypes, schemas, serviceProviderConfig, listResponse } from "./discovery.js";
import { ScimError, SCIM_CONTENT_TYPE, sendScimError } from "./errors.js";
import { parseFilter } from "./filter.js";
import { foldGroupPatch, groupFromBody, toGroupResource } from "./group.resource.js";
import { dataOf, operationsOf, patchUser, toUserResource, viewFromBody, viewOf } from "./user.resource.js";

type Handler = (req: Request, res: Response, ctx: RequestContext, base: string) => Promise<void>;

function send(res: Response, status: number, body: unknown): void {
  res.status(status).type(SCIM_CONTENT_TYPE).send(JSON.stringify(body));
}

/** The URL prefix of this SCIM service as the client reached it (for meta.location). */
function baseOf(req: Request): string {
  return `${req.protocol}://${req.get("host")}${req.baseUrl}`;
}

function paging(req: Request): { startIndex: number; count: number } {
  const int = (v: unknown, dflt: number) => {
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isInteger(n)) throw new ScimError(400, "invalidValue", "startIndex and count must be integers");
    return n;
  };
  // RFC 7644 §3.4.2.4: values below 1 (startIndex) and below 0 (count) are read as 1 and 0.
  return { startIndex: Math.max(1, int(req.query.startIndex, 1)), count: Math.min(scim.MAX_PAGE, Math.max(0, int(req.query.count, 100))) };
}

function filterOf(req: Request) {
  const f = req.query.filter;
  if (f === undefined || f === "") return null;
  if (typeof f !== "string") throw new ScimError(400, "invalidFilter", "filter must be given once");
  return parseFilter(f);
}

/** attributes / excludedAttributes (top-level only); id, schemas and meta are always returned. */
function project<T extends Record<string, unknown>>(req: Request, resource: T): T {
  const list = (v: unknown) => (typeof v === "string" && v ? v.split(",").map((a) => a.trim().toLowerCase().replace(/^urn:ietf:params:scim:schemas:core:2\.0:(user|group):/, "")) : null);
  const only = list(req.query.attributes);
  const excluded = list(req.query.excludedAttributes);
  const always = new Set(["id", "schemas", "meta"]);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(resource)) {
    const key = k.toLowerCase();
    if (!always.has(key) && ((only && !only.some((a) => a === key || a.startsWith(`${key}.`))) || excluded?.includes(key))) continue;
    out[k] = v;
  }
  return out as T;
}

const wantsMembers = (req: Request) => {
  const excluded = typeof req.query.excludedAttributes === "string" ? req.query.excludedAttributes.toLowerCase() : "";
  const only = typeof req.query.attributes === "string" ? req.query.attributes.toLowerCase() : "";
  return !excluded.split(",").some((a) => a.trim() === "members") && (!only || only.includes("members"));
};

async function userResource(ctx: RequestContext, row: Awaited<ReturnType<typeof scim.findScimUser>>, base: string) {
  if (!row) throw new ScimError(404, null, "User not found");
  const groups = await scim.groupsOfUsers(ctx, [row.id]);
  return toUserResource(row, groups.get(row.id) ?? [], base);
}

async function groupResource(ctx: RequestContext, req: Request, id: string, base: string) {
  const row = await scim.findScimGroup(ctx, id);
  if (!row) throw new ScimError(404, null, "Group not found");
  const members = wantsMembers(req) ? ((await scim.membersOfGroups(ctx, [row.id])).get(row.id) ?? []) : null;
  return project(req, toGroupResource(row, members, base));
}

const param = (req: Request) => String(req.params.id);

const users: Record<string, Handler> = {
  async list(req, res, ctx, base) {
    const { startIndex, count } = paging(req);
    const page = await scim.listScimUsers(ctx, filterOf(req), startIndex - 1, count);
    const groups = await scim.groupsOfUsers(ctx, page.rows.map((r) => r.id));
    send(res, 200, listResponse(page.rows.map((r) => project(req, toUserResource(r, groups.get(r.id) ?? [], base))), page.total, startIndex));
  },
  async get(req, res, ctx, base) {
    send(res, 200, project(req, await userResource(ctx, await scim.findScimUser(ctx, param(req)), base)));
  },
  async create(req, res, ctx, base) {
    const row = await scim.createScimUser(ctx, dataOf(viewFromBody(req.body)));
    const body = await userResource(ctx, row, base);
    res.location(body.meta.location);
    send(res, 201, body);
  },
  async replace(req, res, ctx, base) {
    const row = await scim.replaceScimUser(ctx, param(req), dataOf(viewFromBody(req.body)));
    send(res, 200, await userResource(ctx, row, base));
  },
  async patch(req, res, ctx, base) {
    const ops = operationsOf(req.body);
    const current = await scim.findScimUser(ctx, param(req));
    if (!current) throw new ScimError(404, null, "User not found");
    const row = await scim.replaceScimUser(ctx, current.id, dataOf(patchUser(viewOf(current), ops)));
    send(res, 200, await userResource(ctx, row, base));
  },
  async remove(req, res, ctx) {
    await scim.deleteScimUser(ctx, param(req));
    res.status(204).end();
  },
};

const groups: Record<string, Handler> = {
  async list(req, res, ctx, base) {
    const { startIndex, count } = paging(req);
    const page = await scim.listScimGroups(ctx, filterOf(req), startIndex - 1, count);
    const members = wantsMembers(req) ? await scim.membersOfGroups(ctx, page.rows.map((r) => r.id)) : null;
    send(res, 200, listResponse(page.rows.map((r) => project(req, toGroupResource(r, members ? (members.get(r.id) ?? []) : null, base))), page.total, startIndex));
  },
  async get(req, res, ctx, base) {
    send(res, 200, await groupResource(ctx, req, param(req), base));
  },
  async create(req, res, ctx, base) {
    const row = await scim.createScimGroup(ctx, groupFromBody(req.body));
    const body = await groupResource(ctx, req, row.id, base);
    res.location(body.meta.location);
    send(res, 201, body);
  },
  async replace(req, res, ctx, base) {
    const g = groupFromBody(req.body);
    await scim.updateScimGroup(ctx, param(req), { displayName: g.displayName, externalId: g.externalId, replace: g.members });
    send(res, 200, await groupResource(ctx, req, param(req), base));
  },
  async patch(req, res, ctx, base) {
    const row = await scim.updateScimGroup(ctx, param(req), foldGroupPatch(operationsOf(req.body)));
    // Entra and Okta accept 204 for a PATCH; a body is sent only when asked for attributes.
    if (req.query.attributes || req.query.excludedAttributes) send(res, 200, await groupResource(ctx, req, row.id, base));
    else res.status(204).end();
  },
  async remove(req, res, ctx) {
    await scim.deleteScimGroup(ctx, param(req));
    res.status(204).end();
  },
};

export function scimRouter(core: Core): Router {
  const router = express.Router();
  router.use(express.json({ type: ["application/scim+json", "application/json"], limit: "1mb" }));

  const run = (handler: Handler) => async (req: Request, res: Response) => {
    try {
      await handler(req, res, res.locals.ctx as RequestContext, baseOf(req));
    } catch (e) {
      sendScimError(res, e);
    }
  };

  router.use(async (req: Request, res: Response, next: NextFunction) => {
    try {
      const principal = await verifyAuthorization(core.config.jwtSecret, req.headers.authorization);
      if (!hasScope(principal, "directory:write")) throw new ScimError(403, null, "SCIM needs a token with the directory:write scope");
      await ensureTenant(core.db.prisma, principal.tenantId);
      res.locals.ctx = requestContext(core, principal);
      next();
    } catch (e) {
      if (e instanceof DomainError && e.code === "UNAUTHENTICATED") res.setHeader("WWW-Authenticate", 'Bearer realm="scim"');
      sendScimError(res, e);
    }
  });

  router.get("/ServiceProviderConfig", (req, res) => send(res, 200, serviceProviderConfig(baseOf(req))));
  router.get("/ResourceTypes", (req, res) => {
    const all = resourceTypes(baseOf(req));
    send(res, 200, listResponse(all, all.length, 1));
  });
  router.get("/ResourceTypes/:id", (req, res) => {
    const found = resourceTypes(baseOf(req)).find((r) => r.id === req.params.id);
    if (found) send(res, 200, found);
    else sendScimError(res, new ScimError(404, null, "Resource type not found"));
  });
  router.get("/Schemas", (req, res) => {
    const all = schemas(baseOf(req));
    send(res, 200, listResponse(all, all.length, 1));
  });
  router.get("/Schemas/:id", (req, res) => {
    const found = schemas(baseOf(req)).find((s) => s.id === req.params.id);
    if (found) send(res, 200, found);
    else sendScimError(res, new ScimError(404, null, "Schema not found"));
  });

  for (const [path, h] of [["/Users", users], ["/Groups", groups]] as const) {
    router.get(path, run(h.list));
    router.post(path, run(h.create));
    router.get(`${path}/:id`, run(h.get));
    router.put(`${path}/:id`, run(h.replace));
    router.patch(`${path}/:id`, run(h.patch));
    router.delete(`${path}/:id`, run(h.remove));
  }

  router.use((req: Request, res: Response) => sendScimError(res, new ScimError(404, null, `No SCIM endpoint ${req.method} ${req.path}`)));
  // Body-parser failures (bad JSON, too large) arrive here.
  router.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => sendScimError(res, err));
  return router;
}
