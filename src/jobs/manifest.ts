// The manifest a platform receives for one user: the skills in their picker,
// with provenance. Documented in the README ("Manifest format").

export const MANIFEST_SCHEMA = "skill-gateway.entitlements/v1";

export interface ManifestSkill {
  id: string;
  name: string;
  description: string | null;
  version: string;
  source: string;
  sources: string[];
  deprecated: boolean;
  /** Run-time hints of the version, present only when the version carries them. */
  model?: string;
  outputSummary?: string;
}

/** Hints per "skillId@version"; versions without hints are absent. */
export type VersionHints = ReadonlyMap<string, { model: string | null; outputSummary: string | null }>;

export interface UserManifest {
  schema: typeof MANIFEST_SCHEMA;
  tenantId: string;
  platformId: string;
  userId: string;
  email: string;
  skills: ManifestSkill[];
  /** Last, so a FILE publisher can compare the content before them and skip an unchanged manifest. */
  generatedAt: string;
  jobId: string;
}

/** What a manifest says of one effective skill: its stored row, source labels only. */
export interface ManifestEntry {
  skillId: string;
  skillVersion: string;
  /** Source labels in order; the first is `source`. */
  labels: string[];
  deprecated: boolean;
}

export function buildManifest(
  base: { tenantId: string; platformId: string; jobId: string; generatedAt: Date },
  user: { id: string; email: string },
  effective: ManifestEntry[],
  skillInfo: ReadonlyMap<string, { name: string; description: string | null }>,
  hints: VersionHints = new Map(),
): UserManifest {
  return {
    schema: MANIFEST_SCHEMA,
    tenantId: base.tenantId,
    platformId: base.platformId,
    userId: user.id,
    email: user.email,
    skills: effective.map((e) => ({
      id: e.skillId,
      name: skillInfo.get(e.skillId)?.name ?? e.skillId,
      description: skillInfo.get(e.skillId)?.description ?? null,
      version: e.skillVersion,
      source: e.labels[0],
      sources: e.labels,
      deprecated: e.deprecated,
      ...hintsOf(hints.get(`${e.skillId}@${e.skillVersion}`)),
    })),
    generatedAt: base.generatedAt.toISOString(),
    jobId: base.jobId,
  };
}

function hintsOf(h: { model: string | null; outputSummary: string | null } | undefined): Pick<ManifestSkill, "model" | "outputSummary"> {
  if (!h) return {};
  return { ...(h.model ? { model: h.model } : {}), ...(h.outputSummary ? { outputSummary: h.outputSummary } : {}) };
}

/** The tenant's version hints in one statement (only versions that carry some). */
export async function versionHints(
  db: { skillVersion: { findMany(q: object): Promise<{ skillId: string; version: string; isDraft: boolean; model: string | null; outputSummary: string | null }[]> } },
  tenantId: string,
): Promise<VersionHints> {
  const rows = await db.skillVersion.findMany({
    where: { tenantId, isDraft: false, OR: [{ model: { not: null } }, { outputSummary: { not: null } }] },
    select: { skillId: true, version: true, isDraft: true, model: true, outputSummary: true },
  });
  return new Map(rows.map((r) => [`${r.skillId}@${r.version}`, { model: r.model, outputSummary: r.outputSummary }]));
}
