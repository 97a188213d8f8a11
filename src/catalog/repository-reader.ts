// Reads a repository (a local folder or a git URL) into skill manifests. Every
// SKILL.md under the root is one skill; the other files of its folder tree are
// its reference files and scripts. A manifest that cannot be read becomes an
// error line ("<path>: <why>") and the rest is still returned. Nothing here
// touches the database; syncRepository does that afterwards.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { badInput } from "../core/errors.js";
import type { ReferenceFileData, SkillContentData } from "./content.js";
import { parseSkillManifest, type SkillManifest } from "./manifest.js";

export const MANIFEST_FILE = "SKILL.md";
export const MAX_MANIFEST_BYTES = 1024 * 1024;
export const MAX_REFERENCE_BYTES = 256 * 1024;
export const CLONE_TIMEOUT_MS = 120_000;
const MAX_LOCATION_LENGTH = 2048;

const SKIPPED_DIRS = new Set([".git", "node_modules"]);
const REFERENCE_EXTENSIONS = new Set([".md", ".txt", ".json", ".yaml", ".yml", ".csv"]);
const REFERENCE_FILENAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export interface DiscoveredManifest {
  /** Path of the SKILL.md relative to the repository root, with "/" separators. */
  path: string;
  manifest: SkillManifest;
  content: SkillContentData;
}

export interface RepositoryReadResult {
  /** Sorted by path. */
  manifests: DiscoveredManifest[];
  /** Paths of SKILL.md files that were found but could not be used. */
  failedPaths: string[];
  /** "<relative path>: <why>", in path order. */
  errors: string[];
}

export type LocationKind = "local" | "git";

const GIT_SCHEME = /^(?:https?|ssh|git|file):\/\/[^\s]+$/i;
// scp-like syntax: [user@]host:path (git@github.com:org/repo.git)
const SCP_LIKE = /^(?:[A-Za-z0-9._-]+@)?[A-Za-z0-9.-]+:(?!\/\/)[^\s]+$/;

/**
 * Classifies a repository location: an absolute folder path, or a git URL
 * (https, http, ssh, git, file URLs, scp-like git@host:path, or an absolute
 * path ending in .git). Anything else is BAD_USER_INPUT.
 */
export function locationKind(location: string, field: string): LocationKind {
  const bad = (why: string) => badInput(`location ${why}`, field);
  if (!location) throw bad("must not be empty");
  if (location.length > MAX_LOCATION_LENGTH) throw bad(`must be at most ${MAX_LOCATION_LENGTH} characters`);
  // Control characters and a leading "-" (an option to git) are never part of a location.
  // Nor is git's "<transport>::<address>" remote-helper syntax (ext::, fd::).
  if (/[\u0000-\u001f\u007f]/.test(location) || location.startsWith("-") || /^[A-Za-z][A-Za-z0-9+.-]*::/.test(location)) {
    throw bad("contains invalid characters");
  }
  if (GIT_SCHEME.test(location)) return "git";
  if (path.isAbsolute(location)) return location.replace(/\/+$/, "").endsWith(".git") ? "git" : "local";
  if (SCP_LIKE.test(location)) return "git";
  throw bad("must be an absolute folder path or a git URL (https://, ssh://, git@host:path, file://, or ending in .git)");
}

/** True when the path exists and is a folder. */
export async function isFolder(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Reads the repository at `location`: a local folder directly, a git URL from a
 * shallow clone in a temporary folder that is removed afterwards. Failures to
 * reach the repository are BAD_USER_INPUT on `field`.
 */
export async function readRepository(location: string, field: string): Promise<RepositoryReadResult> {
  if (locationKind(location, field) === "local") {
    if (!(await isFolder(location))) throw badInput(`Repository folder "${location}" does not exist`, field);
    try {
      return await readSkillTree(location);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EACCES") throw badInput(`Repository folder "${location}" is not readable`, field);
      throw err;
    }
  }
  const dir = await mkdtemp(path.join(tmpdir(), "gw-repo-"));
  try {
    const checkout = path.join(dir, "checkout");
    await gitClone(location, checkout, field);
    return await readSkillTree(checkout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function gitClone(url: string, target: string, field: string): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: "0" };
  // Never wait for a host-key or passphrase prompt on a server.
  env.GIT_SSH_COMMAND ??= "ssh -o BatchMode=yes";
  // Only the transports a location may name; never remote helpers such as ext:: or fd::.
  const protocols = ["https", "http", "ssh", "git", "file"].flatMap((p) => ["-c", `protocol.${p}.allow=always`]);
  const args = ["-c", "protocol.allow=never", ...protocols, "clone", "--quiet", "--depth", "1", "--no-tags", "--", url, target];
  return new Promise((resolve, reject) => {
    execFile("git", args, { timeout: CLONE_TIMEOUT_MS, env, maxBuffer: 1024 * 1024 }, (err, _stdout, stderr) => {
      if (!err) return resolve();
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return reject(new Error("git is not installed on the server"));
      if (err.killed || err.signal) {
        return reject(badInput(`git clone timed out after ${CLONE_TIMEOUT_MS / 1000} s`, field));
      }
      reject(badInput(firstGitError(String(stderr)) || `git clone failed (exit code ${err.code})`, field));
    });
  });
}

/** git's first meaningful stderr line ("fatal: repository '…' not found"). */
export function firstGitError(stderr: string): string {
  const lines = stderr.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /^(fatal|error):/i.test(l)) ?? lines.find((l) => !/^Cloning into/i.test(l)) ?? "";
}

interface TreeFile {
  /** Relative to the repository root, "/" separators. */
  rel: string;
  abs: string;
  size: number;
}

/** Every regular file under root, skipping .git, node_modules and symbolic links. */
async function listFiles(root: string): Promise<TreeFile[]> {
  const out: TreeFile[] = [];
  async function walk(dir: string, rel: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (!rel) throw err;
      return; // an unreadable sub-folder holds nothing we can sync
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) await walk(abs, r);
      } else if (e.isFile()) {
        out.push({ rel: r, abs, size: (await stat(abs)).size });
      }
    }
  }
  await walk(root, "");
  return out;
}

