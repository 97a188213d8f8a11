/**
 * Packaged skill templates shipped with the gateway.
 *
 * Each template is a folder under ./templates/<template-id>/ holding a SKILL.md
 * (front matter with name = template id, description, version, category,
 * display_name) plus optional references/*.md and scripts/* files. They are
 * read from disk once and cached.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseSkillManifest } from "./manifest.js";

export interface SkillTemplateDef {
  id: string;
  /** Human display name (front matter `display_name`). */
  name: string;
  description: string;
  category: string;
  version: string;
  /** The SKILL.md body: the instructions an agent follows. */
  instructions: string;
  references: { filename: string; content: string }[];
  /** File names found in the template's scripts/ folder. */
  scripts: string[];
}

const TEMPLATES_DIR = fileURLToPath(new URL("./templates/", import.meta.url));

let cache: SkillTemplateDef[] | null = null;
let byId: Map<string, SkillTemplateDef> | null = null;

function listFiles(dir: string, filter: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && filter(e.name))
    .map((e) => e.name)
    .sort();
}

function requireString(id: string, extra: Record<string, unknown>, key: string): string {
  const value = extra[key];
  if (typeof value !== "string" || value.trim() === "") {
    throw new Error(`skill template "${id}": front matter key "${key}" must be a non-empty string`);
  }
  return value.trim();
}

function loadTemplate(id: string): SkillTemplateDef {
  const dir = join(TEMPLATES_DIR, id);
  const text = readFileSync(join(dir, "SKILL.md"), "utf8");
  const parsed = parseSkillManifest(text);
  if (!parsed.ok) throw new Error(`skill template "${id}": ${parsed.error}`);
  const m = parsed.manifest;
  if (m.name !== id) throw new Error(`skill template "${id}": front matter name "${m.name}" must equal the folder name`);
  if (m.version === null) throw new Error(`skill template "${id}": version is required`);

  const refDir = join(dir, "references");
  const references = listFiles(refDir, (n) => n.endsWith(".md")).map((filename) => ({
    filename,
    content: readFileSync(join(refDir, filename), "utf8").replace(/\r\n?/g, "\n"),
  }));
  const scripts = listFiles(join(dir, "scripts"), (n) => !n.startsWith("."));

  return {
    id,
    name: requireString(id, m.extra, "display_name"),
    description: m.description,
    category: requireString(id, m.extra, "category"),
    version: m.version,
    instructions: m.body,
    references,
    scripts,
  };
}

/** All packaged templates, sorted by id. Read from disk on first call, then cached. */
export function loadTemplates(): SkillTemplateDef[] {
  if (!cache) {
    const ids = readdirSync(TEMPLATES_DIR, { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(join(TEMPLATES_DIR, e.name, "SKILL.md")))
      .map((e) => e.name)
      .sort();
    cache = ids.map(loadTemplate);
    byId = new Map(cache.map((t) => [t.id, t]));
  }
  return [...cache];
}

/** The packaged template with this id, if any. */
export function findTemplate(id: string): SkillTemplateDef | undefined {
  loadTemplates();
  return byId!.get(id);
}
