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

/**
 * A stored row as the publisher reads it, the driver's array as it comes (no
 * object per row): its user as a place in the batch's id list, sources still
 * encoded (entitlements/timeline.ts), deprecated as the database gives it (0/1
 * or a boolean).
 */
export type StoredManifestRow = readonly [user: number, skillId: string, skillVersion: string, sources: string, deprecated: boolean | number];

/**
 * What a publisher receives for one user: the manifest's JSON text, kept in its
 * three parts (head, the skills list, tail) so that the skills text, shared by
 * every platform of a publish, is not copied into one string per platform when
 * a publisher can write the parts as they are (FILE does).
 */
export class ManifestText {
  private joined: string | null = null;

  constructor(
    readonly userId: string,
    readonly parts: readonly [head: string, skills: string, tail: string],
  ) {}

  get text(): string {
    return (this.joined ??= this.parts.join(""));
  }
}

type SkillInfo = ReadonlyMap<string, { name: string; description: string | null }>;

/** The reference definition of a manifest: ManifestTexts writes exactly its JSON.stringify. */
export function buildManifest(
  base: { tenantId: string; platformId: string; jobId: string; generatedAt: Date },
  user: { id: string; email: string },
  effective: ManifestEntry[],
  skillInfo: SkillInfo,
  hints: VersionHints = new Map(),
): UserManifest {
  return {
    schema: MANIFEST_SCHEMA,
    tenantId: base.tenantId,
    platformId: base.platformId,
    userId: user.id,
    email: user.email,
    skills: effective.map((e) => manifestSkill(e, skillInfo, hints)),
    generatedAt: base.generatedAt.toISOString(),
    jobId: base.jobId,
  };
}

function manifestSkill(e: ManifestEntry, skillInfo: SkillInfo, hints: VersionHints): ManifestSkill {
  return {
    id: e.skillId,
    name: skillInfo.get(e.skillId)?.name ?? e.skillId,
    description: skillInfo.get(e.skillId)?.description ?? null,
    version: e.skillVersion,
    source: e.labels[0],
    sources: e.labels,
    deprecated: e.deprecated,
    ...hintsOf(hints.get(`${e.skillId}@${e.skillVersion}`)),
  };
}

/**
 * Manifest texts for a publish: byte for byte JSON.stringify(buildManifest(...))
 * (test/unit/manifest-text.test.ts checks it on generated input), built without
 * a manifest object. A stored row's JSON is the same for every user who holds
 * the skill at that version from the same sources, so each is made once and
 * reused: a 10,000-user publish of 100 skills each makes a few thousand skill
 * texts instead of a million objects, and the skills part of a user's text is
 * shared by every platform the publish serves.
 */
export class ManifestTexts {
  /** skill id → version → [not deprecated, deprecated] → encoded sources → text: lookups by the row's own strings, no key built per row. */
  private readonly skillTexts = new Map<string, Map<string, [Map<string, string>, Map<string, string>]>>();
  private kept = 0;

  constructor(
    private readonly skillInfo: SkillInfo,
    private readonly hints: VersionHints,
    private readonly labelsOf: (encodedSources: string) => string[],
    /** Distinct skill texts kept; past it the cache starts again at the next user (grants make per-user sources). */
    private readonly maxKept = 200_000,
  ) {}

  /** The `skills` array's JSON for one user's rows (in their order). */
  skills(rows: readonly StoredManifestRow[]): string {
    if (this.kept > this.maxKept) {
      this.skillTexts.clear();
      this.kept = 0;
    }
    const parts: string[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const [, skillId, skillVersion, sources, deprecated] = rows[i];
      let versions = this.skillTexts.get(skillId);
      if (!versions) this.skillTexts.set(skillId, (versions = new Map()));
      let bySources = versions.get(skillVersion);
      if (!bySources) versions.set(skillVersion, (bySources = [new Map(), new Map()]));
      const leaf = bySources[deprecated ? 1 : 0];
      let text = leaf.get(sources);
      if (text === undefined) {
        const entry = { skillId, skillVersion, labels: this.labelsOf(sources), deprecated: Boolean(deprecated) };
        text = JSON.stringify(manifestSkill(entry, this.skillInfo, this.hints));
        leaf.set(sources, text);
        this.kept++;
      }
      parts[i] = text;
    }
    return `[${parts.join(",")}]`;
  }

  /** The whole manifest's JSON, around a user's `skills` text, in UserManifest's field order. */
  static text(base: { tenantId: string; platformId: string; jobId: string; generatedAt: Date }, user: { id: string; email: string }, skillsJson: string): ManifestText {
    const j = JSON.stringify;
    const head = `{"schema":${j(MANIFEST_SCHEMA)},"tenantId":${j(base.tenantId)},"platformId":${j(base.platformId)},"userId":${j(user.id)},"email":${j(user.email)},"skills":`;
    return new ManifestText(user.id, [head, skillsJson, `,"generatedAt":${j(base.generatedAt.toISOString())},"jobId":${j(base.jobId)}}`]);
  }
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
