// A skill as the folder agent runtimes load (a Claude Code skills folder, for
// example): <name>/SKILL.md with YAML front matter (name, description,
// version) and the instructions, <name>/references/<file> for each reference
// file, and <name>/scripts/. Pure: turns skill content into a list of files,
// so the SKILL_DIR publisher and the CLI's `skill-gateway sync` write exactly
// the same thing. skill-folders/ imports nothing of ours: the core's publisher
// and the SDK (which may import only the public API and this) share it.
// The catalog keeps the names of a skill's scripts, not their contents, so
// scripts/ is created and the names are listed in the front matter.
import { createHash } from "node:crypto";
import { stringify } from "yaml";

/** SKILL.md front matter limits: name at most 64 characters, description at most 1024. */
export const MAX_NAME_LENGTH = 64;
export const MAX_DESCRIPTION_LENGTH = 1024;

/** URL-safe slug: lowercase letters, digits and single hyphens. */
export function slugify(text: string): string {
  return (
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 100)
      .replace(/-+$/, "") || "skill"
  );
}

export interface SkillFolderInput {
  id: string;
  name: string;
  description: string | null;
  version: string;
  instructions: string;
  references: { filename: string; content: string }[];
  scripts: string[];
}

export interface RenderedSkillFolder {
  /** The folder's name: the front matter's machine name. */
  folder: string;
  skillId: string;
  version: string;
  /** Paths relative to the folder, "/"-separated. */
  files: { path: string; content: string }[];
  /** Sub-folders that exist even when empty. */
  dirs: string[];
  /** Changes whenever any file would: a folder with the same hash need not be rewritten. */
  hash: string;
}

const SAFE_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** lowercase letters, digits and hyphens, at most 64: the SKILL.md name rule. */
export function machineName(skillId: string): string {
  return slugify(skillId).slice(0, MAX_NAME_LENGTH).replace(/-+$/, "") || "skill";
}

export function renderSkillFolder(skill: SkillFolderInput, folder = machineName(skill.id)): RenderedSkillFolder {
  const description = (skill.description?.trim() || skill.name).slice(0, MAX_DESCRIPTION_LENGTH);
  const front: Record<string, unknown> = {
    name: folder,
    description,
    version: skill.version,
    metadata: { "skill-gateway-id": skill.id, title: skill.name },
  };
  if (skill.scripts.length) front.scripts = [...skill.scripts];
  const skillMd = `---\n${stringify(front, { lineWidth: 0 }).trimEnd()}\n---\n\n${skill.instructions.replace(/^\n+/, "")}${skill.instructions.endsWith("\n") ? "" : "\n"}`;
  const files = [{ path: "SKILL.md", content: skillMd }];
  // Filenames were validated on the way in; checked again because they become paths.
  for (const r of [...skill.references].sort((a, b) => (a.filename < b.filename ? -1 : 1))) {
    if (SAFE_FILE.test(r.filename)) files.push({ path: `references/${r.filename}`, content: r.content });
  }
  const hash = createHash("sha256").update(JSON.stringify(files)).digest("hex");
  return { folder, skillId: skill.id, version: skill.version, files, dirs: ["references", "scripts"], hash };
}

/** Renders a user's set; two ids that slug to the same name get a short id hash appended. */
export function renderSkillSet(skills: SkillFolderInput[]): RenderedSkillFolder[] {
  const sorted = [...skills].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const used = new Set<string>();
  return sorted.map((s) => {
    let folder = machineName(s.id);
    if (used.has(folder)) {
      const suffix = createHash("sha256").update(s.id).digest("hex").slice(0, 8);
      folder = `${folder.slice(0, MAX_NAME_LENGTH - 9)}-${suffix}`;
    }
    used.add(folder);
    return renderSkillFolder(s, folder);
  });
}
