// Writes one user's skill folders so that readers never see a half-written
// set: <root>/<user> is a symbolic link to a generation folder
// (<root>/.generations/<user>/<n>); a new generation is written beside the
// current one and the link is replaced by rename(2), which is atomic (the way
// Kubernetes swaps ConfigMap volumes). A skill whose rendered hash did not
// change is hard-linked from the current generation instead of rewritten.
// Each generation keeps .skill-gateway.json (folder → skill, version, hash).
import { existsSync, promises as fs } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { RenderedSkillFolder } from "./format.js";

const STATE_FILE = ".skill-gateway.json";

interface GenerationState {
  skills: Record<string, { skillId: string; version: string; hash: string }>;
}

export interface WriteResult {
  written: string[];
  kept: string[];
  removed: string[];
}

/** User ids hold ':' and '@'; the same mapping as FILE manifests, without the extension. */
export function userFolderName(userId: string): string {
  return userId.replace(/[^A-Za-z0-9._@+-]/g, "_");
}

async function readState(dir: string): Promise<GenerationState> {
  try {
    return JSON.parse(await fs.readFile(path.join(dir, STATE_FILE), "utf8")) as GenerationState;
  } catch {
    return { skills: {} };
  }
}

async function linkTree(from: string, to: string): Promise<void> {
  await fs.mkdir(to, { recursive: true });
  for (const entry of await fs.readdir(from, { withFileTypes: true })) {
    const a = path.join(from, entry.name);
    const b = path.join(to, entry.name);
    if (entry.isDirectory()) await linkTree(a, b);
    else if (entry.isFile()) await fs.link(a, b);
  }
}

async function writeFolder(dir: string, folder: RenderedSkillFolder): Promise<void> {
  for (const d of folder.dirs) await fs.mkdir(path.join(dir, d), { recursive: true });
  for (const f of folder.files) {
    const file = path.join(dir, ...f.path.split("/"));
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, f.content);
  }
}

/** Writers of one folder in this process run one after the other (jobs of overlapping scopes). */
const writing = new Map<string, Promise<unknown>>();

/** Another process's generation may still be being written: left alone for this long. */
const FOREIGN_GENERATION_GRACE_MS = 10 * 60_000;

/**
 * Makes <root>/<userFolder> hold exactly `folders`. Returns which skill folders
 * were written anew, kept (hard-linked, unchanged) and removed.
 */
export function writeUserSkillDir(root: string, userFolder: string, folders: RenderedSkillFolder[]): Promise<WriteResult> {
  const key = path.join(path.resolve(root), userFolder);
  const run = (writing.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => writeOnce(root, userFolder, folders));
  writing.set(key, run);
  return run.finally(() => {
    if (writing.get(key) === run) writing.delete(key);
  });
}

async function writeOnce(root: string, userFolder: string, folders: RenderedSkillFolder[]): Promise<WriteResult> {
  const link = path.join(root, userFolder);
  const generations = path.join(root, ".generations", userFolder);
  await fs.mkdir(generations, { recursive: true });
  let current: string | null = null;
  try {
    current = path.resolve(root, await fs.readlink(link));
  } catch {
    // First publish (or a plain folder left by hand, replaced below).
  }
  const before = current ? await readState(current) : { skills: {} };
  const gen = path.join(generations, `${Date.now().toString(36)}-${process.pid}-${randomBytes(4).toString("hex")}`);
  await fs.mkdir(gen);
  const state: GenerationState = { skills: {} };
  const result: WriteResult = { written: [], kept: [], removed: [] };
  for (const folder of folders) {
    const prior = before.skills[folder.folder];
    const target = path.join(gen, folder.folder);
    if (current && prior?.hash === folder.hash && existsSync(path.join(current, folder.folder))) {
      await linkTree(path.join(current, folder.folder), target);
      result.kept.push(folder.folder);
    } else {
      await writeFolder(target, folder);
      result.written.push(folder.folder);
    }
    state.skills[folder.folder] = { skillId: folder.skillId, version: folder.version, hash: folder.hash };
  }
  const now = new Set(folders.map((f) => f.folder));
  result.removed = Object.keys(before.skills).filter((f) => !now.has(f)).sort();
  await fs.writeFile(path.join(gen, STATE_FILE), JSON.stringify(state));

  // Swap: a new link beside the old one, renamed over it.
  const tmpLink = path.join(root, `.${userFolder}.${randomBytes(4).toString("hex")}.link`);
  await fs.symlink(path.relative(root, gen), tmpLink);
  const stat = await fs.lstat(link).catch(() => null);
  if (stat && !stat.isSymbolicLink()) await fs.rm(link, { recursive: true, force: true });
  await fs.rename(tmpLink, link);
  // Superseded generations go: this process's at once (its writers are serialized
  // above), another process's only once it cannot still be being written.
  const live = path.resolve(root, await fs.readlink(link));
  for (const name of await fs.readdir(generations)) {
    const dir = path.join(generations, name);
    if (dir === live || dir === gen) continue;
    const pid = name.split("-")[1];
    const old = pid !== String(process.pid) && Date.now() - parseInt(name.split("-")[0], 36) > FOREIGN_GENERATION_GRACE_MS;
    if (pid === String(process.pid) || old) await fs.rm(dir, { recursive: true, force: true });
  }
  return result;
}

/**
 * Syncs skill folders into a folder a person owns (e.g. ~/.claude/skills):
 * only the folders this writer created (listed in <dir>/.skill-gateway.json)
 * are replaced or removed; anyone else's folder is left alone, and a skill
 * whose name is taken by one is skipped. Each changed skill is written beside
 * its old folder and renamed into place; unchanged skills are not touched.
 */
export async function syncSkillFolders(dir: string, folders: RenderedSkillFolder[]): Promise<WriteResult & { skipped: string[] }> {
  await fs.mkdir(dir, { recursive: true });
  const before = await readState(dir);
  const state: GenerationState = { skills: {} };
  const result = { written: [] as string[], kept: [] as string[], removed: [] as string[], skipped: [] as string[] };
  for (const folder of folders) {
    const target = path.join(dir, folder.folder);
    const ours = before.skills[folder.folder] !== undefined;
    if (!ours && existsSync(target)) {
      result.skipped.push(folder.folder);
      continue;
    }
    state.skills[folder.folder] = { skillId: folder.skillId, version: folder.version, hash: folder.hash };
    if (ours && before.skills[folder.folder].hash === folder.hash && existsSync(target)) {
      result.kept.push(folder.folder);
      continue;
    }
    const tag = randomBytes(4).toString("hex");
    const tmp = path.join(dir, `.${folder.folder}.${tag}.tmp`);
    await writeFolder(tmp, folder);
    const old = path.join(dir, `.${folder.folder}.${tag}.old`);
    if (existsSync(target)) await fs.rename(target, old);
    await fs.rename(tmp, target);
    await fs.rm(old, { recursive: true, force: true });
    result.written.push(folder.folder);
  }
  for (const name of Object.keys(before.skills)) {
    if (state.skills[name]) continue;
    await fs.rm(path.join(dir, name), { recursive: true, force: true });
    result.removed.push(name);
  }
  const tmpState = path.join(dir, `${STATE_FILE}.${randomBytes(4).toString("hex")}.tmp`);
  await fs.writeFile(tmpState, JSON.stringify(state));
  await fs.rename(tmpState, path.join(dir, STATE_FILE));
  return result;
}
