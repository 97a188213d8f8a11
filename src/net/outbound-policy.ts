// Where the gateway may connect on a caller's behalf (git clones, webhooks): an
// allowlist of schemes and of hosts with ports, and, after DNS, only public
// addresses unless the operator allows private ones. Callers connect to the
// address this returns (pinned), so a name cannot resolve one way for the check
// and another way for the connection.
//
// Host entries: "example.com" (the scheme's default port), "example.com:8443",
// "example.com:*" (any port), "*.example.com" (any subdomain), "*" (any host).
// An entry that is an IP literal or "localhost" names a private address on
// purpose, so that address is allowed without allowPrivate.
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

export interface OutboundPolicy {
  /** Lower-case scheme names without ":" ("https", "ssh"). */
  schemes: string[];
  /** Host entries, lower-case. */
  hosts: string[];
  /** Allow loopback, private, link-local and other non-public addresses for every host. */
  allowPrivate: boolean;
}

export interface AllowedTarget {
  scheme: string;
  host: string;
  port: number;
  /** The address to connect to: checked, and the one the connection must use. */
  address: string;
  family: 4 | 6;
}

/** Why a target was refused; callers turn it into their own (generic) error. */
export class OutboundRefused extends Error {
  constructor(readonly reason: "scheme" | "host" | "address" | "dns") {
    super(`outbound target refused (${reason})`);
  }
}

export const DEFAULT_PORTS: Record<string, number> = { https: 443, http: 80, ssh: 22, git: 9418 };

const NON_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15],
  ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) NON_PUBLIC.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128], ["::1", 128], ["64:ff9b::", 96], ["64:ff9b:1::", 48], ["100::", 64], ["2001::", 23], ["2001:db8::", 32],
  ["2002::", 16], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8],
] as const) NON_PUBLIC.addSubnet(net, prefix, "ipv6");

/** True for loopback, private, link-local, CGNAT, documentation, multicast and reserved addresses. */
export function isNonPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return NON_PUBLIC.check(mapped[1]!, "ipv4");
  const family = isIP(address);
  if (family === 0) return true;
  return NON_PUBLIC.check(address, family === 4 ? "ipv4" : "ipv6");
}

const bare = (host: string) => host.replace(/^\[|\]$/g, "").toLowerCase();

/** The host entry that allows host:port, or null. */
function matchingEntry(policy: OutboundPolicy, scheme: string, host: string, port: number): string | null {
  for (const entry of policy.hosts) {
    if (entry === "*") return entry;
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+|\*))?$/.exec(entry);
    if (!m) continue;
    const entryHost = bare(m[1]!);
    const hostOk = entryHost.startsWith("*.") ? host.endsWith(entryHost.slice(1)) : host === entryHost;
    const portOk = m[2] === "*" || (m[2] ? Number(m[2]) === port : port === DEFAULT_PORTS[scheme]);
    if (hostOk && portOk) return entry;
  }
  return null;
}

/** Scheme, host and port against the lists; no DNS. Throws OutboundRefused. */
export function checkTarget(policy: OutboundPolicy, scheme: string, rawHost: string, port: number): string {
  if (!policy.schemes.includes(scheme)) throw new OutboundRefused("scheme");
  const host = bare(rawHost);
  const entry = matchingEntry(policy, scheme, host, port);
  if (!entry) throw new OutboundRefused("host");
  return entry;
}

/**
 * Checks the target, resolves its name and returns the one address to connect to.
 * Every resolved address must be public (unless allowed): a name with one private
 * address among public ones is refused, so round-robin answers cannot slip one in.
 */
export async function resolveTarget(policy: OutboundPolicy, scheme: string, rawHost: string, port: number): Promise<AllowedTarget> {
  const entry = checkTarget(policy, scheme, rawHost, port);
  const host = bare(rawHost);
  const named = entry !== "*" && !entry.startsWith("*.") && (isIP(bare(entry.replace(/:(\d+|\*)$/, ""))) !== 0 || host === "localhost");
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch {
      throw new OutboundRefused("dns");
    }
  }
  if (!addresses.length) throw new OutboundRefused("dns");
  if (!policy.allowPrivate && !named && addresses.some((a) => isNonPublicAddress(a.address))) {
    throw new OutboundRefused("address");
  }
  const chosen = addresses[0]!;
  return { scheme, host, port, address: chosen.address, family: chosen.family === 6 ? 6 : 4 };
}

/** Parses a comma-separated setting into lower-case entries. */
export function listSetting(value: string | undefined, fallback: string): string[] {
  return (value ?? fallback)
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}
