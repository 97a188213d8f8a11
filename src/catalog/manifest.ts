/**
 * SKILL.md manifest parser.
 *
 * A skill package is a folder whose SKILL.md starts with a YAML front matter
 * block (between `---` lines) followed by markdown instructions. This module is
 * pure: it never touches the file system.
 */
import { parse } from "yaml";
import { MAX_DESCRIPTION_LENGTH, MAX_NAME_LENGTH } from "../skill-folders/format.js";

export interface SkillManifest {
  /** Machine name: lowercase letters, digits and hyphens, at most 64 characters. */
  name: string;
  /** What the skill does and when to use it; at most 1024 characters. */
  description: string;
  /** Semantic version from the front matter, or null when absent. */
  version: string | null;
  /** Markdown after the front matter, without leading blank lines. */
  body: string;
  /** Every other front matter key, untouched. */
  extra: Record<string, unknown>;
}

export type ParseSkillManifestResult =
  | { ok: true; manifest: SkillManifest }
  | { ok: false; error: string };

// The limits are the folder format's (skill-folders/format.ts), which the SDK shares.
export { MAX_DESCRIPTION_LENGTH, MAX_NAME_LENGTH };

// Bounds checked before the YAML parser sees anything: its cost grows faster than
// the input (40,000 keys in 352 KiB took 26 s), and it recurses on nesting. Within
// these bounds the worst front matter we could build parses in a few milliseconds.
/** Largest SKILL.md the parser reads, in UTF-16 code units (the repository reader caps files at 1 MiB). */
export const MAX_SKILL_MD_LENGTH = 1024 * 1024;
/** Largest front matter block, in characters. */
export const MAX_FRONT_MATTER_LENGTH = 16 * 1024;
/** Most keys, list items and flow separators in the front matter. */
export const MAX_FRONT_MATTER_ENTRIES = 256;
/** Deepest nesting of flow collections ([ {) in the front matter, and of indentation levels. */
export const MAX_FRONT_MATTER_DEPTH = 32;
/** Aliases (*name) resolved while parsing; a handful is plenty for a manifest, many is a "billion laughs". */
export const MAX_FRONT_MATTER_ALIASES = 20;
/** Anchors (&name) and aliases (*name) written in the front matter; the parser's anchor bookkeeping grows quadratically. */
export const MAX_FRONT_MATTER_ANCHORS = 50;

const NAME_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

// Official semver.org regular expression (numbered capture groups).
const SEMVER_RE =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

const RESERVED_KEYS = new Set(["name", "description", "version"]);

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

function quote(value: string, max = 80): string {
  const shown = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(shown);
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (value instanceof Date) return "a date";
  return typeof value === "object" ? "a mapping" : `a ${typeof value}`;
}

/** Parse the text of a SKILL.md file. Never throws. */
export function parseSkillManifest(text: string): ParseSkillManifestResult {
  if (typeof text !== "string") return fail("SKILL.md content must be text");
  if (text.length > MAX_SKILL_MD_LENGTH) return fail(`SKILL.md is longer than ${MAX_SKILL_MD_LENGTH} characters`);
  const normalized = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  // Located with searches rather than an array of every line: a 1 MiB body of
  // blank lines would otherwise cost a million strings.
  const firstEnd = normalized.indexOf("\n");
  if ((firstEnd === -1 ? normalized : normalized.slice(0, firstEnd)).trimEnd() !== "---") {
    return fail("SKILL.md must start with a YAML front matter block opened by a '---' line");
  }
  const closing = /^---[^\S\n]*$/gm;
  closing.lastIndex = firstEnd + 1;
  const close = closing.exec(normalized);
  if (!close) return fail("front matter is not closed by a '---' line");

  const yamlText = normalized.slice(firstEnd + 1, Math.max(firstEnd + 1, close.index - 1));
  const tooBig = frontMatterBoundsError(yamlText);
  if (tooBig) return fail(tooBig);
  let data: unknown;
  try {
    data = parse(yamlText, { maxAliasCount: MAX_FRONT_MATTER_ALIASES });
  } catch (err) {
    const detail = err instanceof Error ? err.message.split("\n")[0] : String(err);
    return fail(`front matter is not valid YAML: ${detail}`);
  }
  if (data === null || data === undefined) return fail("front matter is empty; name and description are required");
  if (typeof data !== "object" || Array.isArray(data)) {
    return fail(`front matter must be a YAML mapping of keys to values, not ${describeType(data)}`);
  }
  const fields = data as Record<string, unknown>;

  // name
  const name = fields.name;
  if (name === undefined || name === null) return fail("name is required in the front matter");
  if (typeof name !== "string") return fail(`name must be a string, not ${describeType(name)}`);
  if (name.length === 0) return fail("name must not be empty");
  if (name.length > MAX_NAME_LENGTH) {
    return fail(
      `name ${quote(name)} is ${name.length} characters long; it must be lowercase letters, digits and hyphens (at most ${MAX_NAME_LENGTH} characters)`,
    );
  }
  if (!NAME_RE.test(name)) {
    return fail(
      `name ${quote(name)} must be lowercase letters, digits and hyphens (at most ${MAX_NAME_LENGTH} characters)`,
    );
  }

  // description
  const description = fields.description;
  if (description === undefined || description === null) return fail("description is required in the front matter");
  if (typeof description !== "string") return fail(`description must be a string, not ${describeType(description)}`);
  if (description.trim().length === 0) return fail("description must not be empty");
  if (description.length > MAX_DESCRIPTION_LENGTH) {
    return fail(
      `description is ${description.length} characters long; it must be at most ${MAX_DESCRIPTION_LENGTH} characters`,
    );
  }

  // version
  let version: string | null = null;
  const rawVersion = fields.version;
  if (rawVersion !== undefined && rawVersion !== null) {
    if (typeof rawVersion === "number") {
      return fail(
        `version ${String(rawVersion)} was read as a number; write it as a quoted semantic version such as "${
          Number.isInteger(rawVersion) ? `${rawVersion}.0.0` : `${String(rawVersion)}.0`
        }"`,
      );
    }
    if (typeof rawVersion !== "string") return fail(`version must be a string, not ${describeType(rawVersion)}`);
    if (!isSemver(rawVersion)) {
      return fail(`version ${quote(rawVersion)} is not a semantic version (MAJOR.MINOR.PATCH, e.g. "1.0.0")`);
    }
    version = rawVersion;
  }

  // body
  const body = normalized
    .slice(close.index + close[0].length + 1)
    .replace(/^(?:[ \t]*\n)+/, "")
    .trimEnd();
  if (body.trim().length === 0) return fail("SKILL.md has no instructions after the front matter");

  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!RESERVED_KEYS.has(key)) extra[key] = value;
  }

  return { ok: true, manifest: { name, description, version, body, extra } };
}

