// The SCIM Group resource and our group, both ways: id = our group id (derived
// from the first displayName), displayName = name, externalId, members = the
// group's users ({ value: user id, display }). PATCH operations fold into one
// change (rename, relink, members to add, to remove, or a whole new list), which
// the service applies in one transaction through the entitlement engine.
import type { GroupRow } from "../services/directory.service.js";
import type { FilterNode, ScimGroupChange } from "../services/scim-directory.service.js";
import { ScimError } from "./errors.js";
import { parseFilter } from "./filter.js";
import type { PatchOperation } from "./user.resource.js";

export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

export function toGroupResource(row: GroupRow, members: { id: string; displayName: string | null }[] | null, base: string) {
  return {
    schemas: [GROUP_SCHEMA],
    id: row.id,
    displayName: row.name,
    ...(row.externalId ? { externalId: row.externalId } : {}),
    ...(members
      ? { members: members.map((m) => ({ value: m.id, ...(m.displayName ? { display: m.displayName } : {}), $ref: `${base}/Users/${encodeURIComponent(m.id)}`, type: "User" })) }
      : {}),
    meta: { resourceType: "Group", created: row.createdAt.toISOString(), location: `${base}/Groups/${encodeURIComponent(row.id)}` },
  };
}

function memberIds(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((m, i) => {
    const value = (m as { value?: unknown } | null)?.value;
    if (typeof value !== "string" || !value) throw new ScimError(400, "invalidValue", `members.${i} needs a string value (a user id)`);
    return value;
  });
}

export function groupFromBody(body: unknown): { displayName: string; externalId: string | null; members: string[] } {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new ScimError(400, "invalidSyntax", "The body must be a Group resource");
  const b = body as Record<string, unknown>;
  if (typeof b.displayName !== "string" || !b.displayName.trim()) throw new ScimError(400, "invalidValue", "displayName is required");
  if (b.externalId !== undefined && b.externalId !== null && typeof b.externalId !== "string") throw new ScimError(400, "invalidValue", "externalId must be a string");
  return { displayName: b.displayName, externalId: (b.externalId as string | undefined) ?? null, members: memberIds(b.members) };
}

/** The user ids a `members[...]` filter names: value eq "x", joined by or. */
function idsNamedBy(node: FilterNode): string[] {
  if (node.kind === "or") return [...idsNamedBy(node.left), ...idsNamedBy(node.right)];
  if (node.kind === "cmp" && node.op === "eq" && node.attr.toLowerCase() === "members.value" && typeof node.value === "string") return [node.value];
  throw new ScimError(400, "invalidFilter", 'members filters support value eq "<user id>" (joined by or)');
}

export function foldGroupPatch(operations: PatchOperation[]): ScimGroupChange {
  let replace: Set<string> | null = null;
  const add = new Set<string>();
  const remove = new Set<string>();
  const change: ScimGroupChange = {};
  const adding = (ids: string[]) => {
    for (const id of ids) {
      if (replace) replace.add(id);
      else {
        add.add(id);
        remove.delete(id);
      }
    }
  };
  const removing = (ids: string[]) => {
    for (const id of ids) {
      if (replace) replace.delete(id);
      else {
        remove.add(id);
        add.delete(id);
      }
    }
  };
  const setMembers = (ids: string[]) => {
    replace = new Set(ids);
    add.clear();
    remove.clear();
  };
  const attribute = (op: PatchOperation["op"], key: string, value: unknown) => {
    switch (key) {
      case "displayname":
        if (op === "remove") throw new ScimError(400, "mutability", "displayName is required and cannot be removed");
        if (typeof value !== "string") throw new ScimError(400, "invalidValue", "displayName must be a string");
        change.displayName = value;
        return;
      case "externalid":
        if (op !== "remove" && value !== null && typeof value !== "string") throw new ScimError(400, "invalidValue", "externalId must be a string");
        change.externalId = op === "remove" ? null : (value as string | null);
        return;
      case "members":
        if (op === "add") adding(memberIds(value));
        else if (op === "replace") setMembers(memberIds(value));
        else if (value === undefined) setMembers([]);
        else removing(memberIds(value));
        return;
      case "id":
      case "schemas":
      case "meta":
        return;
      default:
        throw new ScimError(400, "invalidPath", `"${key}" is not an attribute of a Group`);
    }
  };
  for (const { op, path, value } of operations) {
    if (path === undefined) {
      if (!value || typeof value !== "object" || Array.isArray(value)) throw new ScimError(400, "invalidValue", "Without a path, value must be an object of attributes");
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) attribute(op, k.replace(/^urn:ietf:params:scim:schemas:core:2\.0:group:/i, "").toLowerCase(), v);
      continue;
    }
    const bracket = /^members\[(.+)\]$/i.exec(path);
    if (bracket) {
      if (op !== "remove") throw new ScimError(400, "invalidPath", "Only remove takes a members[...] path");
      removing(idsNamedBy(prefixed(parseFilter(bracket[1]))));
      continue;
    }
    attribute(op, path.replace(/^urn:ietf:params:scim:schemas:core:2\.0:group:/i, "").toLowerCase(), value);
  }
  const finalReplace = replace as Set<string> | null;
  if (finalReplace) change.replace = [...finalReplace];
  else {
    if (add.size) change.add = [...add];
    if (remove.size) change.remove = [...remove];
  }
  return change;
}

/** members[value eq "x"]: the filter inside the brackets names value; qualify it as members.value. */
function prefixed(node: FilterNode): FilterNode {
  if (node.kind === "cmp") return { ...node, attr: `members.${node.attr}` };
  if (node.kind === "not") return { kind: "not", node: prefixed(node.node) };
  return { kind: node.kind, left: prefixed(node.left), right: prefixed(node.right) };
}
