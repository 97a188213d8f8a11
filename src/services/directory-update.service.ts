// Renaming and describing directory objects (group, role, archetype, cowork).
// Names and descriptions change no one's skills, so these are plain governed
// writes (directory.changed, what: "<kind>.updated", with from/to of each field
// that changed). Agents are updated by updateAgent (agents.service.ts).
// Errors raised here:
//   NOT_FOUND      the object is not in this tenant
//   BAD_USER_INPUT invalid id, empty or overlong name, overlong description
import type { RequestContext } from "../core/context.js";
import { badInput, notFound } from "../core/errors.js";
import { checkKey } from "../catalog/keys.js";
import type { Tx } from "../db/client.js";
import { runChange } from "./governance.js";

export interface NameUpdate {
  id: string;
  /** Omitted or null: unchanged. */
  name?: string | null;
  /** Omitted: unchanged; null or "": cleared. */
  description?: string | null;
}

export const MAX_DESCRIPTION = 2000;

export function checkDescription(description: string | null | undefined, field: string): string | null | undefined {
  if (description === undefined) return undefined;
  const trimmed = description?.trim() ?? "";
  if (trimmed.length > MAX_DESCRIPTION) throw badInput(`description must be at most ${MAX_DESCRIPTION} characters`, field);
  return trimmed || null;
}

function checkName(name: string | null | undefined, field: string): string | undefined {
  if (name == null) return undefined;
  const trimmed = name.trim();
  if (!trimmed) throw badInput("name must not be empty", field);
  if (trimmed.length > 200) throw badInput("name must be at most 200 characters", field);
  return trimmed;
}

type Kind = "group" | "role" | "archetype" | "cowork";
const LABEL: Record<Kind, string> = { group: "Group", role: "Role", archetype: "Archetype", cowork: "Cowork" };

interface Row {
  id: string;
  name: string;
  description: string | null;
}

/** The four models share the shape (tenantId, id, name, description); Prisma's delegates differ only in type. */
function delegate(tx: Tx, kind: Kind) {
  return tx[kind] as unknown as {
    findUnique(q: { where: { tenantId_id: { tenantId: string; id: string } } }): Promise<Row | null>;
    update(q: { where: { tenantId_id: { tenantId: string; id: string } }; data: Partial<Row> }): Promise<Row>;
  };
}

export async function updateNamed<R>(ctx: RequestContext, kind: Kind, input: NameUpdate): Promise<R> {
  const id = checkKey(input.id, "input.id");
  const name = checkName(input.name, "input.name");
  const description = checkDescription(input.description, "input.description");
  return runChange(ctx, async ({ tx, emit }) => {
    const rows = delegate(tx, kind);
    const key = { tenantId_id: { tenantId: ctx.tenantId, id } };
    const row = await rows.findUnique({ where: key });
    if (!row) throw notFound(LABEL[kind], id, "input.id");
    const changes: Record<string, { from: string | null; to: string | null }> = {};
    if (name !== undefined && name !== row.name) changes.name = { from: row.name, to: name };
    if (description !== undefined && description !== row.description) changes.description = { from: row.description, to: description };
    if (!Object.keys(changes).length) return row as R;
    const updated = await rows.update({ where: key, data: { name: changes.name?.to ?? undefined, description: changes.description ? changes.description.to : undefined } });
    await emit({ kind: "directory.changed", subjects: [`${kind}:${id}`], payload: { what: `${kind}.updated`, changes } });
    return updated as R;
  });
}
