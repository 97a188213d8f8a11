// Scope checks, declared once per operation with @Authorized("<scope>").
import type { AuthChecker } from "type-graphql";
import { AGENT_RULE, hasScope, type Scope } from "../core/principal.js";
import { DomainError } from "../core/errors.js";
import type { Context } from "./context.js";

/**
 * Marks an operation an agent principal may call (for itself). Every other
 * operation or field guarded by @Authorized is FORBIDDEN to agents, whatever
 * scope their token carries (core/principal.ts AGENT_RULE); an agent needs a
 * read or write scope for the ones it may call.
 */
export const AGENT = "agent" as const;
export type Role = Scope | typeof AGENT;

export const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  const p = context.principal;
  if (p.agentId !== null) {
    if (!roles.includes(AGENT)) throw new DomainError("FORBIDDEN", `${AGENT_RULE}: agents cannot use this operation or field`);
    if (hasScope(p, "skills:read") || hasScope(p, "skills:write")) return true;
    throw new DomainError("FORBIDDEN", "This operation needs the skills:read scope");
  }
  const missing = roles.filter((s): s is Scope => s !== AGENT && !hasScope(p, s));
  if (missing.length === 0) return true;
  throw new DomainError("FORBIDDEN", `This operation needs the ${missing.join(", ")} scope`);
};
