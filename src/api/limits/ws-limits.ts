// The graphql-ws side of the limits. Each operation on a socket passes the same
// check as over HTTP (tokens, depth, aliases, nodes, introspection, budget); a
// socket runs at most `subscriptionsPerConnection` operations at once and a
// tenant at most `subscriptionsPerTenant` in this process; a socket whose token
// expires is closed with 4403 at the token's exp; a subscriber too slow to take
// its messages is closed with 4008 (the stream's bounded queue tells it) instead
// of being buffered for ever.
import {
  GraphQLError,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
} from "graphql";
import type { Context as WsContext, SubscribePayload } from "graphql-ws";
import { decodeJwt } from "jose";
import type { WebSocket } from "ws";
import { DomainError, unauthenticated } from "../../core/errors.js";
import type { Principal } from "../../core/principal.js";
import { toGraphQLError } from "../errors.js";
import type { Context } from "../context.js";
import { stripSuggestions, TOKEN_LIMIT_MESSAGE, tooManyTokens, type QueryLimits } from "./query-limits.js";

/** Close codes: 4403 as graphql-ws's Forbidden; 4008 after WebSocket's 1008 (policy violation). */
export const CLOSE_TOKEN_EXPIRED = 4403;
export const CLOSE_SLOW_CONSUMER = 4008;

interface SocketState {
  /** Operation ids admitted and not yet completed. */
  admitted: Set<string>;
  tenantId: string;
  expiresAt: number | null;
  expiry?: { current: NodeJS.Timeout | undefined };
}

type Extra = { socket: WebSocket; principal?: Principal };
type Ctx = WsContext<Record<string, unknown> | undefined, Extra>;

/** setTimeout holds at most 2^31-1 ms (about 24.8 days); tokens may live longer. */
function setLongTimeout(fn: () => void, ms: number): { current: NodeJS.Timeout | undefined } {
  const handle: { current: NodeJS.Timeout | undefined } = { current: undefined };
  const step = (left: number) => {
    const now = Math.min(left, 2 ** 31 - 1);
    handle.current = setTimeout(() => (left > now ? step(left - now) : fn()), now);
    handle.current.unref();
  };
  step(Math.max(0, ms));
  return handle;
}

/** The exp claim (epoch ms) of an already verified `Bearer` header. */
export function tokenExpiry(header: string | undefined): number | null {
  const token = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? "")?.[1];
  if (!token) return null;
  const exp = decodeJwt(token).exp;
  return typeof exp === "number" ? exp * 1000 : null;
}

export function wsLimits(schema: GraphQLSchema, limits: QueryLimits) {
  const states = new WeakMap<object, SocketState>();
  const perTenant = new Map<string, number>();
  const cfg = limits.config;

  const release = (state: SocketState, id: string) => {
    if (!state.admitted.delete(id)) return;
    const n = (perTenant.get(state.tenantId) ?? 1) - 1;
    if (n <= 0) perTenant.delete(state.tenantId);
    else perTenant.set(state.tenantId, n);
  };
  const refuse = (e: DomainError) => [toGraphQLError(e)];

  return {
    /** After the token is verified: remember the socket's tenant and close it when the token expires. */
    connected(ctx: Ctx, principal: Principal, header: string | undefined): void {
      const expiresAt = tokenExpiry(header);
      const state: SocketState = { admitted: new Set(), tenantId: principal.tenantId, expiresAt };
      if (expiresAt !== null) {
        state.expiry = setLongTimeout(() => ctx.extra.socket.close(CLOSE_TOKEN_EXPIRED, "Token expired"), expiresAt - Date.now());
      }
      states.set(ctx, state);
    },

    /** Parses with maxTokens, validates, checks limits and counts; returns the args to run or the errors to send. */
    async subscribe(
      ctx: Ctx,
      id: string,
      payload: SubscribePayload,
      makeContext: () => Context,
    ): Promise<ExecutionArgs | readonly GraphQLError[]> {
      const state = states.get(ctx);
      const principal = ctx.extra.principal;
      if (!state || !principal) return [new GraphQLError("Not connected")];
      if (state.expiresAt !== null && Date.now() >= state.expiresAt) {
        ctx.extra.socket.close(CLOSE_TOKEN_EXPIRED, "Token expired");
        return refuse(unauthenticated("Token expired"));
      }
      let document: DocumentNode;
      try {
        document = parse(payload.query, { maxTokens: cfg.maxTokens });
      } catch (e) {
        const message = (e as Error).message;
        if (TOKEN_LIMIT_MESSAGE.test(message)) return refuse(tooManyTokens(cfg.maxTokens));
        return [e instanceof GraphQLError ? e : new GraphQLError(message)];
      }
      const invalid = validate(schema, document, specifiedRules);
      if (invalid.length) {
        if (cfg.suggestions) return invalid;
        return invalid.map((e) => new GraphQLError(stripSuggestions(e.message), { nodes: e.nodes, source: e.source, positions: e.positions }));
      }
      const operation = getOperationAST(document, payload.operationName);
      if (!operation) return [new GraphQLError("Unable to identify operation")];
      // Reserve the places before anything async: a burst of subscribe messages is handled concurrently.
      if (state.admitted.size >= cfg.subscriptionsPerConnection) {
        return refuse(
          new DomainError("RATE_LIMITED", `Too many operations on this connection: at most ${cfg.subscriptionsPerConnection} at once`, {
            limit: "subscriptionsPerConnection",
            maximum: cfg.subscriptionsPerConnection,
          }),
        );
      }
      const tenantOpen = perTenant.get(state.tenantId) ?? 0;
      if (tenantOpen >= cfg.subscriptionsPerTenant) {
        return refuse(
          new DomainError("RATE_LIMITED", `Too many operations for this tenant: at most ${cfg.subscriptionsPerTenant} at once`, {
            limit: "subscriptionsPerTenant",
            maximum: cfg.subscriptionsPerTenant,
          }),
        );
      }
      state.admitted.add(id);
      perTenant.set(state.tenantId, tenantOpen + 1);
      const contextValue = makeContext();
      // The stream's queue calls this at once, even while graphql-ws is stuck sending to this socket.
      contextValue.onSlowConsumer = (e) => ctx.extra.socket.close(CLOSE_SLOW_CONSUMER, e.message.slice(0, 120));
      try {
        await limits.check({ schema, document, operation, variables: payload.variables, principal, context: contextValue });
      } catch (e) {
        release(state, id);
        if (e instanceof DomainError) return refuse(e);
        throw e;
      }
      return { schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
    },

    completed(ctx: Ctx, id: string): void {
      const state = states.get(ctx);
      if (state) release(state, id);
    },

    closed(ctx: Ctx): void {
      const state = states.get(ctx);
      if (!state) return;
      clearTimeout(state.expiry?.current);
      for (const id of [...state.admitted]) release(state, id);
      states.delete(ctx);
    },

    stripSuggestions: (message: string) => (cfg.suggestions ? message : stripSuggestions(message)),
  };
}

export type WsLimits = ReturnType<typeof wsLimits>;
