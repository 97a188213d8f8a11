/**
 * Catalog content for the demo tenant (dainese).
 *
 * One markdown file per skill at ./skills/<skill-id>.md with YAML front matter
 * (name = display name, description, version, category, optional tools list)
 * and the instructions as the body. Reference files live in an optional folder
 * ./skills/<skill-id>/ next to the markdown file.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { isSemver } from "../catalog/manifest.js";

export interface DemoSkillDef {
  id: string;
  name: string;
  description: string;
  version: string;
  category: string;
  toolIds: string[];
  instructions: string;
  references: { filename: string; content: string }[];
}

const SKILLS_DIR = fileURLToPath(new URL("./skills/", import.meta.url));

let cache: DemoSkillDef[] | null = null;

function splitFrontMatter(id: string, text: string): { data: Record<string, unknown>; body: string } {
  const normalized = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const m = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)([\s\S]*)$/.exec(normalized);
  if (!m) throw new Error(`demo skill "${id}": missing YAML front matter`);
  const data: unknown = parse(m[1]!);
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new Error(`demo skill "${id}": front matter must be a YAML mapping`);
  }
  return { data: data as Record<string, unknown>, body: m[2]!.replace(/^(?:[ \t]*\n)+/, "").trimEnd() };
}

function str(id: string, data: Record<string, unknown>, key: string): string {
  const v = data[key];
  if (typeof v !== "string" || v.trim() === "") {
    throw new Error(`demo skill "${id}": front matter "${key}" must be a non-empty string`);
  }
  return v.trim();
}

function loadSkill(id: string): DemoSkillDef {
  const { data, body } = splitFrontMatter(id, readFileSync(join(SKILLS_DIR, `${id}.md`), "utf8"));
  const version = str(id, data, "version");
  if (!isSemver(version)) throw new Error(`demo skill "${id}": version "${version}" is not a semantic version`);
  const tools = data.tools ?? [];
  if (!Array.isArray(tools) || !tools.every((t) => typeof t === "string")) {
    throw new Error(`demo skill "${id}": tools must be a list of tool ids`);
  }
  if (!body) throw new Error(`demo skill "${id}": instructions are empty`);

  const refDir = join(SKILLS_DIR, id);
  const references =
    existsSync(refDir) && statSync(refDir).isDirectory()
      ? readdirSync(refDir, { withFileTypes: true })
          .filter((e) => e.isFile() && !e.name.startsWith("."))
          .map((e) => e.name)
          .sort()
          .map((filename) => ({
            filename,
            content: readFileSync(join(refDir, filename), "utf8").replace(/\r\n?/g, "\n"),
          }))
      : [];

  return {
    id,
    name: str(id, data, "name"),
    description: str(id, data, "description"),
    version,
    category: str(id, data, "category"),
    toolIds: tools as string[],
    instructions: body,
    references,
  };
}

/** All demo skills, sorted by id. Read from disk on first call, then cached. */
export function loadDemoSkills(): DemoSkillDef[] {
  if (!cache) {
    cache = readdirSync(SKILLS_DIR, { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith(".md"))
      .map((e) => e.name.slice(0, -".md".length))
      .sort()
      .map(loadSkill);
  }
  return [...cache];
}
