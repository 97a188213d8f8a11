// Reads of the GraphQL edge for coworks: lookups and relation fields through this
// request's DataLoaders (batched: one statement per relation per request).
import { type CoworkRow } from "../../services/directory.service.js";
import { primed } from "./directory.reads.js";
import type { CoworkSkillNode } from "../../services/coworks.service.js";
import type { Context } from "../context.js";

export function getCowork(ctx: Context, id: string): Promise<CoworkRow | null> {
  return ctx.loaders.cowork.load(id);
}

export async function listCoworks(ctx: Context): Promise<CoworkRow[]> {
  const rows = await ctx.app.db.prisma.cowork.findMany({ where: { tenantId: ctx.tenantId }, orderBy: { id: "asc" } });
  return primed(ctx.loaders.cowork, rows);
}

/** Ordered by skill id; soft-deleted skills left out. */
export async function coworkSkills(ctx: Context, cowork: CoworkRow): Promise<CoworkSkillNode[]> {
  const rows = await ctx.loaders.coworkSkills.load(cowork.id);
  primed(ctx.loaders.skill, rows.map((r) => r.skill));
  return rows.map((r) => ({ skill: r.skill, skillVersion: r.skillVersion }));
}
