import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';

/**
 * Whether the operation selects a field of one of these names anywhere below
 * the field being resolved (through fragments too), so a resolver can read
 * in its own statement what a child field would otherwise fetch again.
 * `@skip` and `@include` are not read: a skipped field counts as selected,
 * which costs only the work it would have saved.
 */
export function selectsBelow(info: GraphQLResolveInfo, names: readonly string[]): boolean {
  const fragmentsSeen = new Set<string>();
  const visit = (selectionSet: SelectionSetNode | undefined): boolean =>
    selectionSet?.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return names.includes(selection.name.value) || visit(selection.selectionSet);
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      const name = selection.name.value;
      if (fragmentsSeen.has(name)) return false;
      fragmentsSeen.add(name);
      return visit(info.fragments[name]?.selectionSet);
    }) ?? false;
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}
