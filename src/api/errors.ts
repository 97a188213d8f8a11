// Error codes of the contract. Services throw GatewayError; everything else is
// masked as INTERNAL_SERVER_ERROR by formatError (details never leak).
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";

export const ErrorCode = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  SKILL_NOT_GRANTABLE: 422,
  LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL_SERVER_ERROR: 500,
} as const;
export type ErrorCode = keyof typeof ErrorCode;

export class GatewayError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: { field?: string; retryAfterSeconds?: number } = {}) {
    super(message, { extensions: { code, status: ErrorCode[code], ...extra } });
  }
}

export const badInput = (message: string, field?: string) => new GatewayError("BAD_USER_INPUT", message, { field });
export const notFound = (what: string, id: string, field?: string) =>
  new GatewayError("NOT_FOUND", `${what} "${id}" not found`, { field });
export const conflict = (message: string, field?: string) => new GatewayError("CONFLICT", message, { field });
export const forbidden = (message: string) => new GatewayError("FORBIDDEN", message);
export const notGrantable = (message: string, field?: string) =>
  new GatewayError("SKILL_NOT_GRANTABLE", message, { field });

/** Apollo's codes for requests that never reached a resolver. */
const graphqlValidationCodes = {
  GRAPHQL_PARSE_FAILED: 1,
  GRAPHQL_VALIDATION_FAILED: 1,
  BAD_USER_INPUT: 1,
  PERSISTED_QUERY_NOT_FOUND: 1,
  PERSISTED_QUERY_NOT_SUPPORTED: 1,
  OPERATION_RESOLUTION_FAILURE: 1,
  BAD_REQUEST: 1,
};

/**
 * The single place errors are shaped for clients: GatewayErrors pass with their
 * code and status; GraphQL's own request errors (parse, validation, variable and
 * argument coercion, input validation) become BAD_USER_INPUT; anything else (a
 * Prisma error, a bug) is logged and answered as a bare INTERNAL_SERVER_ERROR,
 * so no stack trace or SQL reaches a client.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof GatewayError) {
    const { http: _http, ...extensions } = original.extensions;
    return { ...formatted, extensions };
  }
  const code = formatted.extensions?.code as string | undefined;
  // Resolver failures always carry a path; errors without one come from parsing,
  // validating or coercing the request itself (variables included).
  const isRequestError =
    (code !== undefined && code in graphqlValidationCodes) ||
    (original instanceof GraphQLError && (!original.originalError || !formatted.path));
  if (isRequestError) {
    const field = validationField(original, formatted.message);
    return {
      message: formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: "BAD_USER_INPUT", status: 400, ...(field ? { field } : {}) },
    };
  }
  console.error("[gateway] internal error:", original);
  return {
    message: "Internal server error",
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: "INTERNAL_SERVER_ERROR", status: 500 },
  };
}

/** Variable coercion errors name the input path: `Variable "$input" got invalid value … at "input.name"`. */
function validationField(original: unknown, message: string): string | undefined {
  const v0 = (original as { extensions?: { validationErrors?: { property: string }[] } })?.extensions?.validationErrors;
  if (v0?.length) return v0[0].property;
  const at = /at "([^"]+)"/.exec(message);
  if (at) return at[1];
  const v = /Variable "\$(\w+)"/.exec(message);
  return v?.[1];
}
