// Which repository locations a tenant may use. Local folders only under an
// operator-configured root, inside that tenant's own folder (<root>/<tenantId>/…),
// checked on the real path (symbolic links resolved). Git URLs only with an
// allowed scheme, host and port, and (at clone time) only to public addresses
// unless allowed. Every refusal is one generic message per kind, so the answer
// never tells whether a path exists, is another tenant's or is unreadable.
import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import { badInput } from "../core/errors.js";
import type { RepositoryOptions } from "../config.js";
import { checkTarget, DEFAULT_PORTS, OutboundRefused, resolveTarget, type AllowedTarget } from "../net/outbound-policy.js";

export const LOCAL_REFUSED = "location is not a repository folder this gateway may read";
export const GIT_REFUSED = "location is not a git URL this gateway may clone (see GIT_ALLOWED_SCHEMES and GIT_ALLOWED_HOSTS)";

const TENANT_FOLDER = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/;
// scp-like syntax: [user@]host:path (git@github.com:org/repo.git)
const SCP_LIKE = /^(?:([A-Za-z0-9._-]+)@)?([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(?!\/\/)(\S+)$/;

export interface LocationPolicy {
  tenantId: string;
  repositories: RepositoryOptions;
}

/** A network git source, parsed. */
export interface GitRemote {
  scheme: string;
  host: string;
  port: number;
  /** scp-like locations keep their form (their path is relative to the login's home). */
  scp: { user: string | null; path: string } | null;
  url: URL | null;
}

/** The real path of a local folder inside the tenant's folder under a root; else the generic refusal. */
export async function allowedLocalPath(location: string, policy: LocationPolicy, field: string, want: "folder" | "any" = "folder"): Promise<string> {
  const refused = () => badInput(LOCAL_REFUSED, field);
  const { tenantId, repositories } = policy;
  if (!repositories.roots.length || !TENANT_FOLDER.test(tenantId) || /^\.+$/.test(tenantId)) throw refused();
  let real: string;
  try {
    real = await realpath(location);
    if (want === "folder" && !(await stat(real)).isDirectory()) throw refused();
  } catch {
    throw refused();
  }
  for (const root of repositories.roots) {
    let tenantRoot: string;
    try {
      tenantRoot = await realpath(path.join(root, tenantId));
    } catch {
      continue;
    }
    if (real === tenantRoot || real.startsWith(tenantRoot + path.sep)) return real;
  }
  throw refused();
}

/** file:// clones (and absolute *.git paths) only when the operator allows the file scheme. */
export function requireFileScheme(policy: LocationPolicy, field: string): void {
  if (!policy.repositories.git.schemes.includes("file")) throw badInput(GIT_REFUSED, field);
}

/** Parses a network git location and checks scheme, host and port (no DNS). */
export function gitRemote(location: string, policy: LocationPolicy, field: string): GitRemote {
  const refused = () => badInput(GIT_REFUSED, field);
  let remote: GitRemote;
  const scp = SCP_LIKE.exec(location);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    let url: URL;
    try {
      url = new URL(location);
    } catch {
      throw refused();
    }
    const scheme = url.protocol.slice(0, -1).toLowerCase();
    const port = url.port ? Number(url.port) : DEFAULT_PORTS[scheme];
    if (!port || !url.hostname) throw refused();
    remote = { scheme, host: url.hostname, port, scp: null, url };
  } else if (scp) {
    remote = { scheme: "ssh", host: scp[2]!, port: DEFAULT_PORTS.ssh!, scp: { user: scp[1] ?? null, path: scp[3]! }, url: null };
  } else {
    throw refused();
  }
  try {
    checkTarget(policy.repositories.git, remote.scheme, remote.host, remote.port);
  } catch (e) {
    if (e instanceof OutboundRefused) throw refused();
    throw e;
  }
  return remote;
}

/** Resolves the remote's host and checks every address; the clone must use the returned one. */
export async function resolveRemote(remote: GitRemote, policy: LocationPolicy, field: string): Promise<AllowedTarget> {
  try {
    return await resolveTarget(policy.repositories.git, remote.scheme, remote.host, remote.port);
  } catch (e) {
    if (e instanceof OutboundRefused) throw badInput(GIT_REFUSED, field);
    throw e;
  }
}
