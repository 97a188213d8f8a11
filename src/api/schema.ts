// Builds the executable schema from the type-graphql classes. The emitted SDL
// (schema.graphql at the project root) is committed; a test fails when stale.
import "reflect-metadata";
import { GraphQLDateTime, GraphQLJSONObject } from "graphql-scalars";
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { createPubSub } from "@graphql-yoga/subscription";
import { guardArguments } from "./argument-guard.js";
import { installFastArgumentValues } from "./argument-values.js";
import { leanResolvers } from "./lean-resolvers.js";
import { authChecker } from "./auth-checker.js";
import { resolvers } from "./resolvers/index.js";

let built: Promise<GraphQLSchema> | undefined;

/** What the resolvers' wrappers depend on: type-graphql's and the lean resolvers' (lean-resolvers.ts) alike. */
const resolverOptions = { authChecker, authMode: "error", validate: false } as const;

/** The schema is the same for every app in the process; build it once. */
export function gatewaySchema(): Promise<GraphQLSchema> {
  // graphql-js's argument coercion, shortened for fields that declare none (argument-values.ts).
  installFastArgumentValues();
  built ??= buildSchema({
    resolvers,
    ...resolverOptions,
    // Every subscription brings its own `subscribe` (fed from committed state);
    // type-graphql still insists on a pubSub being configured.
    pubSub: createPubSub(),
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }, { type: Object, scalar: GraphQLJSONObject }],
  })
    .then((schema) => leanResolvers(schema, resolvers, resolverOptions))
    .then(guardArguments);
  return built;
}

export async function printGatewaySchema(): Promise<string> {
  return printSchema(lexicographicSortSchema(await gatewaySchema()));
}
