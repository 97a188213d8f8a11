// Reads of the GraphQL edge for skills: lookups and relation fields through this
// request's DataLoaders (batched: one statement per relation per request).
import { type SkillRow } from "../../catalog/store.js";
import type { Context } from "../context.js";

export async function getSkill(ctx: Context, id: string): Promise<SkillRow | null> {
  return ctx.loaders.skill.load(id);
}

/** Rows loaded by a list query seed the per-request loader, so later lookups are free. */
export function primeSkill(ctx: Context, row: SkillRow): SkillRow {
  ctx.loaders.skill.prime(row.id, row);
  return row;
}
