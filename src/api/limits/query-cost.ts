// The cost of one operation, worked out from the document before anything runs,
// in the spirit of GitHub's GraphQL API: a connection returns as many nodes as its
// first/last asks for (the default page size when absent) for every parent node,
// so nested connections multiply; a list that takes no first/last is assumed to
// hold `listSizeEstimate` items. The request costs one point per 100 nodes, at
// least 1. The walk also measures depth, aliases and fields, and stops as soon as
// aliases or fields are passed, so a document built to make the walk itself explode
// (fragments spread many times over) costs no more than maxFields visits.
import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isListType,
  isObjectType,
  Kind,
  valueFromAST,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  type DocumentNode,
} from "graphql";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../../core/paging.js";
import type { LimitsConfig } from "../../core/limits.config.js";

export interface QueryCost {
  /** Nodes the operation can return at most. */
  nodes: number;
  /** Points charged to the caller's budget. */
  cost: number;
  depth: number;
  aliases: number;
  fields: number;
  /** The operation reads __schema or __type. */
  introspection: boolean;
}

export type CostLimits = Pick<LimitsConfig, "maxDepth" | "maxAliases" | "maxFields" | "maxNodes" | "listSizeEstimate">;

/** Which limit an operation passed, with what it measured (aliases and fields stop the walk where they are passed). */
export class LimitExceeded extends Error {
  constructor(
    readonly limit: "depth" | "aliases" | "fields" | "nodes",
    readonly value: number,
    readonly max: number,
    /** Points, when the walk finished (the nodes limit). */
    readonly cost?: number,
  ) {
    super(`${limit} ${value} exceeds ${max}`);
  }
}

export const costOfNodes = (nodes: number) => Math.max(1, Math.ceil(nodes / 100));

function isConnection(field: GraphQLField<unknown, unknown>): boolean {
  return getNamedType(field.type).name.endsWith("Connection") && field.args.some((a) => a.name === "first");
}

export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  limits: CostLimits,
): QueryCost {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const vars = variables ?? {};
  const m: QueryCost = { nodes: 0, cost: 0, depth: 0, aliases: 0, fields: 0, introspection: false };

  const included = (node: { directives?: readonly import("graphql").DirectiveNode[] }) => {
    if (!node.directives?.length) return true;
    const skip = getDirectiveValues(GraphQLSkipDirective, node, vars);
    if (skip?.if === true) return false;
    const include = getDirectiveValues(GraphQLIncludeDirective, node, vars);
    return include?.if !== false;
  };

  const pageSize = (field: GraphQLField<unknown, unknown>, node: FieldNode): number => {
    let size: number | undefined;
    for (const name of ["first", "last"]) {
      const arg = node.arguments?.find((a) => a.name.value === name);
      const def = field.args.find((a) => a.name === name);
      if (!arg || !def) continue;
      const v = valueFromAST(arg.value as ValueNode, def.type, vars) as unknown;
      if (typeof v === "number" && Number.isFinite(v)) size = Math.max(size ?? 0, v);
    }
    // Past the maximum the resolver refuses the page with BAD_USER_INPUT; cost it at the maximum.
    return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(size ?? DEFAULT_PAGE_SIZE)));
  };

  const walk = (set: SelectionSetNode, type: GraphQLNamedType, multiplier: number, depth: number, inConnection: boolean) => {
    // Spreads of one fragment in one selection set merge into the same fields (as graphql-js collects them).
    const spread = new Set<string>();
    for (const sel of set.selections) {
      if (!included(sel)) continue;
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const t = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : type;
        if (t) walk(sel.selectionSet, t, multiplier, depth, inConnection);
        continue;
      }
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const name = sel.name.value;
        const frag = fragments.get(name);
        if (!frag || spread.has(name)) continue;
        spread.add(name);
        const t = schema.getType(frag.typeCondition.name.value);
        if (t) walk(frag.selectionSet, t, multiplier, depth, inConnection);
        continue;
      }
      const name = sel.name.value;
      if (name === "__typename") continue;
      if (++m.fields > limits.maxFields) throw new LimitExceeded("fields", m.fields, limits.maxFields);
      if (sel.alias && ++m.aliases > limits.maxAliases) throw new LimitExceeded("aliases", m.aliases, limits.maxAliases);
      // Introspection reads the schema in memory: bounded by tokens and aliases, not by nodes or depth.
      if (name === "__schema" || name === "__type") {
        m.introspection = true;
        continue;
      }
      if (!isObjectType(type) && !(isAbstractType(type) && "getFields" in type)) continue;
      const field = (type as { getFields(): Record<string, GraphQLField<unknown, unknown>> }).getFields()[name];
      if (!field) continue;
      const d = depth + 1;
      if (d > m.depth) m.depth = d;
      let per = 1;
      let connection = false;
      if (isConnection(field)) {
        per = pageSize(field, sel);
        connection = true;
      } else if (inConnection && (name === "nodes" || name === "edges")) {
        per = 1; // the connection already counted its page
      } else if (isListType(getNullableType(field.type)) && !isLeaf(getNamedType(field.type))) {
        per = limits.listSizeEstimate;
      }
      const count = multiplier * per;
      if (per !== 1 || connection) m.nodes += count;
      if (sel.selectionSet) walk(sel.selectionSet, getNamedType(field.type), count, d, connection);
    }
  };

  const root = schema.getRootType(operation.operation);
  if (root) walk(operation.selectionSet, root, 1, 0, false);
  // The walk is bounded by fields, so the whole count is cheap: report it rather than a lower bound.
  if (!Number.isFinite(m.nodes) || m.nodes > Number.MAX_SAFE_INTEGER) m.nodes = Number.MAX_SAFE_INTEGER;
  m.cost = costOfNodes(m.nodes);
  // Nodes first: a refusal then says what the query would have cost.
  if (m.nodes > limits.maxNodes) throw new LimitExceeded("nodes", m.nodes, limits.maxNodes, m.cost);
  if (m.depth > limits.maxDepth) throw new LimitExceeded("depth", m.depth, limits.maxDepth);
  return m;
}

function isLeaf(t: GraphQLNamedType): boolean {
  return !isObjectType(t) && !isAbstractType(t);
}
