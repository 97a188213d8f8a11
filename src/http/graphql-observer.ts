// An Apollo plugin that tells the request log what the request was: its
// operation, its tenant and the codes of the errors it answered (after
// formatError, so the codes are the ones the client saw). It writes into the
// request's record (request-log.ts) and never into the response.
import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type GraphQLFormattedError } from "graphql";
import { currentRequest } from "./request-log.js";

function codesOf(errors: readonly GraphQLFormattedError[] | undefined): string[] {
  return (errors ?? []).map((e) => String(e.extensions?.code ?? "INTERNAL_SERVER_ERROR"));
}

export function graphqlObserver<TContext extends { tenantId: string }>(): ApolloServerPlugin<TContext> {
  return {
    async contextCreationDidFail({ error }) {
      const record = currentRequest();
      const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
      if (record) record.codes.push(typeof code === "string" ? code : "INTERNAL_SERVER_ERROR");
    },
    async requestDidStart({ contextValue, request }) {
      const record = currentRequest();
      if (!record) return;
      record.tenantId = contextValue.tenantId;
      if (request.operationName) record.operation = request.operationName;
      return {
        async didResolveOperation({ operation, operationName }) {
          record.operationType = operation?.operation;
          record.operation = operationName ?? operation?.name?.value ?? record.operation;
        },
        async willSendResponse({ response, document }) {
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
