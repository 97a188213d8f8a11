// The domain's error codes: a code table with no GraphQL in it. Services, the
// catalog, the worker and every edge throw DomainError; each edge maps it to its
// own shape in one place (GraphQL: api/errors.ts formatError; SCIM and MCP: their
// own error bodies). Anything that is not a DomainError is a bug or an outage and
// is masked by the edge as an internal error.
export const ErrorCode = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  SKILL_NOT_GRANTABLE: 422,
  LOCKED: 423,
  RATE_LIMITED: 429,
  /** A statement ran past its time limit (rolled back), or the whole request did (it may still finish: retry with the same Idempotency-Key). */
  TIMEOUT: 503,
  QUERY_TOO_COMPLEX: 400,
  INTERNAL_SERVER_ERROR: 500,
} as const;
export type ErrorCode = keyof typeof ErrorCode;

export interface ErrorDetails {
  /** The input path at fault, e.g. "input.skillIds". */
  field?: string;
  retryAfterSeconds?: number;
  /** Extra machine-readable facts (a cost and its limit, say). */
  [key: string]: unknown;
}

export class DomainError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = "DomainError";
    this.status = ErrorCode[code];
  }
  get field(): string | undefined {
    return this.details.field;
  }
}

export const badInput = (message: string, field?: string) => new DomainError("BAD_USER_INPUT", message, { field });
export const notFound = (what: string, id: string, field?: string) =>
  new DomainError("NOT_FOUND", `${what} "${id}" not found`, { field });
export const conflict = (message: string, field?: string) => new DomainError("CONFLICT", message, { field });
export const forbidden = (message: string) => new DomainError("FORBIDDEN", message);
export const unauthenticated = (message: string) => new DomainError("UNAUTHENTICATED", message);
export const notGrantable = (message: string, field?: string) =>
  new DomainError("SKILL_NOT_GRANTABLE", message, { field });
export const locked = (message: string, retryAfterSeconds?: number) =>
  new DomainError("LOCKED", message, { retryAfterSeconds });
