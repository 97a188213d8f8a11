// The GraphQL edge's one mapping of errors: DomainErrors (core/errors.ts) keep
// their code and status; everything else is masked as INTERNAL_SERVER_ERROR by
// formatError (details never leak).
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { DomainError } from "../core/errors.js";
import { isDatabaseTimeout } from "../db/timeouts.js";

export { DomainError, ErrorCode, badInput, conflict, forbidden, notFound, notGrantable } from "../core/errors.js";

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
 * The single place errors are shaped for clients: DomainErrors pass with their
 * code and status; GraphQL's own request errors (parse, validation, variable and
 * argument coercion, input validation) become BAD_USER_INPUT; anything else (a
 * Prisma error, a bug) is logged and answered as a bare INTERNAL_SERVER_ERROR,
 * so no stack trace or SQL reaches a client.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const domain = domainErrorOf(original);
  if (domain) {
    return { message: domain.message, locations: formatted.locations, path: formatted.path, extensions: domainExtensions(domain) };
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
  if (isDatabaseTimeout(original)) {
    return {
      message: "The database did not answer in time (a write it was part of was rolled back). Retry shortly.",
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: "TIMEOUT", status: 503, retryAfterSeconds: 1 },
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

/** The extensions a DomainError carries to a GraphQL client. */
export function domainExtensions(e: DomainError): Record<string, unknown> {
  const extra = Object.fromEntries(Object.entries(e.details).filter(([, v]) => v !== undefined));
  return { code: e.code, status: e.status, ...extra };
}

function domainErrorOf(e: unknown): DomainError | null {
  if (e instanceof DomainError) return e;
  if (e instanceof GraphQLError && e.originalError instanceof DomainError) return e.originalError;
  return null;
}

/** A DomainError raised outside a resolver (context, plugins), with its HTTP status for Apollo. */
export function toGraphQLError(e: DomainError): GraphQLError {
  return new GraphQLError(e.message, { originalError: e, extensions: { ...domainExtensions(e), http: { status: e.status } } });
}
