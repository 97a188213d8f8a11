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
// - a resolver method whose parameters are @Root, @Ctx, @Info, and @Arg / @Args of
//   scalars and enums: the method called on its instance with the parameters in
//   type-graphql's order, each argument converted as type-graphql converts it (lists
//   copied, an @Args class instantiated with the values given), validation being off;
// - @Authorized: the schema's auth checker called first, as type-graphql's
//   AuthMiddleware calls it, refusing with the same error (or null in "null" mode).
// A field with a middleware, an argument of an input type (type-graphql builds class
// instances of it), a @Root of a class type (it would convert the root into an instance),
// validation on, or a class-based auth checker keeps type-graphql's own resolver, and so
// does anything this pass cannot match to its metadata.
import { GraphQLScalarType, isObjectType, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
import { AuthenticationError, AuthorizationError, getMetadataStorage } from "type-graphql";

type ParamMeta = {
  kind: string;
  index: number;
  /** The argument's name (kind "arg"). */
  name?: string;
  propertyName?: string;
  getType?: () => unknown;
  validateSettings?: unknown;
  validateFn?: unknown;
};
type ArgsTypeMeta = { target: unknown; fields: { name: string; getType: () => unknown }[] };
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

type Getter = (root: unknown, args: Record<string, unknown>, context: unknown, info: GraphQLResolveInfo) => unknown;

type AuthAction = { root: unknown; args: Record<string, unknown>; context: unknown; info: GraphQLResolveInfo };

/** What buildSchema was given, as far as the lean resolvers must do the same. */
export interface LeanOptions {
  /** With any global middleware, nothing is lean. */
  globalMiddlewares?: readonly unknown[];
  /** buildSchema's authChecker and authMode; without a checker, @Authorized fields stay type-graphql's. */
  authChecker?: unknown;
  authMode?: "error" | "null";
  /** buildSchema's validate and validateFn; argument-taking fields are lean only with validation off. */
  validate?: unknown;
  validateFn?: unknown;
}

/** The metadata the pass reads. */
interface Storage {
  objectTypes: ClassMeta[];
  enums: { enumObj: unknown }[];
  argumentTypes: ArgsTypeMeta[];
  fieldResolvers: ResolverMeta[];
  queries: ResolverMeta[];
  mutations: ResolverMeta[];
}

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

const PLAIN_CONSTRUCTORS: unknown[] = [String, Number, Boolean, Date];

/**
 * Whether type-graphql's conversion of an argument of this type (convertValuesToInstances)
 * leaves every value as it is but for copying lists: scalars and registered enums, not
 * input classes (nor anything else).
 */
function convertsAsIs(storage: Storage, type: unknown): boolean {
  if (type instanceof GraphQLScalarType || PLAIN_CONSTRUCTORS.includes(type)) return true;
  return storage.enums.some((e) => e.enumObj === type); // registerEnumType's object
}

/** type-graphql's conversion of such a value: lists copied, at every depth; the rest as given. */
function copyLists(value: unknown): unknown {
  return Array.isArray(value) ? value.map(copyLists) : value;
}

/** type-graphql's convertToType(Target, plain object): an instance without the declared fields left undefined. */
function instanceOf(Target: new () => object, data: Record<string, unknown>): object {
  const instance = new Target() as Record<string, unknown>;
  for (const key of Object.keys(instance)) {
    if (instance[key] === undefined && !(key in data)) delete instance[key];
  }
  return Object.assign(instance, data);
}

/** An @Args class's fields, its own then its ancestors', as type-graphql lists them; undefined unless all convert as they are. */
function argsFields(storage: Storage, target: unknown): string[] | undefined {
  const argsType = storage.argumentTypes.find((t) => t.target === target);
  if (!argsType || typeof target !== "function") return undefined;
  let fields = argsType.fields;
  for (let parent = Object.getPrototypeOf(target); parent?.prototype !== undefined; parent = Object.getPrototypeOf(parent)) {
    const inherited = storage.argumentTypes.find((t) => t.target === parent);
    if (inherited) fields = [...fields, ...inherited.fields];
  }
  return fields.every((f) => convertsAsIs(storage, f.getType())) ? fields.map((f) => f.name) : undefined;
}

function paramGetter(p: ParamMeta, storage: Storage, opts: LeanOptions): Getter | undefined {
  switch (p.kind) {
    case "context": {
      const key = p.propertyName;
      return key ? (_r, _a, c) => (c as Record<string, unknown>)[key] : (_r, _a, c) => c;
    }
    case "info":
      return (_r, _a, _c, i) => i;
    case "root": {
      const type = p.getType?.();
      if (type !== undefined && type !== Object) return undefined; // type-graphql makes an instance: keep it
      const key = p.propertyName;
      const read: Getter = key ? (r) => (r as Record<string, unknown>)[key] : (r) => r;
      return type === undefined ? read : (r, a, c, i) => rootAsObject(read(r, a, c, i));
    }
    case "arg":
    case "args": {
      // type-graphql's validateArg does nothing only when no validation function is set and validation is off.
      if (opts.validateFn !== undefined || p.validateFn !== undefined) return undefined;
      if ((p.validateSettings !== undefined ? p.validateSettings : opts.validate) !== false) return undefined;
      const type = p.getType?.();
      if (p.kind === "arg") {
        const name = p.name;
        if (name === undefined || !convertsAsIs(storage, type)) return undefined;
        return (_r, args) => copyLists(args[name]);
      }
      const names = argsFields(storage, type);
      if (!names) return undefined;
      const Target = type as new () => object;
      return (_r, args) => {
        const data: Record<string, unknown> = {};
        for (const name of names) {
          const value = args[name];
          if (value !== undefined) data[name] = copyLists(value);
        }
        return instanceOf(Target, data);
      };
    }
    default:
      return undefined; // custom parameter decorators: type-graphql's
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === "object" || typeof value === "function") && typeof (value as { then?: unknown }).then === "function";
}

/**
 * `resolve` behind the schema's auth checker as type-graphql's AuthMiddleware runs it
 * (roles given, even none, mean a check); undefined when that cannot be done here.
 */
function authorized(
  resolve: GraphQLFieldResolver<unknown, unknown>,
  roles: unknown[] | undefined,
  opts: LeanOptions,
): GraphQLFieldResolver<unknown, unknown> | undefined {
  if (roles === undefined) return resolve;
  const check = opts.authChecker;
  // A class checker is made by type-graphql's container: left to it.
  if (typeof check !== "function" || check.prototype !== undefined) return undefined;
  const checker = check as (action: AuthAction, roles: unknown[]) => unknown;
  const refuse = () => {
    if (opts.authMode === "null") return null;
    throw roles.length === 0 ? new AuthenticationError() : new AuthorizationError();
  };
  return (root, args, context, info) => {
    const granted = checker({ root, args: args as Record<string, unknown>, context, info }, roles);
    // Any thenable is awaited, as AuthMiddleware's `await` does: a checker answering later is never taken as a yes.
    if (isThenable(granted)) return Promise.resolve(granted).then((ok) => (ok ? resolve(root, args, context, info) : refuse()));
    return granted ? resolve(root, args, context, info) : refuse();
  };
}

function methodResolver(meta: ResolverMeta, instances: Map<unknown, object>, storage: Storage, opts: LeanOptions): GraphQLFieldResolver<unknown, unknown> | undefined {
  if (!none(meta.middlewares)) return undefined;
  const getters: Getter[] = [];
  for (const p of [...(meta.params ?? [])].sort((a, b) => a.index - b.index)) {
    const g = paramGetter(p, storage, opts);
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
  const [a, b, c, d] = getters;
  type Args = Record<string, unknown>;
  let resolve: GraphQLFieldResolver<unknown, unknown>;
  switch (getters.length) {
    case 0:
      resolve = () => { const s = instance(); return call(s).call(s); };
      break;
    case 1:
      resolve = (root, args, ctx, info) => { const s = instance(); return call(s).call(s, a(root, args as Args, ctx, info)); };
      break;
    case 2:
      resolve = (root, args, ctx, info) => { const s = instance(); return call(s).call(s, a(root, args as Args, ctx, info), b(root, args as Args, ctx, info)); };
      break;
    case 3:
      resolve = (root, args, ctx, info) => { const s = instance(); return call(s).call(s, a(root, args as Args, ctx, info), b(root, args as Args, ctx, info), c(root, args as Args, ctx, info)); };
      break;
    case 4:
      resolve = (root, args, ctx, info) => { const s = instance(); return call(s).call(s, a(root, args as Args, ctx, info), b(root, args as Args, ctx, info), c(root, args as Args, ctx, info), d(root, args as Args, ctx, info)); };
      break;
    default:
      resolve = (root, args, ctx, info) => { const s = instance(); return call(s).apply(s, getters.map((g) => g(root, args as Args, ctx, info))); };
  }
  return authorized(resolve, meta.roles, opts);
}

function mark(resolve: GraphQLFieldResolver<unknown, unknown>) {
  lean.add(resolve);
  return resolve;
}

/**
 * Replaces type-graphql's per-call wrappers with what they amount to (see above). Run it
 * before anything else wraps the schema's resolvers. `resolvers` and `options` are what
 * buildSchema was given.
 */
export function leanResolvers(schema: GraphQLSchema, resolvers: readonly unknown[], options: LeanOptions = {}): GraphQLSchema {
  if (options.globalMiddlewares?.length) return schema;
  const ours = (r: ResolverMeta) => resolvers.includes(r.target);
  const storage = getMetadataStorage() as unknown as Storage;
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
        const resolve = field && methodResolver(meta, instances, storage, options);
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
        const resolve = methodResolver({ ...r, roles: r.roles ?? meta.roles, middlewares: [...(r.middlewares ?? []), ...(meta.middlewares ?? [])] }, instances, storage, options);
        if (resolve) field.resolve = mark(resolve);
        continue;
      }
      if (!none(meta.middlewares)) continue;
      const property = meta.name;
      const resolve = authorized((root) => (root as Record<string, unknown>)[property], meta.roles, options);
      if (resolve) field.resolve = mark(resolve);
    }
  }
  return schema;
}
