// Who is calling: a person (or script) or an agent, in one tenant, with scopes.
// Edges build it from their credentials (a bearer token); background work uses
// a system principal. Nothing here knows how a principal was authenticated.
export const SCOPES = ["skills:read", "skills:write", "skill_entitlement:write", "directory:write", "admin"] as const;
export type Scope = (typeof SCOPES)[number];

export interface Principal {
  subject: string;
  tenantId: string;
  scopes: Scope[];
  /** Set when the subject is agent:<id>: an agent acts for itself only. */
  agentId: string | null;
}

export function hasScope(p: Principal, scope: Scope): boolean {
  return p.scopes.includes("admin") || p.scopes.includes(scope);
}

/** The principal of background work (sweeper, sync, seed): acts with every scope in one tenant. */
export function systemPrincipal(tenantId: string, subject = "system"): Principal {
  return { subject, tenantId, scopes: ["admin"], agentId: null };
}

/**
 * An agent principal acts for itself only: it reads the catalog's metadata,
 * loads the content of skills it holds, and requests what it lacks. It never
 * assigns, decides, or reads another agent's data, whatever scope its token
 * carries. Where data belongs to one agent, `agentId` is the filter: null for a
 * person (who sees every agent's), the agent's own id otherwise.
 */
export const AGENT_RULE = "An agent acts for itself only";
