// What a field's selection asks for, read at the edge so a service can skip
// work nobody selected. Conservative: a fragment counts as "anything".
import type { GraphQLResolveInfo } from "graphql";

/** True when every field selected under this one is among `names` (or __typename). */
export function selectsOnly(info: GraphQLResolveInfo, names: readonly string[]): boolean {
  return info.fieldNodes.every((node) =>
    (node.selectionSet?.selections ?? []).every(
      (s) => s.kind === "Field" && (s.name.value === "__typename" || names.includes(s.name.value)),
    ),
  );
}
