// The Idempotency-Key table: a claim is a row inserted before the request runs
// (the primary key makes one of two concurrent claims fail), completed with the
// answer, or released when the request failed on the server's side so a retry
// runs again. Rows live 24 hours; a PENDING row whose request died is taken over
// once its lease passes.
import type { Db } from "../db/client.js";
import { log } from "../ops/log.js";

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export interface StoredAnswer {
  status: number;
  contentType: string;
  body: string;
}

export type Claim =
  | { kind: "claimed" }
  | { kind: "replay"; answer: StoredAnswer }
  | { kind: "other-request" }
  | { kind: "in-progress" };

export interface KeyRef {
  tenantId: string;
  principal: string;
  key: string;
}

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "P2002";

export class IdempotencyStore {
  private lastSweep = 0;

  constructor(
    private readonly prisma: Db,
    /** How long a PENDING claim holds before another request may take it over. */
    private readonly leaseMs: number,
  ) {}

  async claim(ref: KeyRef, requestHash: string, now = new Date()): Promise<Claim> {
    this.sweep(now);
    const id = { tenantId_principal_key: ref };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.prisma.idempotencyKey.create({
          data: { ...ref, requestHash, state: "PENDING", createdAt: now, expiresAt: new Date(now.getTime() + this.leaseMs) },
        });
        return { kind: "claimed" };
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
      }
      const row = await this.prisma.idempotencyKey.findUnique({ where: id });
      if (!row) continue; // released in between: claim again
      if (row.expiresAt <= now) {
        // An expired answer, or the lease of a request that died: take it over, unless someone else just did.
        const taken = await this.prisma.idempotencyKey.updateMany({
          where: { ...ref, state: row.state, expiresAt: row.expiresAt },
          data: { requestHash, state: "PENDING", responseStatus: null, responseBody: null, createdAt: now, expiresAt: new Date(now.getTime() + this.leaseMs) },
        });
        if (taken.count === 1) return { kind: "claimed" };
        continue;
      }
      if (row.requestHash !== requestHash) return { kind: "other-request" };
      if (row.state !== "DONE" || row.responseBody === null) return { kind: "in-progress" };
      const stored = JSON.parse(row.responseBody) as { contentType: string; body: string };
      return { kind: "replay", answer: { status: row.responseStatus ?? 200, ...stored } };
    }
    return { kind: "in-progress" };
  }

  async complete(ref: KeyRef, answer: StoredAnswer, now = new Date()): Promise<void> {
    const row = await this.prisma.idempotencyKey.findUnique({ where: { tenantId_principal_key: ref }, select: { createdAt: true } });
    await this.prisma.idempotencyKey.updateMany({
      where: { ...ref, state: "PENDING" },
      data: {
        state: "DONE",
        responseStatus: answer.status,
        responseBody: JSON.stringify({ contentType: answer.contentType, body: answer.body }),
        expiresAt: new Date((row?.createdAt ?? now).getTime() + IDEMPOTENCY_TTL_MS),
      },
    });
  }

  async release(ref: KeyRef): Promise<void> {
    await this.prisma.idempotencyKey.deleteMany({ where: { ...ref, state: "PENDING" } });
  }

  /** Expired answers go, at most once a minute per process, off the request's path. */
  private sweep(now: Date): void {
    if (now.getTime() - this.lastSweep < 60_000) return;
    this.lastSweep = now.getTime();
    this.prisma.idempotencyKey
      .deleteMany({ where: { state: "DONE", expiresAt: { lt: now } } })
      .catch((e: unknown) => log.error({ err: e }, "idempotency sweep failed"));
  }
}
