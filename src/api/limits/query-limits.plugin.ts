// The HTTP side of the query limits: an Apollo plugin that runs the check once
// the operation is known (after parsing with maxTokens and validation, before any
// resolver), answers a refusal with its status (400, 403, 429 with Retry-After),
// and adds what the request cost to every response as `extensions.cost`.
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { ApolloServerPlugin } from "@apollo/server";
import { DomainError } from "../../core/errors.js";
import { domainExtensions } from "../errors.js";
import type { Context } from "../context.js";
import { stripSuggestions, TOKEN_LIMIT_MESSAGE, tooManyTokens, type QueryLimits, type RateLimitInfo } from "./query-limits.js";

function httpError(e: DomainError): GraphQLError {
  const headers = new Map<string, string>();
  if (e.details.retryAfterSeconds !== undefined) headers.set("retry-after", String(e.details.retryAfterSeconds));
  return new GraphQLError(e.message, {
    originalError: e,
    extensions: { ...domainExtensions(e), http: { status: e.status, headers } },
  });
}

export function costExtension(info: RateLimitInfo): Record<string, unknown> {
  return { ...info, resetAt: info.resetAt.toISOString() };
}

export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let info: RateLimitInfo | undefined;
      return {
        async didResolveOperation(rc) {
          if (!rc.operation) return;
          try {
            info = await limits.check({
              schema: rc.schema,
              document: rc.document,
              operation: rc.operation,
              variables: rc.request.variables,
              principal: rc.contextValue.principal,
              context: rc.contextValue,
            });
          } catch (e) {
            throw e instanceof DomainError ? httpError(e) : e;
          }
        },
        async willSendResponse(rc) {
          if (rc.response.body.kind !== "single") return;
          const result = rc.response.body.singleResult;
          if (result.errors) {
            const raw = rc.errors ?? [];
            result.errors = result.errors.map((f, i): GraphQLFormattedError => {
              // Apollo's parser stopped at maxTokens: answer it as the limit it is.
              if (TOKEN_LIMIT_MESSAGE.test(raw[i]?.message ?? f.message)) {
                const e = tooManyTokens(limits.config.maxTokens);
                return { message: e.message, extensions: domainExtensions(e) };
              }
              return limits.config.suggestions ? f : { ...f, message: stripSuggestions(f.message) };
            });
          }
          if (info) result.extensions = { ...result.extensions, cost: costExtension(info) };
        },
      };
    },
  };
}
