// type-graphql wraps every field in a resolver of its own, and that resolver does
// the same work on every call whether or not there is anything to do: a plain
// property becomes `applyMiddlewares(container, { root, args, context, info }, [], …)`,
// and a field resolver method looks its class instance up in the container, sorts its
// parameter list and maps it to values, on every node of every page. With no
// middlewares and no roles on a field all of that is a property read or a method call.
//
// This pass runs once on the built schema and, for exactly those fields, puts back
// what type-graphql's resolver amounts to, computed once instead of per call:
// - a field without a resolver method: `root[propertyName]`;
// - a resolver method whose parameters are only @Root, @Ctx and @Info (no
//   arguments to convert or validate): the method called on its instance with the
//   parameters in type-graphql's order.
// A field with @Authorized roles, a middleware, arguments or a @Root of a class type
// (type-graphql would convert the root into an instance of it) keeps type-graphql's own
// resolver, and so does anything this pass cannot match to its metadata.
import { isObjectType, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
import { getMetadataStorage } from "type-graphql";

type ParamMeta = {
  kind: string;
  index: number;
  propertyName?: string;
  getType?: () => unknown;
};
type ResolverMeta = {
  kind?: string;
  target: new () => object;
  methodName: string;
  schemaName?: string;
  params?: ParamMeta[];
  roles?: unknown[];
  middlewares?: unknown[];
  getObjectType?: () => unknown;
};
type FieldMeta = { name: string; schemaName: string; target: unknown; roles?: unknown[]; middlewares?: unknown[] };
type ClassMeta = { name: string; target: unknown; fields?: FieldMeta[] };

type Getter = (root: unknown, context: unknown, info: GraphQLResolveInfo) => unknown;

const lean = new WeakSet<GraphQLFieldResolver<unknown, unknown>>();

/** Whether `resolve` is one this pass put in (for the tests). */
export function isLeanResolver(resolve: unknown): boolean {
  return typeof resolve === "function" && lean.has(resolve as GraphQLFieldResolver<unknown, unknown>);
}

const none = (list: unknown[] | undefined) => !list || list.length === 0;

/** type-graphql's convertToType(Object, value): the value, or a copy of a prototype-less object. */
function rootAsObject(value: unknown): unknown {
  return value === null || typeof value !== "object" || value instanceof Object ? value : Object.assign({}, value);
}

function paramGetter(p: ParamMeta): Getter | undefined {
  switch (p.kind) {
    case "context": {
      const key = p.propertyName;
      return key ? (_r, c) => (c as Record<string, unknown>)[key] : (_r, c) => c;
    }
    case "info":
      return (_r, _c, i) => i;
    case "root": {
      const type = p.getType?.();
      if (type !== undefined && type !== Object) return undefined; // type-graphql makes an instance: keep it
      const key = p.propertyName;
      const read: Getter = key ? (r) => (r as Record<string, unknown>)[key] : (r) => r;
      return type === undefined ? read : (r, c, i) => rootAsObject(read(r, c, i));
    }
    default:
      return undefined; // args, arg, custom: converted and validated by type-graphql
  }
}

function methodResolver(meta: ResolverMeta, instances: Map<unknown, object>): GraphQLFieldResolver<unknown, unknown> | undefined {
  if (!none(meta.roles) || !none(meta.middlewares)) return undefined;
  const getters: Getter[] = [];
  for (const p of [...(meta.params ?? [])].sort((a, b) => a.index - b.index)) {
    const g = paramGetter(p);
    if (!g) return undefined;
    getters.push(g);
  }
  // One instance per resolver class, made when first called, as type-graphql's default
  // container does; each resolver keeps it once it has it (no lookup per call).
  let self: object | undefined;
  const instance = () => {
    if (self) return self;
    self = instances.get(meta.target);
    if (!self) instances.set(meta.target, (self = new meta.target()));
    return self;
  };
  const name = meta.methodName;
  const call = (self: object) => (self as Record<string, (...a: unknown[]) => unknown>)[name];
  const [a, b, c] = getters;
  switch (getters.length) {
    case 0:
      return () => { const s = instance(); return call(s).call(s); };
    case 1:
      return (root, _args, ctx, info) => { const s = instance(); return call(s).call(s, a(root, ctx, info)); };
    case 2:
      return (root, _args, ctx, info) => { const s = instance(); return call(s).call(s, a(root, ctx, info), b(root, ctx, info)); };
    case 3:
      return (root, _args, ctx, info) => { const s = instance(); return call(s).call(s, a(root, ctx, info), b(root, ctx, info), c(root, ctx, info)); };
    default:
      return (root, _args, ctx, info) => { const s = instance(); return call(s).apply(s, getters.map((g) => g(root, ctx, info))); };
  }
}

function mark(resolve: GraphQLFieldResolver<unknown, unknown>) {
  lean.add(resolve);
  return resolve;
}

/**
 * Replaces type-graphql's per-call wrappers where they do nothing (see above). Run it
 * before anything else wraps the schema's resolvers. `resolvers` and `globalMiddlewares`
 * are what buildSchema was given: with any global middleware, nothing is lean.
 */
export function leanResolvers(schema: GraphQLSchema, resolvers: readonly unknown[], globalMiddlewares: readonly unknown[] = []): GraphQLSchema {
  if (globalMiddlewares.length) return schema;
  const ours = (r: ResolverMeta) => resolvers.includes(r.target);
  const storage = getMetadataStorage() as unknown as {
    objectTypes: ClassMeta[];
    fieldResolvers: ResolverMeta[];
    queries: ResolverMeta[];
    mutations: ResolverMeta[];
  };
  const instances = new Map<unknown, object>();
  // A name that more than one class registers (abstract bases, other schemas in the same
  // process) cannot be matched to the class behind the schema's type: left alone.
  const seen = new Map<string, number>();
  for (const t of storage.objectTypes) seen.set(t.name, (seen.get(t.name) ?? 0) + 1);
  const byName = new Map(storage.objectTypes.filter((t) => seen.get(t.name) === 1).map((t) => [t.name, t]));
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    const fields = type.getFields();
    if (type === schema.getQueryType() || type === schema.getMutationType()) {
      for (const meta of (type === schema.getQueryType() ? storage.queries : storage.mutations).filter(ours)) {
        const field = fields[meta.schemaName ?? meta.methodName];
        const resolve = field && methodResolver(meta, instances);
        if (resolve) field.resolve = mark(resolve);
      }
      continue;
    }
    const classMeta = byName.get(type.name);
    if (!classMeta) continue;
    const resolverOf = (name: string) =>
      storage.fieldResolvers.filter(
        (r) => (r.kind === "internal" || ours(r)) && r.getObjectType?.() === classMeta.target && r.methodName === name,
      );
    for (const meta of classMeta.fields ?? []) {
      const field = fields[meta.schemaName];
      if (!field) continue;
      const resolvers = resolverOf(meta.name);
      if (resolvers.length > 1) continue; // more than one candidate: leave type-graphql's choice alone
      if (resolvers.length === 1) {
        const r = resolvers[0]!;
        if (r.kind !== "external") continue; // a method of the object type itself: type-graphql makes an instance of the root
        const resolve = methodResolver({ ...r, roles: r.roles ?? meta.roles, middlewares: [...(r.middlewares ?? []), ...(meta.middlewares ?? [])] }, instances);
        if (resolve) field.resolve = mark(resolve);
        continue;
      }
      if (!none(meta.roles) || !none(meta.middlewares)) continue;
      const property = meta.name;
      field.resolve = mark((root) => (root as Record<string, unknown>)[property]);
    }
  }
  return schema;
}
