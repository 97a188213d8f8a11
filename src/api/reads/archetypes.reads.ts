// Reads of the GraphQL edge for archetypes: lookups and relation fields through this
// request's DataLoaders (batched: one statement per relation per request).
import type { Connection, ConnectionArgs } from "../../core/paging.js";
import { ArchetypeSkillOrigin } from "../../core/enums.js";
import { type ArchetypeRow, type CoworkRow, type UserRow } from "../../services/directory.service.js";
import { primed } from "./directory.reads.js";
import { pageUserIds } from "./directory.reads.js";
import type { ArchetypeSkillNode } from "../../services/archetypes.service.js";
import type { Context } from "../context.js";

export function getArchetype(ctx: Context, id: string): Promise<ArchetypeRow | null> {
  return ctx.loaders.archetype.load(id);
}

export async function listArchetypes(ctx: Context): Promise<ArchetypeRow[]> {
  const rows = await ctx.app.db.prisma.archetype.findMany({ where: { tenantId: ctx.tenantId }, orderBy: { id: "asc" } });
  return primed(ctx.loaders.archetype, rows);
}

/** Ordered by skill id; soft-deleted skills left out; skillVersion: the pin, else the skill's currentVersion. */
export async function archetypeSkills(ctx: Context, archetype: ArchetypeRow): Promise<ArchetypeSkillNode[]> {
  const rows = await ctx.loaders.archetypeSkills.load(archetype.id);
  primed(ctx.loaders.skill, rows.map((r) => r.skill));
  return rows.map((r) => ({
    skill: r.skill,
    skillVersion: r.pinnedVersion ?? r.skill.currentVersion ?? "",
    origin: r.origin as ArchetypeSkillOrigin,
    addedAt: r.addedAt,
  }));
}

export function archetypeCowork(ctx: Context, archetype: ArchetypeRow): Promise<CoworkRow | null> | null {
  return archetype.coworkId ? ctx.loaders.cowork.load(archetype.coworkId) : null;
}

export function archetypeUserCount(ctx: Context, archetype: ArchetypeRow): Promise<number> {
  return ctx.loaders.archetypeUserCount.load(archetype.id);
}

export async function archetypeUsers(ctx: Context, archetype: ArchetypeRow, args: ConnectionArgs): Promise<Connection<UserRow>> {
  return pageUserIds(ctx, (await ctx.loaders.archetypeUserIds.load(archetype.id)).map((u) => u.id), args);
}
