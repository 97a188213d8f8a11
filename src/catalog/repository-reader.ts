// Reads a repository (a local folder or a git URL) into skill manifests. Every
// SKILL.md under the root is one skill; the other files of its folder tree are
// its reference files and scripts. A manifest that cannot be read becomes an
// error line ("<path>: <why>") and the rest is still returned. Nothing here
// touches the database; syncRepository does that afterwards.
import { execFile } from "node:child_process";
import { lstat, mkdtemp, opendir, readFile, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { badInput } from "../core/errors.js";
import { allowedLocalPath, gitRemote, LOCAL_REFUSED, requireFileScheme, resolveRemote, type GitRemote, type LocationPolicy } from "./repository-location.js";
import type { ReferenceFileData, SkillContentData } from "./content.js";
import { parseSkillManifest, type SkillManifest } from "./manifest.js";

export const MANIFEST_FILE = "SKILL.md";
export const MAX_MANIFEST_BYTES = 1024 * 1024;
export const MAX_REFERENCE_BYTES = 256 * 1024;
const MAX_LOCATION_LENGTH = 2048;
/** Deepest folder nesting a walk descends into. */
export const MAX_TREE_DEPTH = 32;
export const CLONE_FAILED = "Repository could not be cloned: check the URL and that the gateway may reach it";

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

/** Bounds on one read of a repository tree. */
export interface WalkLimits {
  maxFiles: number;
  maxBytes: number;
  /** Date.now() past which the walk gives up. */
  deadline: number;
  field: string;
}

const tooLarge = (limits: WalkLimits, why: string) => badInput(`Repository ${why}`, limits.field);

/**
 * Checks a location against the policy at creation, without reaching it over the
 * network: a local folder (or file:// / *.git path) must be under the tenant's
 * root, a git URL must have an allowed scheme, host and port.
 */
export async function checkLocation(location: string, policy: LocationPolicy, field: string): Promise<void> {
  if (locationKind(location, field) === "local") {
    await allowedLocalPath(location, policy, field);
    return;
  }
  const file = localGitPath(location);
  if (file !== null) {
    requireFileScheme(policy, field);
    await allowedLocalPath(file, policy, field, "any");
    return;
  }
  gitRemote(location, policy, field);
}

/** The path of a file:// URL or of an absolute *.git path; null for a network location. */
function localGitPath(location: string): string | null {
  if (path.isAbsolute(location)) return location;
  if (/^file:\/\//i.test(location)) {
    try {
      return decodeURIComponent(new URL(location).pathname);
    } catch {
      return "";
    }
  }
  return null;
}

/**
 * Reads the repository at `location`: a local folder directly, a git URL from a
 * shallow clone in a temporary folder that is removed afterwards. The location
 * is checked again here (the policy or the file system may have changed since it
 * was registered). Failures are BAD_USER_INPUT on `field`, with generic messages.
 */
export async function readRepository(location: string, field: string, policy: LocationPolicy): Promise<RepositoryReadResult> {
  const opts = policy.repositories;
  const limits: WalkLimits = { maxFiles: opts.maxFiles, maxBytes: opts.maxBytes, deadline: Date.now() + opts.readTimeoutMs, field };
  if (locationKind(location, field) === "local") {
    const folder = await allowedLocalPath(location, policy, field);
    return readSkillTree(folder, limits);
  }
  let source: CloneSource;
  const file = localGitPath(location);
  if (file !== null) {
    requireFileScheme(policy, field);
    source = { url: `file://${await allowedLocalPath(file, policy, field, "any")}`, config: ["-c", "protocol.file.allow=always"], env: {} };
  } else {
    const remote = gitRemote(location, policy, field);
    source = pinnedSource(location, remote, await resolveRemote(remote, policy, field));
  }
  const dir = await mkdtemp(path.join(tmpdir(), "gw-repo-"));
  try {
    const checkout = path.join(dir, "checkout");
    await gitClone(source, checkout, field, opts.git.cloneTimeoutMs, opts.git.cloneMaxBytes);
    await checkTreeListing(checkout, limits, opts.git.cloneTimeoutMs);
    await git(["-C", checkout, "-c", "core.symlinks=false", "checkout", "--quiet", "--force", "HEAD"], opts.git.cloneTimeoutMs, field);
    return await readSkillTree(checkout, limits);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface CloneSource {
  url: string;
  /** git -c options for this transport. */
  config: string[];
  env: NodeJS.ProcessEnv;
}

/** The clone connects to the checked address, never to a second resolution of the name. */
function pinnedSource(location: string, remote: GitRemote, target: { address: string; family: 4 | 6 }): CloneSource {
  const addr = target.family === 6 ? `[${target.address}]` : target.address;
  const allow = ["-c", `protocol.${remote.scheme}.allow=always`];
  if (remote.scheme === "https" || remote.scheme === "http") {
    return { url: location, config: [...allow, "-c", `http.curloptResolve=${remote.host}:${remote.port}:${addr}`, "-c", "http.followRedirects=false"], env: {} };
  }
  const sshEnv = { GIT_SSH_COMMAND: `ssh -o BatchMode=yes -o HostKeyAlias=${remote.host}` };
  if (remote.scp) {
    return { url: `${remote.scp.user ? `${remote.scp.user}@` : ""}${addr}:${remote.scp.path}`, config: allow, env: sshEnv };
  }
  const url = new URL(remote.url!.toString());
  url.hostname = addr;
  return { url: url.toString(), config: allow, env: remote.scheme === "ssh" ? sshEnv : {} };
}

function git(args: string[], timeoutMs: number, field: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const fullEnv: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_SSH_COMMAND: "ssh -o BatchMode=yes", ...env };
  return new Promise((resolve, reject) => {
    execFile("git", args, { timeout: timeoutMs, killSignal: "SIGKILL", env: fullEnv, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve(String(stdout));
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return reject(new Error("git is not installed on the server"));
      // git's own words (host names, addresses, HTTP answers) stay in the server log: to a caller they are a scanner.
      console.warn(`[gateway] git ${args.find((a) => !a.startsWith("-") && a !== "-c") ?? ""} failed: ${firstGitError(String(stderr))}`);
      reject(badInput(CLONE_FAILED, field));
    });
  });
}

function gitClone(source: CloneSource, target: string, field: string, timeoutMs: number, maxBytes: number): Promise<void> {
  // Only the transport this location names; never remote helpers such as ext:: or fd::.
  const args = ["-c", "protocol.allow=never", ...source.config, "clone", "--quiet", "--no-checkout", "--depth", "1", "--no-tags", "--single-branch", "--", source.url, target];
  let overSize = false;
  const clone = git(args, timeoutMs, field, source.env);
  // git has no size limit of its own: watch what it writes and stop it past the bound.
  const watch = setInterval(() => {
    void folderBytes(path.join(target, ".git")).then((bytes) => {
      if (bytes > maxBytes && !overSize) {
        overSize = true;
        void rm(target, { recursive: true, force: true });
      }
    });
  }, 200);
  return clone
    .catch((e) => {
      throw overSize ? badInput(`Repository is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB (GIT_CLONE_MAX_BYTES)`, field) : e;
    })
    .then(async () => {
      if (overSize || (await folderBytes(path.join(target, ".git"))) > maxBytes) {
        throw badInput(`Repository is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB (GIT_CLONE_MAX_BYTES)`, field);
      }
    })
    .finally(() => clearInterval(watch));
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  const walk = async (d: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && depth < 8) await walk(p, depth + 1);
      else if (e.isFile()) total += await lstat(p).then((s) => s.size, () => 0);
    }
  };
  await walk(dir, 0);
  return total;
}

