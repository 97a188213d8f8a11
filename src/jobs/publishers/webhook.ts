// WEBHOOK delivery: POSTs a batch of manifests as JSON, signed so the receiver
// can check origin and freshness:
//   X-Skill-Gateway-Timestamp: <unix seconds>
//   X-Skill-Gateway-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>
// A non-2xx answer or a timeout fails the attempt; the job retries with backoff.
import { createHmac } from "node:crypto";
import type { UserManifest } from "../manifest.js";
import type { PlatformTarget, Publisher } from "./publisher.js";

export const SIGNATURE_HEADER = "x-skill-gateway-signature";
export const TIMESTAMP_HEADER = "x-skill-gateway-timestamp";

export function signBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export class WebhookPublisher implements Publisher {
  constructor(private readonly timeoutMs = 10_000) {}

  async deliver(platform: PlatformTarget, manifests: UserManifest[]): Promise<void> {
    const body = JSON.stringify({ tenantId: platform.tenantId, platformId: platform.id, manifests });
    const timestamp = String(Math.floor(Date.now() / 1000));
    let response: Response;
    try {
      response = await fetch(platform.target, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signBody(platform.secret ?? "", timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: "error",
      });
    } catch (e) {
      const reason = e instanceof Error && e.name === "TimeoutError" ? `timed out after ${this.timeoutMs} ms` : "connection failed";
      throw new Error(`webhook ${new URL(platform.target).host}: ${reason}`);
    }
    await response.body?.cancel().catch(() => undefined);
    if (!response.ok) throw new Error(`webhook ${new URL(platform.target).host} answered HTTP ${response.status}`);
  }
}
