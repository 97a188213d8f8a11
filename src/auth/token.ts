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

/** Verifies an `Authorization` header value. Throws UNAUTHENTICATED with a reason. */
export async function verifyAuthorization(secret: string, header: string | undefined | null): Promise<Principal> {
  if (!header) throw unauthenticated("Missing Authorization: Bearer <token>");
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw unauthenticated("Authorization must be 'Bearer <token>'");
  let payload;
  try {
    // Every token must expire: a leaked token without exp would be valid forever.
    ({ payload } = await jwtVerify(match[1], new TextEncoder().encode(secret), { algorithms: ["HS256"], requiredClaims: ["exp"] }));
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) throw unauthenticated("Token expired");
    throw unauthenticated("Invalid token");
  }
  const { sub, tid, scope } = payload as { sub?: unknown; tid?: unknown; scope?: unknown };
  if (typeof sub !== "string" || !sub) throw unauthenticated("Token has no sub claim");
  if (typeof tid !== "string" || !TENANT_ID.test(tid)) throw unauthenticated("Token has no valid tid claim");
  const scopes = (typeof scope === "string" ? scope.split(/\s+/) : []).filter((s): s is Scope =>
    (SCOPES as readonly string[]).includes(s),
  );
  return { subject: sub, tenantId: tid, scopes, agentId: sub.startsWith("agent:") ? sub.slice(6) : null };
}

