// Subscriptions over graphql-ws (the gateway serves them on the same URL as
// HTTP): typed async iterators, and a watcher that follows publish jobs until
// each reaches a final state.
import type { DocumentTypeDecoration } from "@graphql-typed-document-node/core";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { SkillGatewayError, type GraphQLErrorBody } from "./errors.js";
import { PublishJobUpdatedDocument } from "./operations.js";
import type { PublishJobFieldsFragment } from "./gql/graphql.js";

export interface SubscriptionOptions {
  /** The HTTP endpoint (http → ws, https → wss) or a ws(s):// URL. */
  url: string;
  token: string;
  /** Called each time the socket is open and the gateway accepted the token. */
  onConnected?: () => void;
}

export const FINAL_JOB_STATUSES = ["SUCCEEDED", "FAILED", "CANCELLED"] as const;
export const isFinalJob = (job: { status: string }) => (FINAL_JOB_STATUSES as readonly string[]).includes(job.status);

/** http://host/graphql → ws://host/graphql. */
export function webSocketUrl(url: string): string {
  return url.replace(/^http(s?):\/\//i, "ws$1://");
}

/** One graphql-ws connection; each subscribe() is an async iterator of typed data. */
export class SubscriptionConnection {
  private readonly client: Client;

  constructor(opts: SubscriptionOptions) {
    this.client = createClient({
      url: webSocketUrl(opts.url),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${opts.token}` },
      // A script wants to hear at once that the gateway is gone or the token bad.
      retryAttempts: 0,
      lazy: true,
      on: opts.onConnected ? { connected: () => opts.onConnected!() } : undefined,
    });
  }

  async *subscribe<TResult, TVariables>(
    document: DocumentTypeDecoration<TResult, TVariables>,
    variables: TVariables,
  ): AsyncGenerator<TResult, void, undefined> {
    const iterator = this.client.iterate<TResult>({ query: String(document), variables: variables as Record<string, unknown> });
    try {
      for (;;) {
        let step: IteratorResult<{ data?: TResult | null; errors?: readonly GraphQLErrorBody[] }>;
        try {
          step = await iterator.next();
        } catch (e) {
          throw subscriptionError(e);
        }
        if (step.done) return;
        if (step.value.errors?.length) throw SkillGatewayError.fromGraphQL(step.value.errors, 200);
        if (step.value.data) yield step.value.data;
      }
    } finally {
      await iterator.return?.();
    }
  }

  close(): Promise<void> {
    return Promise.resolve(this.client.dispose());
  }
}

/** Opens a connection for one subscription; the connection closes when the iteration ends. */
export async function* subscribe<TResult, TVariables>(
  opts: SubscriptionOptions,
  document: DocumentTypeDecoration<TResult, TVariables>,
  variables: TVariables,
): AsyncGenerator<TResult, void, undefined> {
  const connection = new SubscriptionConnection(opts);
  try {
    yield* connection.subscribe(document, variables);
  } finally {
    await connection.close();
  }
}

export type PublishJobState = PublishJobFieldsFragment;

/**
 * Follows jobs (publishJobUpdated sends each job's current state first, so no
 * update is missed between a mutation and this call) until every one is final;
 * returns their final states in the order of jobIds.
 */
export async function watchPublishJobs(
  opts: SubscriptionOptions & { onUpdate?: (job: PublishJobState) => void; signal?: AbortSignal },
  jobIds: string[],
): Promise<PublishJobState[]> {
  const connection = new SubscriptionConnection(opts);
  const abort = () => void connection.close();
  opts.signal?.addEventListener("abort", abort, { once: true });
  try {
    return await Promise.all(
      jobIds.map(async (jobId) => {
        let last: PublishJobState | undefined;
        for await (const { publishJobUpdated: job } of connection.subscribe(PublishJobUpdatedDocument, { jobId })) {
          last = job;
          opts.onUpdate?.(job);
          if (isFinalJob(job)) return job;
        }
        if (opts.signal?.aborted) throw new SkillGatewayError(`stopped watching ${jobId}`, "ABORTED", 0);
        if (last && isFinalJob(last)) return last;
        throw new SkillGatewayError(`the subscription to ${jobId} ended before the job finished`, "NETWORK_ERROR", 0);
      }),
    );
  } finally {
    opts.signal?.removeEventListener("abort", abort);
    await connection.close();
  }
}

/** graphql-ws rejects with GraphQL errors (an array), a CloseEvent, or an Error. */
function subscriptionError(e: unknown): SkillGatewayError {
  if (e instanceof SkillGatewayError) return e;
  if (Array.isArray(e) && e.length) return SkillGatewayError.fromGraphQL(e as GraphQLErrorBody[], 200);
  const close = e as { code?: unknown; reason?: unknown };
  if (typeof close?.code === "number") {
    // The gateway closes with 4403 when connection_init carries a bad or missing token.
    if (close.code === 4403 || close.code === 4401) {
      return new SkillGatewayError(`the gateway refused the token (${String(close.reason || close.code)})`, "UNAUTHENTICATED", 401);
    }
    return new SkillGatewayError(`the socket closed (${close.code}${close.reason ? ` ${String(close.reason)}` : ""})`, "NETWORK_ERROR", 0);
  }
  const message = e instanceof Error ? e.message : String((e as { message?: unknown })?.message ?? e);
  return new SkillGatewayError(`subscription failed: ${message}`, "NETWORK_ERROR", 0, undefined, undefined, [], { cause: e });
}