/**
 * A linear pre-scan that over-counts what the parser would build: every "key:",
 * every "- " item and every flow comma is an entry; brackets and indentation
 * steps are nesting. Null when the front matter is within bounds.
 */
export function frontMatterBoundsError(yamlText: string): string | null {
  if (yamlText.length > MAX_FRONT_MATTER_LENGTH) {
    return `front matter is longer than ${MAX_FRONT_MATTER_LENGTH} characters`;
  }
  let entries = 0;
  let anchors = 0;
  let depth = 0;
  let maxDepth = 0;
  const indents: number[] = [];
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < yamlText.length; i++) {
    const c = yamlText.charCodeAt(i);
    if (c === 10) {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart) {
      if (c === 32) {
        indent++;
        continue;
      }
      lineStart = false;
      if (c !== 35) {
        // Indentation levels of non-comment lines: a stack of increasing indents.
        while (indents.length && indents[indents.length - 1]! > indent) indents.pop();
        if (!indents.length || indents[indents.length - 1]! < indent) indents.push(indent);
        if (indents.length > MAX_FRONT_MATTER_DEPTH) return `front matter is nested deeper than ${MAX_FRONT_MATTER_DEPTH} levels`;
      }
    }
    const next = i + 1 < yamlText.length ? yamlText.charCodeAt(i + 1) : 10;
    const prev = i > 0 ? yamlText.charCodeAt(i - 1) : 32;
    if ((c === 38 || c === 42) && (prev === 32 || prev === 9 || prev === 91 || prev === 123 || prev === 44 || prev === 10)) anchors++; // & *
    const spaceNext = next === 32 || next === 10 || next === 9;
    if (c === 44 || ((c === 58 || c === 45 || c === 63) && spaceNext)) entries++; // , : - ?
    else if (c === 91 || c === 123) maxDepth = Math.max(maxDepth, ++depth); // [ {
    else if (c === 93 || c === 125) depth--;
  }
  if (anchors > MAX_FRONT_MATTER_ANCHORS) return `front matter has more than ${MAX_FRONT_MATTER_ANCHORS} anchors and aliases`;
  if (entries > MAX_FRONT_MATTER_ENTRIES) return `front matter has more than ${MAX_FRONT_MATTER_ENTRIES} keys and items`;
  if (maxDepth > MAX_FRONT_MATTER_DEPTH) return `front matter is nested deeper than ${MAX_FRONT_MATTER_DEPTH} levels`;
  return null;
}

interface ParsedSemver {
  major: number;
  minor: number;
  patch: number;
  prerelease: string[];
}

function parseSemver(v: string): ParsedSemver {
  const m = typeof v === "string" ? SEMVER_RE.exec(v) : null;
  if (!m) throw new Error(`${JSON.stringify(v)} is not a semantic version`);
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: Number(m[3]),
    prerelease: m[4] ? m[4].split(".") : [],
  };
}

/** True when `v` is a semantic version: MAJOR.MINOR.PATCH with optional -prerelease and +build. */
export function isSemver(v: string): boolean {
  return typeof v === "string" && SEMVER_RE.test(v);
}

/**
 * Next patch version. A prerelease is promoted to its release
 * ("2.0.0-rc.1" → "2.0.0"); build metadata is dropped. Throws on an invalid version.
 */
export function bumpPatch(v: string): string {
  const s = parseSemver(v);
  if (s.prerelease.length > 0) return `${s.major}.${s.minor}.${s.patch}`;
  return `${s.major}.${s.minor}.${s.patch + 1}`;
}

function compareIdentifiers(a: string, b: string): number {
  const aNum = /^\d+$/.test(a);
  const bNum = /^\d+$/.test(b);
  if (aNum && bNum) return Math.sign(Number(a) - Number(b));
  if (aNum) return -1; // numeric identifiers have lower precedence
  if (bNum) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Semver precedence: negative when a < b, 0 when equal, positive when a > b.
 * Build metadata is ignored; a prerelease is lower than its release. Throws on invalid input.
 */
export function compareSemver(a: string, b: string): number {
  const x = parseSemver(a);
  const y = parseSemver(b);
  for (const key of ["major", "minor", "patch"] as const) {
    if (x[key] !== y[key]) return x[key] < y[key] ? -1 : 1;
  }
  if (x.prerelease.length === 0 && y.prerelease.length === 0) return 0;
  if (x.prerelease.length === 0) return 1;
  if (y.prerelease.length === 0) return -1;
  const n = Math.max(x.prerelease.length, y.prerelease.length);
  for (let i = 0; i < n; i++) {
    const p = x.prerelease[i];
    const q = y.prerelease[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    const c = compareIdentifiers(p, q);
    if (c !== 0) return c;
  }
  return 0;
}
