// An Apollo plugin that tells the request log what the request was: its
// operation, its tenant and the codes of the errors it answered (after
// formatError, so the codes are the ones the client saw). It writes into the
// request's record (request-log.ts) and never into the response. A request whose
// context could not be built (no or bad token) is recorded by server.ts, which
// has the response at hand; Apollo gives the plugin neither.
import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type GraphQLFormattedError } from "graphql";
import { requestRecordOfContext } from "./request-log.js";

function codesOf(errors: readonly GraphQLFormattedError[] | undefined): string[] {
  return (errors ?? []).map((e) => String(e.extensions?.code ?? "INTERNAL_SERVER_ERROR"));
}

export function graphqlObserver<TContext extends { tenantId: string }>(): ApolloServerPlugin<TContext> {
  return {
    // One hook per request, not two: the operation is known by willSendResponse (Apollo runs
    // every listener of every request through its promise chain; this is the hot path).
    async requestDidStart({ contextValue, request }) {
      const record = requestRecordOfContext(contextValue);
      if (!record) return;
      record.tenantId = contextValue.tenantId;
      return {
        async willSendResponse({ response, document, operation, operationName }) {
          record.operationType = operation?.operation;
          record.operation = operationName ?? operation?.name?.value ?? request.operationName ?? undefined;
          // A request that failed validation never resolved its operation; its document still names it.
          if (!record.operation && document) {
            const op = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
            if (op?.kind === Kind.OPERATION_DEFINITION) record.operation = op.name?.value;
          }
          const body = response.body;
          const errors = body.kind === "single" ? body.singleResult.errors : body.initialResult.errors;
          record.codes.push(...codesOf(errors));
        },
      };
    },
  };
}
