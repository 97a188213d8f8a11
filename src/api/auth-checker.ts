// Scope checks, declared once per operation with @Authorized("<scope>").
import type { AuthChecker } from "type-graphql";
import { hasScope, type Scope } from "../core/principal.js";
import { DomainError } from "../core/errors.js";
import type { Context } from "./context.js";

export const authChecker: AuthChecker<Context, Scope> = ({ context }, scopes) => {
  const missing = scopes.filter((s) => !hasScope(context.principal, s));
  if (missing.length === 0) return true;
  throw new DomainError("FORBIDDEN", `This operation needs the ${missing.join(", ")} scope`);
};
