// WEBHOOK delivery: POSTs a batch of manifests as JSON, signed so the receiver
// can check origin and freshness:
//   X-Skill-Gateway-Timestamp: <unix seconds>
//   X-Skill-Gateway-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>
// A non-2xx answer or a timeout fails the attempt; the job retries with backoff.
//
// Each delivery checks the target again (scheme, host, port) and connects only to
// the address it resolved and checked, so a name that later resolves to a private
// address is refused. The error kept on the job says "delivery failed" and, only
// when the allowed host answered, its HTTP status: it never tells a refused port
// from a closed one or a timeout, so the job log is no port scanner.
import { createHmac } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { ManifestText } from "../manifest.js";
import type { PlatformTarget, Publisher } from "./publisher.js";
import { DEFAULT_PORTS, resolveTarget, type OutboundPolicy } from "../../net/outbound-policy.js";

export const SIGNATURE_HEADER = "x-skill-gateway-signature";
export const TIMESTAMP_HEADER = "x-skill-gateway-timestamp";

export function signBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

class DeliveryFailed extends Error {}

export class WebhookPublisher implements Publisher {
  constructor(
    private readonly policy: OutboundPolicy,
    private readonly timeoutMs = 10_000,
  ) {}

  async deliver(platform: PlatformTarget, manifests: ManifestText[]): Promise<void> {
    // JSON.stringify({ tenantId, platformId, manifests }) with the manifests already in text.
    const body = `{"tenantId":${JSON.stringify(platform.tenantId)},"platformId":${JSON.stringify(platform.id)},"manifests":[${manifests.map((m) => m.text).join(",")}]}`;
    const timestamp = String(Math.floor(Date.now() / 1000));
    let label = "target";
    let status: number;
    try {
      const url = new URL(platform.target);
      label = url.host;
      const scheme = url.protocol.slice(0, -1);
      const port = url.port ? Number(url.port) : (DEFAULT_PORTS[scheme] ?? 0);
      const target = await resolveTarget(this.policy, scheme, url.hostname, port);
      status = await post(url, target, body, {
        "content-type": "application/json",
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: signBody(platform.secret ?? "", timestamp, body),
      }, this.timeoutMs);
    } catch {
      throw new DeliveryFailed(`webhook ${label}: delivery failed`);
    }
    if (status < 200 || status > 299) throw new DeliveryFailed(`webhook ${label}: delivery failed (HTTP ${status})`);
  }
}

/** One POST to the checked address; redirects are not followed (a 3xx is a failed attempt). */
function post(url: URL, target: { address: string; family: 4 | 6 }, body: string, headers: Record<string, string>, timeoutMs: number): Promise<number> {
  // The name stays in the request (Host header, TLS SNI and certificate check); only the lookup is pinned.
  const lookup: LookupFunction = (_host, opts, cb) => {
    if ((opts as { all?: boolean }).all) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
    else cb(null, target.address, target.family);
  };
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: "POST", headers: { ...headers, "content-length": Buffer.byteLength(body) }, lookup, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    const timer = setTimeout(() => req.destroy(new Error("timeout")), timeoutMs);
    req.on("close", () => clearTimeout(timer));
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(body);
  });
}
