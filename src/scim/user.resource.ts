// The SCIM User resource and our user row, both ways (README: "SCIM mapping").
// id = our user id; userName = as the provider sent it; emails = one work e-mail
// (our email); displayName; name (echoed back); externalId; active = not
// deprovisioned; groups (read-only) = the user's groups.
import type { UserRow } from "../services/directory.service.js";
import type { ScimName, ScimUserData } from "../services/scim-directory.service.js";
import { ScimError } from "./errors.js";
import { matches, parseFilter } from "./filter.js";

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

interface Email {
  value: string;
  type?: string;
  primary?: boolean;
}

/** The mutable SCIM view of a user that PATCH operations edit. */
export interface UserView {
  userName: string;
  externalId: string | null;
  displayName: string | null;
  name: ScimName | null;
  emails: Email[];
  active: boolean;
}

export function toUserResource(row: UserRow, groups: { id: string; name: string }[], base: string) {
  return {
    schemas: [USER_SCHEMA],
    id: row.id,
    ...(row.externalId ? { externalId: row.externalId } : {}),
    userName: row.userName ?? row.email,
    ...(row.scimName && Object.keys(row.scimName as object).length ? { name: row.scimName } : {}),
    ...(row.displayName ? { displayName: row.displayName } : {}),
    emails: [{ value: row.email, type: "work", primary: true }],
    active: !row.deprovisionedAt,
    groups: groups.map((g) => ({ value: g.id, display: g.name, $ref: `${base}/Groups/${encodeURIComponent(g.id)}`, type: "direct" })),
    meta: {
      resourceType: "User",
      created: row.createdAt.toISOString(),
      lastModified: row.updatedAt.toISOString(),
      location: `${base}/Users/${encodeURIComponent(row.id)}`,
    },
  };
}

export function viewOf(row: UserRow): UserView {
  return {
    userName: row.userName ?? row.email,
    externalId: row.externalId,
    displayName: row.displayName,
    name: (row.scimName as ScimName | null) ?? null,
    emails: [{ value: row.email, type: "work", primary: true }],
    active: !row.deprovisionedAt,
  };
}

/** Microsoft Entra sends booleans as "True" / "False". */
export function toBool(v: unknown, field: string): boolean {
  if (typeof v === "boolean") return v;
  if (typeof v === "string" && /^(true|false)$/i.test(v)) return v.toLowerCase() === "true";
  throw new ScimError(400, "invalidValue", `${field} must be a boolean`);
}

const str = (v: unknown, field: string): string | null => {
  if (v === null || v === undefined) return null;
  if (typeof v !== "string") throw new ScimError(400, "invalidValue", `${field} must be a string`);
  return v;
};

function emailsOf(v: unknown): Email[] {
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v)) throw new ScimError(400, "invalidValue", "emails must be a list");
  if (v.length > 20) throw new ScimError(400, "invalidValue", "At most 20 emails");
  return v.map((e) => {
    if (!e || typeof e !== "object" || typeof (e as Email).value !== "string") throw new ScimError(400, "invalidValue", "Each email needs a string value");
    const x = e as Record<string, unknown>;
    return { value: x.value as string, type: typeof x.type === "string" ? x.type : undefined, primary: x.primary === undefined ? undefined : toBool(x.primary, "emails.primary") };
  });
}

function nameOf(v: unknown): ScimName | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== "object" || Array.isArray(v)) throw new ScimError(400, "invalidValue", "name must be an object");
  const n = v as Record<string, unknown>;
  return { givenName: str(n.givenName, "name.givenName"), familyName: str(n.familyName, "name.familyName"), formatted: str(n.formatted, "name.formatted") };
}

/** A POST or PUT body as a view; attributes we do not keep (title, phoneNumbers, the enterprise extension…) are ignored. */
export function viewFromBody(body: unknown): UserView {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new ScimError(400, "invalidSyntax", "The body must be a User resource");
  const b = body as Record<string, unknown>;
  const userName = str(b.userName, "userName");
  if (!userName) throw new ScimError(400, "invalidValue", "userName is required");
  return {
    userName,
    externalId: str(b.externalId, "externalId"),
    displayName: str(b.displayName, "displayName"),
    name: nameOf(b.name),
    emails: emailsOf(b.emails),
    active: b.active === undefined ? true : toBool(b.active, "active"),
  };
}

export function dataOf(view: UserView): ScimUserData {
  const email = view.emails.find((e) => e.primary) ?? view.emails.find((e) => e.type === "work") ?? view.emails[0];
  return { userName: view.userName, email: email?.value ?? null, displayName: view.displayName, externalId: view.externalId, name: view.name, active: view.active };
}

// ───────────── PATCH (RFC 7644 §3.5.2) ─────────────

const CORE_PREFIX = /^urn:ietf:params:scim:schemas:core:2\.0:user:/i;

