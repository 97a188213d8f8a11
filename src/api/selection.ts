// What a field's selection asks for, read at the edge so a service can skip
// work nobody selected (selectsOnly: a fragment counts as "anything"), or do in one
// read what a nested field will ask for (reaches: fragments are followed).
import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from "graphql";

/** True when every field selected under this one is among `names` (or __typename). */
export function selectsOnly(info: GraphQLResolveInfo, names: readonly string[]): boolean {
  return nodesSelectOnly(info.fieldNodes, names);
}

/** selectsOnly over the nodes of one field (as plainSubfields groups them). */
export function nodesSelectOnly(fieldNodes: readonly FieldNode[], names: readonly string[]): boolean {
  return fieldNodes.every((node) =>
    (node.selectionSet?.selections ?? []).every(
      (s) => s.kind === "Field" && (s.name.value === "__typename" || names.includes(s.name.value)),
    ),
  );
}

/**
 * True when the selection under this field reaches `path`, field names one per level
 * (["nodes", "agent"]), through fragments and inline fragments too; @skip/@include are
 * not evaluated, so a skipped field still counts (a caller may only do more work for it).
 */
export function reaches(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  const within = (set: SelectionSetNode | undefined, rest: readonly string[]): boolean =>
    (set?.selections ?? []).some((s) => {
      if (s.kind === "InlineFragment") return within(s.selectionSet, rest);
      if (s.kind === "FragmentSpread") return within(info.fragments[s.name.value]?.selectionSet, rest);
      return s.name.value === rest[0] && (rest.length === 1 || within(s.selectionSet, rest.slice(1)));
    });
  return info.fieldNodes.some((node) => within(node.selectionSet, path));
}

/**
 * The fields selected directly under this one, grouped by response key (alias or name)
 * as graphql-js merges them, when the selection is plain enough to say exactly which
 * fields will run: null if any selection under this field is a fragment or carries a
 * directive (@skip, @include), so a caller that plans ahead leaves such a query alone.
 */
export function plainSubfields(info: GraphQLResolveInfo): Map<string, FieldNode[]> | null {
  const byKey = new Map<string, FieldNode[]>();
  for (const node of info.fieldNodes) {
    for (const s of node.selectionSet?.selections ?? []) {
      if (s.kind !== "Field" || s.directives?.length) return null;
      const key = s.alias?.value ?? s.name.value;
      const same = byKey.get(key);
      if (same) same.push(s);
      else byKey.set(key, [s]);
    }
  }
  return byKey;
}
