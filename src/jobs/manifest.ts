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

/** Between the fields of a manifest key (ASCII unit separator). */
export const KEY_FIELD = "\u001f";
/** Between the keys of one user's list (ASCII record separator). */
export const KEY_RECORD = "\u001e";

/**
 * One stored row as the publisher reads it: a single string the database puts
 * together, `skillId US skillVersion US d sources` (d is "1" when deprecated, else
 * "0"; sources still encoded, entitlements/timeline.ts), and one user's rows as one
 * string of such keys joined by RS, in skill id order (services/stored-entitlements.ts
 * reads them so: one string per user from the driver, not a row array of four values
 * per skill). Neither separator can occur inside a key: skill ids and versions have
 * their own character sets (catalog/keys.ts, semver) and the sources are JSON text,
 * which escapes control characters. This is the JavaScript twin of that SQL.
 */
export function manifestKey(skillId: string, skillVersion: string, deprecated: boolean, sources: string): string {
  return `${skillId}${KEY_FIELD}${skillVersion}${KEY_FIELD}${deprecated ? "1" : "0"}${sources}`;
}

/**
 * One skill entry of the manifests, its JSON text shared by every user and
 * platform that holds the skill so, and its UTF-8 bytes, made once when a
 * publisher first writes bytes (FILE does): a 10,000-user publish copies each
 * user's entries' bytes into its batch instead of joining a new 18 KB string per
 * user and encoding it once per platform (180 MB of string a round, most of the
 * publish's gc).
 */
export class SkillEntryText {
  private encoded: Buffer | null = null;

  constructor(readonly text: string) {}

  get bytes(): Buffer {
    return (this.encoded ??= Buffer.from(this.text, "utf8"));
  }
}

const [OPEN, COMMA, CLOSE] = [0x5b, 0x2c, 0x5d]; // "[", ",", "]"

/**
 * What a publisher receives for one user: the manifest's JSON as its head, the
 * user's skill entries (shared texts, not copied per user) and its tail. `text` is
 * the whole JSON as a string (made on first read: WEBHOOK and SKILL_DIR read it);
 * `byteLength` and `writeTo` give the same JSON's UTF-8 bytes without making it.
 */
export class ManifestText {
  private joined: string | null = null;

  constructor(
    readonly userId: string,
    readonly head: string,
    readonly skills: readonly SkillEntryText[],
    readonly tail: string,
  ) {}

  get text(): string {
    return (this.joined ??= `${this.head}[${this.skills.map((s) => s.text).join(",")}]${this.tail}`);
  }

  /** The length of `text` in UTF-8. */
  byteLength(): number {
    let n = Buffer.byteLength(this.head) + Buffer.byteLength(this.tail) + 2 + Math.max(0, this.skills.length - 1);
    for (const s of this.skills) n += s.bytes.length;
    return n;
  }

  /** Writes `text` in UTF-8 into `into` at `offset` (byteLength() bytes must fit); returns the offset after it. */
  writeTo(into: Buffer, offset: number): number {
    let at = offset + into.write(this.head, offset);
    into[at++] = OPEN;
    for (let i = 0; i < this.skills.length; i++) {
      if (i > 0) into[at++] = COMMA;
      at += this.skills[i]!.bytes.copy(into, at);
    }
    into[at++] = CLOSE;
    return at + into.write(this.tail, at);
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
  /** Manifest key (manifestKey) → the skill's JSON text: one lookup per stored row. */
  private readonly skillTexts = new Map<string, SkillEntryText>();

  constructor(
    private readonly skillInfo: SkillInfo,
    private readonly hints: VersionHints,
    private readonly labelsOf: (encodedSources: string) => string[],
    /** Distinct skill texts kept; past it the cache starts again at the next user (grants make per-user sources). */
    private readonly maxKept = 200_000,
  ) {}

  /** The entries of one user's `skills` array, for their keys (KEY_RECORD-joined, in their order; "" for none). */
  skills(keys: string): SkillEntryText[] {
    if (keys === "") return [];
    if (this.skillTexts.size > this.maxKept) this.skillTexts.clear();
    const list = keys.split(KEY_RECORD);
    const entries: SkillEntryText[] = new Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const key = list[i]!;
      let entry = this.skillTexts.get(key);
      if (entry === undefined) {
        entry = new SkillEntryText(this.entryText(key));
        // A copy as the map's key: a piece of `keys` would keep the whole user's string alive.
        this.skillTexts.set((" " + key).slice(1), entry);
      }
      entries[i] = entry;
    }
    return entries;
  }

  private entryText(key: string): string {
    const a = key.indexOf(KEY_FIELD);
    const b = key.indexOf(KEY_FIELD, a + 1);
    if (a <= 0 || b < 0) throw new Error("malformed manifest key");
    const entry = {
      skillId: key.slice(0, a),
      skillVersion: key.slice(a + 1, b),
      labels: this.labelsOf(key.slice(b + 2)),
      deprecated: key.charCodeAt(b + 1) === 49, // "1"
    };
    return JSON.stringify(manifestSkill(entry, this.skillInfo, this.hints));
  }

  /** The whole manifest's JSON, around a user's skill entries, in UserManifest's field order. */
  static text(base: { tenantId: string; platformId: string; jobId: string; generatedAt: Date }, user: { id: string; email: string }, skills: readonly SkillEntryText[]): ManifestText {
    const j = JSON.stringify;
    const head = `{"schema":${j(MANIFEST_SCHEMA)},"tenantId":${j(base.tenantId)},"platformId":${j(base.platformId)},"userId":${j(user.id)},"email":${j(user.email)},"skills":`;
    return new ManifestText(user.id, head, skills, `,"generatedAt":${j(base.generatedAt.toISOString())},"jobId":${j(base.jobId)}}`);
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
