// The GraphQL edge's one mapping of errors: DomainErrors (core/errors.ts) keep
// their code and status; everything else is masked as INTERNAL_SERVER_ERROR by
// formatError (details never leak).
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { DomainError } from "../core/errors.js";
import { log } from "../ops/log.js";
import { isDatabaseTimeout } from "../db/timeouts.js";

export { DomainError, ErrorCode, badInput, conflict, forbidden, notFound, notGrantable } from "../core/errors.js";

/**
 * Apollo's standard codes for requests that never reached a resolver keep their
 * names (clients and tooling branch on them), with the HTTP status Apollo sends:
 * a persisted query miss is 200 so that clients retry with the full query.
 */
const APOLLO_REQUEST_CODES: Record<string, number> = {
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  PERSISTED_QUERY_NOT_FOUND: 200,
  PERSISTED_QUERY_NOT_SUPPORTED: 200,
  OPERATION_RESOLUTION_FAILURE: 400,
  BAD_REQUEST: 400,
};

/**
 * The single place errors are shaped for clients: DomainErrors pass with their
 * code and status; Apollo's request codes (parse, validation, persisted queries)
 * keep their names; variable and argument coercion and input validation are
 * BAD_USER_INPUT with the field at fault; anything else (a Prisma error, a bug)
 * is logged and answered as a bare INTERNAL_SERVER_ERROR, so no stack trace or
 * SQL reaches a client.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const domain = domainErrorOf(original);
  if (domain) {
    return { message: domain.message, locations: formatted.locations, path: formatted.path, extensions: domainExtensions(domain) };
  }
  const code = formatted.extensions?.code as string | undefined;
  if (code !== undefined && code in APOLLO_REQUEST_CODES) {
    return { message: formatted.message, locations: formatted.locations, extensions: { code, status: APOLLO_REQUEST_CODES[code] } };
  }
  // Resolver failures always carry a path; errors without one come from parsing,
  // validating or coercing the request itself (variables included).
  const isRequestError =
    code === "BAD_USER_INPUT" || (original instanceof GraphQLError && (!original.originalError || !formatted.path));
  if (isRequestError) {
    // graphql-ws runs graphql-js directly, whose request errors carry no code: name them as Apollo does.
    const inferred = code === undefined && !formatted.path ? requestCodeOf(formatted.message) : "BAD_USER_INPUT";
    if (inferred !== "BAD_USER_INPUT") {
      return { message: formatted.message, locations: formatted.locations, extensions: { code: inferred, status: 400 } };
    }
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
  log.error({ err: original }, "internal error");
  return {
    message: "Internal server error",
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: "INTERNAL_SERVER_ERROR", status: 500 },
  };
}

function requestCodeOf(message: string): string {
  if (message.startsWith("Syntax Error")) return "GRAPHQL_PARSE_FAILED";
  if (/^Variable "\$/.test(message)) return "BAD_USER_INPUT";
  return "GRAPHQL_VALIDATION_FAILED";
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
