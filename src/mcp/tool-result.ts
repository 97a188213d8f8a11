// How every MCP tool answers: the result as structuredContent and as one JSON
// text item (clients that predate structured content read the text), and a
// failure as a tool error whose text is { error: { code, message, field, hint } }.
// DomainErrors carry their code; anything else is masked and logged, exactly
// as the GraphQL edge masks an internal error.
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { DomainError, forbidden } from "../core/errors.js";
import { hasScope, type Principal, type Scope } from "../core/principal.js";
import { log } from "../ops/log.js";

export function ok(value: Record<string, unknown>): CallToolResult {
  return { structuredContent: value, content: [{ type: "text", text: JSON.stringify(value) }] };
}

export function fail(code: string, message: string, extra: { field?: string; hint?: string } = {}): CallToolResult {
  const error = { code, message, ...(extra.field ? { field: extra.field } : {}), ...(extra.hint ? { hint: extra.hint } : {}) };
  return { isError: true, content: [{ type: "text", text: JSON.stringify({ error }) }] };
}

/**
 * The check of the GraphQL operation a tool mirrors (its @Authorized(scope, AGENT) in
 * api/auth-checker.ts): a person needs the scope; an agent, for the operations it may
 * call for itself, needs a read or write scope.
 */
export function requireScope(principal: Principal, scope: Scope, operation: string): void {
  if (principal.agentId !== null) {
    if (hasScope(principal, "skills:read") || hasScope(principal, "skills:write")) return;
    throw forbidden(`${operation} needs the skills:read scope`);
  }
  if (!hasScope(principal, scope)) throw forbidden(`${operation} needs the ${scope} scope`);
}

export async function run(
  work: () => Promise<CallToolResult>,
  hintFor: (e: DomainError) => string | undefined = () => undefined,
): Promise<CallToolResult> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof DomainError) return fail(e.code, e.message, { field: e.field, hint: hintFor(e) });
    log.error({ err: e }, "mcp: tool failed");
    return fail("INTERNAL_SERVER_ERROR", "Internal server error");
  }
}