/** The cloned tree's file count and size, from git's index of it, before anything is written out. */
async function checkTreeListing(checkout: string, limits: WalkLimits, timeoutMs: number): Promise<void> {
  const listing = await git(["-C", checkout, "ls-tree", "-r", "-l", "-z", "HEAD"], timeoutMs, limits.field);
  let files = 0;
  let bytes = 0;
  for (const entry of listing.split("\0")) {
    const m = /^\d+ blob [0-9a-f]+\s+(\d+)\t/.exec(entry);
    if (!m) continue;
    files++;
    bytes += Number(m[1]);
  }
  if (files > limits.maxFiles) throw tooLarge(limits, `has more than ${limits.maxFiles} files (REPOSITORY_MAX_FILES)`);
  if (bytes > limits.maxBytes) throw tooLarge(limits, `is larger than ${Math.round(limits.maxBytes / 1024 / 1024)} MiB (REPOSITORY_MAX_BYTES)`);
}

/** git's first meaningful stderr line ("fatal: repository '…' not found"), for the server log. */
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

/**
 * Every regular file under root, skipping .git, node_modules and symbolic links,
 * within the walk's bounds: entries seen, bytes, depth and time.
 */
async function listFiles(root: string, limits: WalkLimits): Promise<TreeFile[]> {
  const out: TreeFile[] = [];
  let seen = 0;
  let bytes = 0;
  const check = () => {
    if (Date.now() > limits.deadline) throw tooLarge(limits, "took too long to read (REPOSITORY_READ_TIMEOUT_MS)");
  };
  async function walk(dir: string, rel: string, depth: number): Promise<void> {
    check();
    const entries = [];
    try {
      // opendir streams entries, so one folder of a million files stops at the bound instead of loading them all.
      for await (const e of await opendir(dir)) {
        if (++seen > limits.maxFiles) throw tooLarge(limits, `has more than ${limits.maxFiles} files (REPOSITORY_MAX_FILES)`);
        entries.push(e);
      }
    } catch (err) {
      if (err instanceof Error && err.name === "DomainError") throw err;
      if (!rel) throw badInput(LOCAL_REFUSED, limits.field);
      return; // an unreadable sub-folder holds nothing we can sync
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name) && depth < MAX_TREE_DEPTH) await walk(abs, r, depth + 1);
      } else if (e.isFile()) {
        const size = (await lstat(abs)).size;
        bytes += size;
        if (bytes > limits.maxBytes) throw tooLarge(limits, `is larger than ${Math.round(limits.maxBytes / 1024 / 1024)} MiB (REPOSITORY_MAX_BYTES)`);
        out.push({ rel: r, abs, size });
      }
    }
  }
  await walk(root, "", 0);
  return out;
}

const dirOf = (rel: string) => (rel.includes("/") ? rel.slice(0, rel.lastIndexOf("/")) : "");
const isUnder = (rel: string, dir: string) => dir === "" || rel.startsWith(`${dir}/`);

function isText(buf: Buffer): string | null {
  if (buf.includes(0)) return null;
  const text = buf.toString("utf8");
  return text.includes("\uFFFD") ? null : text;
}

/** Reads every SKILL.md under a local folder (already checked against the policy). */
export async function readSkillTree(root: string, limits: WalkLimits): Promise<RepositoryReadResult> {
  const files = await listFiles(root, limits);
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
