// Bearer tokens: HS256 JWTs with claims sub (caller), tid (tenant id) and scope
// (space-separated scopes of the contract).
import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import { unauthenticated } from "../core/errors.js";
import { SCOPES, type Principal, type Scope } from "../core/principal.js";
export { SCOPES, hasScope, type Principal, type Scope } from "../core/principal.js";

const TENANT_ID = /^[a-z0-9][a-z0-9._:@+-]{0,127}$/;

export async function signToken(
  secret: string,
  claims: { sub: string; tid: string; scopes: string[] },
  expiresIn: string | number = "30d",
): Promise<string> {
  return new SignJWT({ tid: claims.tid, scope: claims.scopes.join(" ") })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

/**
 * Tokens already verified, by their exact text: a client sends the same token on
 * every request, and checking its HMAC again (with WebCrypto's key import) was a
 * tenth of the CPU of a small request. The signature of a given text under a given
 * secret cannot change, so the cache is exact; the time claims are checked on every
 * use, so an entry never outlives its token. Bounded: the oldest entry leaves first.
 */
interface Verified { principal: Principal; exp: number; nbf: number }
const VERIFIED_MAX = 10_000;
const verified = new Map<string, Map<string, Verified>>();
const keys = new Map<string, Uint8Array>();

function remember(secret: string, token: string, entry: Verified): void {
  let bySecret = verified.get(secret);
  if (!bySecret) verified.set(secret, (bySecret = new Map()));
  if (bySecret.size >= VERIFIED_MAX) bySecret.delete(bySecret.keys().next().value!);
  bySecret.set(token, entry);
}

/** Verifies an `Authorization` header value. Throws UNAUTHENTICATED with a reason. */
export async function verifyAuthorization(secret: string, header: string | undefined | null): Promise<Principal> {
  if (!header) throw unauthenticated("Missing Authorization: Bearer <token>");
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw unauthenticated("Authorization must be 'Bearer <token>'");
  const token = match[1];
  const now = Date.now() / 1000;
  const known = verified.get(secret)?.get(token);
  if (known) {
    // jose's own rule (no clock tolerance): expired once now >= exp; not yet valid while now < nbf.
    if (now >= known.exp) {
      verified.get(secret)!.delete(token);
      throw unauthenticated("Token expired");
    }
    if (now < known.nbf) throw unauthenticated("Invalid token");
    return known.principal;
  }
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = new TextEncoder().encode(secret)));
  let payload;
  try {
    // Every token must expire: a leaked token without exp would be valid forever.
    ({ payload } = await jwtVerify(token, key, { algorithms: ["HS256"], requiredClaims: ["exp"] }));
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) throw unauthenticated("Token expired");
    throw unauthenticated("Invalid token");
  }
  const principal = principalOf(payload);
  remember(secret, token, { principal, exp: payload.exp!, nbf: typeof payload.nbf === "number" ? payload.nbf : 0 });
  return principal;
}

function principalOf(payload: Record<string, unknown>): Principal {
  const { sub, tid, scope } = payload as { sub?: unknown; tid?: unknown; scope?: unknown };
  if (typeof sub !== "string" || !sub) throw unauthenticated("Token has no sub claim");
  if (typeof tid !== "string" || !TENANT_ID.test(tid)) throw unauthenticated("Token has no valid tid claim");
  const scopes = (typeof scope === "string" ? scope.split(/\s+/) : []).filter((s): s is Scope =>
    (SCOPES as readonly string[]).includes(s),
  );
  // Frozen: the same object is handed to every request that sends this token.
  return Object.freeze({ subject: sub, tenantId: tid, scopes: Object.freeze(scopes) as Scope[], agentId: sub.startsWith("agent:") ? sub.slice(6) : null });
}

