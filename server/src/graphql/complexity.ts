import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  OperationTypeNode,
  type SelectionSetNode,
} from 'graphql';
import { type ComplexityEstimator, type ComplexityEstimatorArgs, fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/**
 * What one operation may cost, in points of about one row of work each:
 * every field costs 1, a list page its size times what each item asks for, a
 * write what it writes (WRITE_COST a row), a count or a scan what it may
 * read (see users/user-cost.ts). A full page of 500 users with tags is about
 * 22,000; a ban of 10,000 ids 30,000.
 */
export const MAX_QUERY_COST = 50_000;

/**
 * How many mutation fields (aliases included) one operation may hold: each
 * runs its own transaction, one after the other, and twenty aliased writes
 * would hold a connection twenty times as long.
 */
export const MAX_WRITE_FIELDS = 10;

/** The points one written user costs: the row, its audit entry and its webhook. */
export const WRITE_COST = 3;

/** How many items a list argument holds (1 for a single value, 0 when absent). */
export function listLength(args: Record<string, unknown>, name: string): number {
  const value = args[name];
  if (Array.isArray(value)) return value.length;
  return value === undefined || value === null ? 0 : 1;
}

/** A connection field: its items' cost times the page size asked for. */
export const pageComplexity =
  (defaultSize: number): ComplexityEstimator =>
  ({ args, childComplexity }) => {
    const first = typeof args.first === 'number' && args.first >= 0 ? args.first : defaultSize;
    return 1 + first * childComplexity;
  };

/** A mutation that writes `perItem` rows for each element of a list argument. */
export const writesEach =
  (argument: string, perItem = WRITE_COST): ComplexityEstimator =>
  ({ args, childComplexity }) =>
    1 + childComplexity + perItem * listLength(args, argument);

/** What the estimators may read beyond a field's own arguments: the document's fragments. */
interface EstimatorContext {
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
}

/**
 * Whether the field's selection asks for `name` directly, in an inline
 * fragment or through a named one. @skip and @include are not looked at: a
 * field that may be asked for is counted.
 */
export function selects(options: ComplexityEstimatorArgs, name: string): boolean {
  const fragments = (options.context as EstimatorContext | undefined)?.fragments ?? new Map<string, FragmentDefinitionNode>();
  const seen = new Set<string>();
  const visit = (selectionSet: SelectionSetNode | undefined): boolean =>
    (selectionSet?.selections ?? []).some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === name;
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      const fragmentName = selection.name.value;
      if (seen.has(fragmentName)) return false;
      seen.add(fragmentName);
      return visit(fragments.get(fragmentName)?.selectionSet);
    });
  return visit(options.node.selectionSet);
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/** How many fields the operation's top level holds, through its fragments. */
function topLevelFields(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): number {
  const count = (selectionSet: SelectionSetNode | undefined): number =>
    (selectionSet?.selections ?? []).reduce((sum, selection) => {
      if (selection.kind === Kind.FIELD) return sum + (selection.name.value === '__typename' ? 0 : 1);
      if (selection.kind === Kind.INLINE_FRAGMENT) return sum + count(selection.selectionSet);
      return sum + count(fragments.get(selection.name.value)?.selectionSet);
    }, 0);
  return count(operation.selectionSet);
}

/** The figures a refusal carries in its extensions, kept by the error formatter. */
export const LIMIT_FACTS = ['cost', 'maxCost', 'writeFields', 'maxWriteFields'] as const;

const refused = (message: string, facts: Record<string, number>) =>
  new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', ...facts, http: { status: 400 } } });

/**
 * The checks made before anything runs: at most MAX_WRITE_FIELDS mutation
 * fields, and an estimated cost within the limit; the refusal names the
 * figure and the limit.
 */
export function checkOperationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode | undefined,
  request: { operationName?: string | null; variables?: Record<string, unknown> | null },
  maxCost = MAX_QUERY_COST,
): GraphQLError | undefined {
  const fragments = fragmentsOf(document);
  if (operation?.operation === OperationTypeNode.MUTATION) {
    const writes = topLevelFields(operation, fragments);
    if (writes > MAX_WRITE_FIELDS) {
      return refused(`This operation holds ${writes} mutation fields, more than the limit of ${MAX_WRITE_FIELDS}: send them in several requests`, {
        writeFields: writes,
        maxWriteFields: MAX_WRITE_FIELDS,
      });
    }
  }
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: document,
      operationName: request.operationName ?? undefined,
      variables: request.variables ?? {},
      context: { fragments } satisfies EstimatorContext,
      estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch {
    // Variables that do not fit their types: execution refuses them
    // next with a BAD_USER_INPUT naming the variable, and runs nothing.
    return undefined;
  }
  if (cost > maxCost) {
    return refused(`This operation would cost ${cost}, more than the limit of ${maxCost}: ask for fewer or smaller pages, counts or writes`, { cost, maxCost });
  }
  return undefined;
}