/** Sets one attribute of the view; `path` is lower-case, without the core URN. Unknown attributes are ignored. */
function setAttr(view: UserView, op: "add" | "replace" | "remove", path: string, value: unknown): void {
  const bracket = /^([a-z]+)\[(.+)\](?:\.([a-z]+))?$/i.exec(path);
  if (bracket) {
    const [, attr, filter, sub] = bracket;
    if (attr.toLowerCase() !== "emails") return;
    const node = parseFilter(filter);
    const hits = view.emails.filter((e) => matches(node, e as unknown as Record<string, unknown>));
    if (op === "remove") {
      view.emails = view.emails.filter((e) => !hits.includes(e));
      return;
    }
    if (!sub || sub.toLowerCase() !== "value") return;
    const v = str(value, "emails.value");
    if (!v) return;
    if (hits.length) for (const h of hits) h.value = v;
    else {
      // Entra replaces emails[type eq "work"].value on a user that has no such entry yet: create it.
      const type = /type\s+eq\s+"([^"]*)"/i.exec(filter)?.[1] ?? "work";
      view.emails.push({ value: v, type, primary: view.emails.length === 0 });
    }
    return;
  }
  const [attr, sub] = path.split(".");
  switch (attr) {
    case "username":
      if (op === "remove") throw new ScimError(400, "mutability", "userName is required and cannot be removed");
      view.userName = str(value, "userName") ?? view.userName;
      return;
    case "externalid":
      view.externalId = op === "remove" ? null : str(value, "externalId");
      return;
    case "displayname":
      view.displayName = op === "remove" ? null : str(value, "displayName");
      return;
    case "active":
      view.active = op === "remove" ? false : toBool(value, "active");
      return;
    case "name":
      if (!sub) {
        view.name = op === "remove" ? null : op === "add" ? { ...(view.name ?? {}), ...(nameOf(value) ?? {}) } : nameOf(value);
        return;
      }
      {
        const key = ({ givenname: "givenName", familyname: "familyName", formatted: "formatted" } as const)[sub as "givenname"];
        if (key) view.name = { ...(view.name ?? {}), [key]: op === "remove" ? null : str(value, `name.${key}`) };
      }
      return;
    case "emails":
      if (op === "remove") view.emails = [];
      else if (op === "replace") view.emails = emailsOf(value);
      else view.emails = [...view.emails.filter((e) => !emailsOf(value).some((n) => n.value.toLowerCase() === e.value.toLowerCase())), ...emailsOf(value)];
      return;
    default:
      return;
  }
}

export function patchUser(view: UserView, operations: PatchOperation[]): UserView {
  const next: UserView = { ...view, emails: view.emails.map((e) => ({ ...e })), name: view.name ? { ...view.name } : null };
  for (const { op, path, value } of operations) {
    if (path === undefined) {
      if (op === "remove") throw new ScimError(400, "noTarget", "remove needs a path");
      if (!value || typeof value !== "object" || Array.isArray(value)) throw new ScimError(400, "invalidValue", "Without a path, value must be an object of attributes");
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (/^urn:ietf:params:scim:schemas:extension:/i.test(k)) continue;
        setAttr(next, op, k.replace(CORE_PREFIX, "").toLowerCase(), v);
      }
      continue;
    }
    if (/^urn:ietf:params:scim:schemas:extension:/i.test(path)) continue;
    setAttr(next, op, path.replace(CORE_PREFIX, "").toLowerCase(), value);
  }
  return next;
}

export interface PatchOperation {
  op: "add" | "replace" | "remove";
  path?: string;
  value?: unknown;
}

export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const MAX_OPERATIONS = 100;

/** The operations of a PatchOp body; op names are case-insensitive (Entra sends "Replace"). */
export function operationsOf(body: unknown): PatchOperation[] {
  const b = body as { schemas?: unknown; Operations?: unknown; operations?: unknown } | null;
  if (!b || typeof b !== "object") throw new ScimError(400, "invalidSyntax", "The body must be a PatchOp message");
  if (!Array.isArray(b.schemas) || !b.schemas.includes(PATCH_SCHEMA)) throw new ScimError(400, "invalidSyntax", `schemas must be ["${PATCH_SCHEMA}"]`);
  const ops = b.Operations ?? b.operations;
  if (!Array.isArray(ops) || ops.length === 0) throw new ScimError(400, "invalidValue", "Operations must list at least one operation");
  if (ops.length > MAX_OPERATIONS) throw new ScimError(400, "tooMany", `At most ${MAX_OPERATIONS} operations a request`);
  return ops.map((o, i) => {
    if (!o || typeof o !== "object") throw new ScimError(400, "invalidValue", `Operation ${i + 1} must be an object`);
    const op = typeof o.op === "string" ? o.op.toLowerCase() : "";
    if (op !== "add" && op !== "replace" && op !== "remove") throw new ScimError(400, "invalidSyntax", `Operation ${i + 1}: op must be add, remove or replace`);
    if (o.path !== undefined && (typeof o.path !== "string" || o.path.length > 500)) throw new ScimError(400, "invalidPath", `Operation ${i + 1}: path must be a string`);
    if (op === "add" && o.value === undefined) throw new ScimError(400, "invalidValue", `Operation ${i + 1}: add needs a value`);
    return { op, path: o.path === "" ? undefined : o.path, value: o.value };
  });
}
