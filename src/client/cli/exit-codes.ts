// Exit codes scripts can branch on (README "skill-gateway CLI"). Every gateway
// error code maps to exactly one of them.
import type { SkillGatewayErrorCode } from "../errors.js";

export const EXIT = {
  OK: 0,
  /** A bug in the CLI itself: anything not covered below. */
  UNEXPECTED: 1,
  /** Bad arguments or flags, or the gateway rejected the input (BAD_USER_INPUT, GraphQL parse/validation). */
  USAGE: 2,
  /** No token, a bad or expired token (UNAUTHENTICATED), or a token without the scope (FORBIDDEN). */
  AUTH: 3,
  /** An id that does not exist in the tenant (NOT_FOUND). */
  NOT_FOUND: 4,
  /** The state forbids it now: CONFLICT, LOCKED, SKILL_NOT_GRANTABLE, RATE_LIMITED. */
  CONFLICT: 5,
  /** The gateway is unreachable, answered something that is not GraphQL, or failed (INTERNAL_SERVER_ERROR). */
  SERVER: 6,
  /** A watched publish job ended FAILED or CANCELLED, or did not finish within --timeout. */
  JOB_FAILED: 7,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const byCode: Record<string, ExitCode> = {
  BAD_USER_INPUT: EXIT.USAGE,
  GRAPHQL_PARSE_FAILED: EXIT.USAGE,
  GRAPHQL_VALIDATION_FAILED: EXIT.USAGE,
  QUERY_TOO_COMPLEX: EXIT.USAGE,
  UNAUTHENTICATED: EXIT.AUTH,
  FORBIDDEN: EXIT.AUTH,
  NOT_FOUND: EXIT.NOT_FOUND,
  CONFLICT: EXIT.CONFLICT,
  LOCKED: EXIT.CONFLICT,
  SKILL_NOT_GRANTABLE: EXIT.CONFLICT,
  RATE_LIMITED: EXIT.CONFLICT,
  INTERNAL_SERVER_ERROR: EXIT.SERVER,
  NETWORK_ERROR: EXIT.SERVER,
  BAD_RESPONSE: EXIT.SERVER,
  ABORTED: EXIT.JOB_FAILED,
};

export function exitCodeFor(code: SkillGatewayErrorCode): ExitCode {
  // An unknown code from a newer gateway: judge it by its family, not as a CLI bug.
  return byCode[code] ?? EXIT.SERVER;
}
