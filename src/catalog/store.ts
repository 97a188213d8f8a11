// Write primitives shared by every way a skill enters the catalog (the API,
// templates, repository syncs, demo data): one place builds the row, its
// search text, its slug and its first version.
import type { Prisma, Tx } from "../db/client.js";
import { contentHash, type SkillContentData } from "./content.js";
import { publisherOf, slugify } from "./keys.js";

export type SkillRow = Awaited<ReturnType<Tx["skill"]["findUniqueOrThrow"]>>;
export type SkillVersionRow = Awaited<ReturnType<Tx["skillVersion"]["findUniqueOrThrow"]>>;

export const DRAFT_KEY = "draft";

export function searchTextOf(s: { id: string; name: string; description?: string | null }): string {
  return [s.id, s.name, s.description ?? ""].join("\n").toLowerCase();
}

/** A slug unique in the tenant: the name's slug, then -2, -3, … */
export async function uniqueSlug(tx: Tx, tenantId: string, name: string, exceptSkillId?: string): Promise<string> {
  const base = slugify(name);
  const taken = new Set(
    (
      await tx.skill.findMany({
        where: { tenantId, slug: { startsWith: base }, ...(exceptSkillId ? { id: { not: exceptSkillId } } : {}) },
        select: { slug: true },
      })
    ).map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

export interface NewSkill {
  id: string;
  name: string;
  description?: string | null;
  category?: string | null;
  source: string;
  toolIds?: string[];
  metadata?: Record<string, string>;
  repositoryId?: string | null;
  path?: string | null;
  templateId?: string | null;
  locked?: boolean;
  listingRef?: string | null;
  listingVersion?: string | null;
  version: string;
  content: SkillContentData;
  /** Deployed (ACTIVE, currentVersion set) or a DRAFT with a draft variation. */
  deployed: boolean;
  createdBy: string | null;
}

export async function insertSkill(tx: Tx, tenantId: string, s: NewSkill): Promise<SkillRow> {
  // Slug allocation is serialized per tenant by the tenant lock every writing transaction takes first.
  const slug = await uniqueSlug(tx, tenantId, s.name);
  const skill = await tx.skill.create({
    data: {
      tenantId,
      id: s.id,
      name: s.name,
      slug,
      description: s.description ?? null,
      category: s.category ?? null,
      publisher: publisherOf(s.id),
      source: s.source,
      lifecycle: s.deployed ? "ACTIVE" : "DRAFT",
      currentVersion: s.deployed ? s.version : null,
      hasDraftChanges: !s.deployed,
      locked: s.locked ?? false,
      listingRef: s.listingRef ?? null,
      listingVersion: s.listingVersion ?? null,
      toolIds: s.toolIds ?? [],
      metadata: s.metadata ?? {},
      repositoryId: s.repositoryId ?? null,
      path: s.path ?? null,
      templateId: s.templateId ?? null,
      searchText: searchTextOf(s),
      ownerId: s.createdBy ?? null,
    },
  });
  await writeVersion(tx, tenantId, s.id, s.deployed ? s.version : DRAFT_KEY, s.version, s.content, s.createdBy);
  return skill;
}

export async function writeVersion(
  tx: Tx,
  tenantId: string,
  skillId: string,
  key: string,
  version: string,
  content: SkillContentData,
  createdBy: string | null,
): Promise<SkillVersionRow> {
  const data = {
    version,
    isDraft: key === DRAFT_KEY,
    instructions: content.instructions,
    references: content.references as unknown as Prisma.InputJsonValue,
    scripts: content.scripts,
    contentHash: contentHash(content),
    createdBy,
  };
  return tx.skillVersion.upsert({
    where: { tenantId_skillId_key: { tenantId, skillId, key } },
    create: { tenantId, skillId, key, ...data },
    update: { ...data, createdAt: new Date() },
  });
}

export function contentOf(v: SkillVersionRow): SkillContentData {
  return {
    instructions: v.instructions,
    references: v.references as unknown as SkillContentData["references"],
    scripts: v.scripts as unknown as string[],
  };
}
