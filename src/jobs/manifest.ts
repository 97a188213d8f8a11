// The manifest a platform receives for one user: the skills in their picker,
// with provenance. Documented in the README ("Manifest format").
import type { EffectiveEntry } from "../entitlements/resolve.js";

export const MANIFEST_SCHEMA = "skill-gateway.entitlements/v1";

export interface ManifestSkill {
  id: string;
  name: string;
  description: string | null;
  version: string;
  source: string;
  sources: string[];
  deprecated: boolean;
}

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

export function buildManifest(
  base: { tenantId: string; platformId: string; jobId: string; generatedAt: Date },
  user: { id: string; email: string },
  effective: EffectiveEntry[],
  skillInfo: ReadonlyMap<string, { name: string; description: string | null }>,
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
      source: e.source,
      sources: e.sources.map((s) => s.label),
      deprecated: e.deprecated,
    })),
    generatedAt: base.generatedAt.toISOString(),
    jobId: base.jobId,
  };
}
