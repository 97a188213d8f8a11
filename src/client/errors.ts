// One error type for everything the SDK can fail with: the gateway's GraphQL
// errors keep their code, status and field; a gateway that cannot be reached or
// answers something that is not GraphQL gets a client-side code of its own.

/** The gateway's codes (README "Using the API"), Apollo's request codes, and the SDK's own two. */
export type SkillGatewayErrorCode =
  | "BAD_USER_INPUT"
  | "GRAPHQL_PARSE_FAILED"
  | "GRAPHQL_VALIDATION_FAILED"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "SKILL_NOT_GRANTABLE"
  | "LOCKED"
  | "RATE_LIMITED"
  | "QUERY_TOO_COMPLEX"
  | "INTERNAL_SERVER_ERROR"
  /** No answer: connection refused, DNS, TLS, timeout. */
  | "NETWORK_ERROR"
  /** An answer that is not a GraphQL response (a proxy's HTML page, say). */
  | "BAD_RESPONSE"
  /** The caller stopped waiting (an AbortSignal fired). */
  | "ABORTED"
  | (string & {});

export interface GraphQLErrorBody {
  message: string;
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

export class SkillGatewayError extends Error {
  override readonly name = "SkillGatewayError";
  constructor(
    message: string,
    readonly code: SkillGatewayErrorCode,
    /** The status the gateway gives the code (extensions.status), or the HTTP status; 0 without an answer. */
    readonly status: number,
    /** The input path at fault, e.g. "input.userId", when the gateway names one. */
    readonly field?: string,
    readonly retryAfterSeconds?: number,
    /** Every GraphQL error of the response (this error is built from the first). */
    readonly errors: readonly GraphQLErrorBody[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static fromGraphQL(errors: readonly GraphQLErrorBody[], httpStatus: number): SkillGatewayError {
    const first = errors[0];
    const ext = first.extensions ?? {};
    const code = typeof ext.code === "string" ? ext.code : "INTERNAL_SERVER_ERROR";
    const status = typeof ext.status === "number" ? ext.status : httpStatus;
    const field = typeof ext.field === "string" ? ext.field : undefined;
    const retry = typeof ext.retryAfterSeconds === "number" ? ext.retryAfterSeconds : undefined;
    return new SkillGatewayError(first.message, code, status, field, retry, errors);
  }

  toJSON() {
    return {
      message: this.message,
      code: this.code,
      status: this.status,
      ...(this.field !== undefined ? { field: this.field } : {}),
      ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
    };
  }
}
