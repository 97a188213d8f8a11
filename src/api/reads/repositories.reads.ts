// Reads of the GraphQL edge for repositories: lookups and relation fields through this
// request's DataLoaders (batched: one statement per relation per request).
import { pageInMemory, type ConnectionArgs } from "../../core/paging.js";
import { primeSkill } from "./skills.reads.js";
import type { RepositoryRow } from "../../services/repositories.service.js";
import { byId } from "../../services/repositories.service.js";
import type { Context } from "../context.js";

export async function getRepository(ctx: Context, id: string): Promise<RepositoryRow | null> {
  return ctx.loaders.repository.load(id);
}

export async function listRepositories(ctx: Context): Promise<RepositoryRow[]> {
  const rows = await ctx.app.db.prisma.repository.findMany({ where: { tenantId: ctx.tenantId }, orderBy: { id: "asc" } });
  for (const r of rows) ctx.loaders.repository.prime(r.id, r);
  return rows;
}

/** Repository.skills: its non-deleted skills, ordered by id (one query per batch of repositories). */
export async function repositorySkills(ctx: Context, repositoryId: string, args: ConnectionArgs) {
  const rows = await ctx.loaders.skillsByRepository.load(repositoryId);
  return pageInMemory(rows, args, byId, (row) => primeSkill(ctx, row));
}
