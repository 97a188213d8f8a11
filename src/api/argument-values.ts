// graphql-js 16 coerces the arguments of every field it executes, arguments or not:
// `getArgumentValues` makes an `Object.create(null)` for the values and another for
// a name → node map of the field's argument nodes, both dictionary-mode objects.
// For a field that declares no argument both stay empty, and they were the largest
// single allocation of a picker read: 300 field executions for one user's page of 100
// skills, about a quarter of the bytes the request allocated (V8's sampling heap
// profiler on issue 8's 20,000-user tenant), and the first graphql-js item of the
// nested throughput query's CPU profile (issue 9).
//
// For a field without declared arguments the answer is always an empty object, so
// every such call gets the same frozen, prototype-less one; a field that declares
// any argument (given or not: defaults, required ones) goes through graphql-js's own
// function untouched. graphql-js's execute calls it through its CommonJS module's
// exports (`(0, _values.getArgumentValues)(…)`) on every call, which is where this
// installs it. The gateway runs graphql's CommonJS build (its package has no ESM entry
// that Node would pick); an ESM build would bind the function at import and be left as
// it is, which test/unit/argument-values.test.ts would show.
import { createRequire } from "node:module";
import type { GraphQLArgument } from "graphql";

type ArgumentValues = (def: { args: readonly GraphQLArgument[] }, node: unknown, variables?: unknown) => Record<string, unknown>;

/** What a field without declared arguments receives as `args`: empty, frozen, shared. */
export const NO_ARGUMENTS: Readonly<Record<string, unknown>> = Object.freeze(Object.create(null) as Record<string, unknown>);

const MARK = Symbol.for("skill-gateway.fastArgumentValues");

/** Installs the shortcut once per process; returns whether graphql-js now uses it. */
export function installFastArgumentValues(): boolean {
  const values = createRequire(import.meta.url)("graphql/execution/values.js") as { getArgumentValues: ArgumentValues & { [MARK]?: true } };
  if (values.getArgumentValues[MARK]) return true;
  const original = values.getArgumentValues;
  if (typeof original !== "function") return false;
  const fast: ArgumentValues & { [MARK]?: true } = (def, node, variables) => (def.args.length === 0 ? NO_ARGUMENTS : original(def, node, variables));
  fast[MARK] = true;
  values.getArgumentValues = fast;
  return true;
}