const dirOf = (rel: string) => (rel.includes("/") ? rel.slice(0, rel.lastIndexOf("/")) : "");
const isUnder = (rel: string, dir: string) => dir === "" || rel.startsWith(`${dir}/`);

function isText(buf: Buffer): string | null {
  if (buf.includes(0)) return null;
  const text = buf.toString("utf8");
  return text.includes("\uFFFD") ? null : text;
}

/** Reads every SKILL.md under a local folder. */
export async function readSkillTree(root: string): Promise<RepositoryReadResult> {
  const files = await listFiles(root);
  const manifestDirs = files.filter((f) => path.posix.basename(f.rel) === MANIFEST_FILE).map((f) => dirOf(f.rel));
  const result: RepositoryReadResult = { manifests: [], failedPaths: [], errors: [] };
  for (const dir of manifestDirs) {
    const manifestPath = dir ? `${dir}/${MANIFEST_FILE}` : MANIFEST_FILE;
    const fail = (why: string) => {
      result.failedPaths.push(manifestPath);
      result.errors.push(`${manifestPath}: ${why}`);
    };
    const file = files.find((f) => f.rel === manifestPath)!;
    if (file.size > MAX_MANIFEST_BYTES) {
      fail(`SKILL.md is larger than ${MAX_MANIFEST_BYTES / 1024} KiB`);
      continue;
    }
    const text = isText(await readFile(file.abs));
    if (text === null) {
      fail("SKILL.md is not UTF-8 text");
      continue;
    }
    const parsed = parseSkillManifest(text);
    if (!parsed.ok) {
      fail(parsed.error);
      continue;
    }
    // The skill's own files: its folder tree minus nested skills' folder trees.
    const nested = manifestDirs.filter((d) => d !== dir && isUnder(d, dir));
    const own = files.filter((f) => isUnder(f.rel, dir) && f.rel !== manifestPath && !nested.some((d) => isUnder(f.rel, d)));
    const local = (f: TreeFile) => (dir ? f.rel.slice(dir.length + 1) : f.rel);
    const scripts = own
      .map(local)
      .filter((r) => r.startsWith("scripts/") && !r.split("/").some((part) => part.startsWith(".")));
    const references = await readReferences(own.filter((f) => !local(f).startsWith("scripts/")), local);
    result.manifests.push({
      path: manifestPath,
      manifest: parsed.manifest,
      content: { instructions: parsed.manifest.body, references, scripts },
    });
  }
  return result;
}

/**
 * Text files of the allowed kinds and size become reference files, named by
 * their base name, or by their path with "/" turned into "-" when two share a
 * base name. Names that are not plain file names are left out.
 */
async function readReferences(candidates: TreeFile[], local: (f: TreeFile) => string): Promise<ReferenceFileData[]> {
  const eligible = candidates.filter(
    (f) => REFERENCE_EXTENSIONS.has(path.posix.extname(f.rel).toLowerCase()) && f.size <= MAX_REFERENCE_BYTES,
  );
  const baseCount = new Map<string, number>();
  for (const f of eligible) {
    const base = path.posix.basename(f.rel);
    baseCount.set(base, (baseCount.get(base) ?? 0) + 1);
  }
  const refs: ReferenceFileData[] = [];
  const used = new Set<string>();
  for (const f of eligible) {
    const base = path.posix.basename(f.rel);
    const filename = baseCount.get(base)! > 1 ? local(f).replaceAll("/", "-") : base;
    if (!REFERENCE_FILENAME.test(filename) || used.has(filename)) continue;
    const content = isText(await readFile(f.abs));
    if (content === null) continue;
    used.add(filename);
    refs.push({ filename, content: content.replace(/\r\n?/g, "\n") });
  }
  return refs.sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
}
