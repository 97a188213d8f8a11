// Bearer tokens, including the cache of verified tokens (auth/token.ts): a cached
// token still expires at its exp, a token is cached per secret, and a token that
// fails verification is never remembered as good.
import { afterEach, describe, expect, it, vi } from "vitest";
import { SignJWT } from "jose";
import { signToken, verifyAuthorization } from "../../src/auth/token.js";

const SECRET = "unit-token-secret";
const claims = { sub: "user:ana@acme.test", tid: "acme", scopes: ["skills:read", "admin", "nonsense"] };

async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = (await p.then(() => null, (err: unknown) => err)) as { code?: string; message?: string } | null;
  return e ? `${e.code}: ${e.message}` : "accepted";
}

afterEach(() => vi.useRealTimers());

describe("verifyAuthorization", () => {
  it("reads sub, tid and the known scopes, and answers the same principal from the cache", async () => {
    const token = await signToken(SECRET, claims, "1h");
    const first = await verifyAuthorization(SECRET, `Bearer ${token}`);
    expect(first).toEqual({ subject: claims.sub, tenantId: "acme", scopes: ["skills:read", "admin"], agentId: null });
    const again = await verifyAuthorization(SECRET, `bearer  ${token}`);
    expect(again).toBe(first);
    expect(Object.isFrozen(again)).toBe(true);
  });

  it("refuses a cached token once its exp has passed", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-06-01T10:00:00Z"));
    const token = await signToken(SECRET, claims, "60s");
    expect(await codeOf(verifyAuthorization(SECRET, `Bearer ${token}`))).toBe("accepted");
    vi.setSystemTime(new Date("2026-06-01T10:00:59Z"));
    expect(await codeOf(verifyAuthorization(SECRET, `Bearer ${token}`))).toBe("accepted");
    vi.setSystemTime(new Date("2026-06-01T10:01:00Z"));
    expect(await codeOf(verifyAuthorization(SECRET, `Bearer ${token}`))).toBe("UNAUTHENTICATED: Token expired");
    // And stays refused (the entry is gone, jose refuses it too).
    expect(await codeOf(verifyAuthorization(SECRET, `Bearer ${token}`))).toBe("UNAUTHENTICATED: Token expired");
  });

  it("refuses a cached token before its nbf", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-06-01T10:00:00Z"));
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ tid: "acme", scope: "read" })
      .setProtectedHeader({ alg: "HS256" }).setSubject("user:b@acme.test").setNotBefore(now).setExpirationTime(now + 3600)
      .sign(new TextEncoder().encode(SECRET));
    expect(await codeOf(verifyAuthorization(SECRET, `Bearer ${token}`))).toBe("accepted");
    vi.setSystemTime(new Date("2026-06-01T09:59:00Z"));
    expect(await codeOf(verifyAuthorization(SECRET, `Bearer ${token}`))).toBe("UNAUTHENTICATED: Invalid token");
  });

  it("caches per secret: a token good under one secret is not good under another", async () => {
    const token = await signToken(SECRET, claims, "1h");
    expect(await codeOf(verifyAuthorization(SECRET, `Bearer ${token}`))).toBe("accepted");
    expect(await codeOf(verifyAuthorization("another-secret", `Bearer ${token}`))).toBe("UNAUTHENTICATED: Invalid token");
  });

  it("never remembers a forged or malformed token", async () => {
    const token = await signToken(SECRET, claims, "1h");
    const [h, p] = token.split(".");
    const forged = `${h}.${p}.${"A".repeat(43)}`;
    for (let i = 0; i < 2; i++) expect(await codeOf(verifyAuthorization(SECRET, `Bearer ${forged}`))).toBe("UNAUTHENTICATED: Invalid token");
    const noExp = await new SignJWT({ tid: "acme" }).setProtectedHeader({ alg: "HS256" }).setSubject("user:c@acme.test")
      .sign(new TextEncoder().encode(SECRET));
    expect(await codeOf(verifyAuthorization(SECRET, `Bearer ${noExp}`))).toBe("UNAUTHENTICATED: Invalid token");
    const noTenant = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("user:c@acme.test").setExpirationTime("1h")
      .sign(new TextEncoder().encode(SECRET));
    for (let i = 0; i < 2; i++) expect(await codeOf(verifyAuthorization(SECRET, `Bearer ${noTenant}`))).toBe("UNAUTHENTICATED: Token has no valid tid claim");
    expect(await codeOf(verifyAuthorization(SECRET, "Basic abc"))).toBe("UNAUTHENTICATED: Authorization must be 'Bearer <token>'");
  });
});
