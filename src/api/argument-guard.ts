// One check of every argument value at the GraphQL edge, before any resolver
// runs: lists within their maximum (input-limits.ts), and strings that every
// database can store: no NUL byte (PostgreSQL text refuses it) and no lone
// UTF-16 surrogate (not encodable as UTF-8). A failure is BAD_USER_INPUT naming
// the input path ("input.skillIds", "users.3.email").
//
// It wraps the resolver (and subscribe) of each field that takes arguments, so it
// holds for HTTP, graphql-ws and direct execution alike, and sees the values after
// GraphQL coerced them (variables and literals are one case).
import {
  defaultFieldResolver,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLSchema,
} from "graphql";
import { badInput } from "../core/errors.js";
import { badStringReason } from "../core/strings.js";
import { listMax, MAX_JSON_DEPTH, MAX_JSON_ENTRIES } from "./input-limits.js";

const GUARDED = Symbol("argumentsGuarded");
/** Each guard's resolver inside it. */
const inner = new WeakMap<GraphQLFieldResolver<unknown, unknown>, GraphQLFieldResolver<unknown, unknown>>();

/** The resolver a guard wraps (what resolves the field once its arguments passed), or `resolve` itself. */
export function unguarded(resolve: GraphQLFieldResolver<unknown, unknown>): GraphQLFieldResolver<unknown, unknown> {
  return inner.get(resolve) ?? resolve;
}
function checkString(value: string, path: string): void {
  const why = badStringReason(value);
  if (why) throw badInput(`${path} ${why}`, path);
}

function checkJson(value: unknown, path: string): void {
  let entries = 0;
  const walk = (v: unknown, p: string, depth: number): void => {
    if (typeof v === "string") return checkString(v, p);
    if (v === null || typeof v !== "object") return;
    if (depth > MAX_JSON_DEPTH) throw badInput(`${path} is nested deeper than ${MAX_JSON_DEPTH} levels`, path);
    const items: [string, unknown][] = Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
    entries += items.length;
    if (entries > MAX_JSON_ENTRIES) throw badInput(`${path} holds more than ${MAX_JSON_ENTRIES} keys and items`, path);
    for (const [k, x] of items) {
      if (!Array.isArray(v)) checkString(k, `${p}.${k.slice(0, 64)}`);
      walk(x, `${p}.${k.slice(0, 64)}`, depth + 1);
    }
  };
  walk(value, path, 1);
}

/** `key` names the list's place in the schema for its maximum; `path` is what the caller sent. */
function checkValue(value: unknown, type: GraphQLInputType, path: string, key: string): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) return checkValue(value, type.ofType, path, key);
  if (isListType(type)) {
    // A single value where a list is expected is coerced to a one-item list before this runs.
    const items = Array.isArray(value) ? value : [value];
    const max = listMax(key);
    if (items.length > max) throw badInput(`${path} takes at most ${max} items (got ${items.length})`, path);
    items.forEach((item, i) => checkValue(item, type.ofType as GraphQLInputType, `${path}.${i}`, key));
    return;
  }
  if (isInputObjectType(type)) {
    const fields = type.getFields();
    for (const [name, f] of Object.entries(fields)) {
      checkValue((value as Record<string, unknown>)[name], f.type, `${path}.${name}`, `${type.name}.${name}`);
    }
    return;
  }
  if (isScalarType(type)) {
    if (typeof value === "string") checkString(value, path);
    else if (typeof value === "object" && !(value instanceof Date)) checkJson(value, path);
  }
}

function checkArguments(parent: string, field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): void {
  for (const a of field.args as readonly GraphQLArgument[]) {
    checkValue(args[a.name], a.type, a.name, `${parent}.${field.name}.${a.name}`);
  }
}

/** Wraps every field with arguments; idempotent, so a schema can be guarded once however often it is asked. */
export function guardArguments(schema: GraphQLSchema): GraphQLSchema {
  const marked = schema as unknown as Record<symbol, boolean>;
  if (marked[GUARDED]) return schema;
  marked[GUARDED] = true;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.args.length) continue;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, ctx, info) => {
        checkArguments(type.name, field, args);
        return resolve(source, args, ctx, info);
      };
      inner.set(field.resolve, resolve);
      const subscribe = field.subscribe;
      if (subscribe) {
        field.subscribe = (source, args, ctx, info) => {
          checkArguments(type.name, field, args);
          return subscribe(source, args, ctx, info);
        };
      }
    }
  }
  return schema;
}
