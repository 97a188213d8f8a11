// Skill content (instructions, reference files, scripts): validation and the
// hash that tells whether a draft differs from the deployed version.
import { createHash } from "node:crypto";
import { badInput } from "../core/errors.js";

export interface ReferenceFileData {
  filename: string;
  content: string;
}
export interface SkillContentData {
  instructions: string;
  references: ReferenceFileData[];
  scripts: string[];
}

const FILENAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const MAX_METADATA_KEYS = 50;
export const MAX_METADATA_VALUE = 500;

export function contentHash(c: SkillContentData): string {
  return createHash("sha256")
    .update(JSON.stringify([c.instructions, c.references.map((r) => [r.filename, r.content]), c.scripts]))
    .digest("hex");
}

export function checkContent(c: SkillContentData, field = "input"): SkillContentData {
  if (!c.instructions.trim()) throw badInput("instructions must not be empty", `${field}.instructions`);
  const seen = new Set<string>();
  c.references.forEach((r, i) => {
    if (!FILENAME.test(r.filename)) {
      throw badInput(`reference filename "${r.filename}" must be a plain file name (letters, digits, . _ -)`, `${field}.references.${i}.filename`);
    }
    if (seen.has(r.filename)) throw badInput(`reference "${r.filename}" is given twice`, `${field}.references.${i}.filename`);
    seen.add(r.filename);
  });
  return c;
}

/** Skill.metadata: a string map of at most 50 keys, values at most 500 characters. */
export function checkMetadata(metadata: Record<string, unknown>, field: string): Record<string, string> {
  const entries = Object.entries(metadata);
  if (entries.length > MAX_METADATA_KEYS) throw badInput(`metadata holds at most ${MAX_METADATA_KEYS} keys`, field);
  for (const [k, v] of entries) {
    if (typeof v !== "string") throw badInput(`metadata.${k} must be a string`, `${field}.${k}`);
    if (v.length > MAX_METADATA_VALUE) {
      throw badInput(`metadata.${k} is longer than ${MAX_METADATA_VALUE} characters`, `${field}.${k}`);
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}
