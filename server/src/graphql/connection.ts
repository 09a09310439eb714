import type { PageInfo } from '../users/dto/user-connection.type';

/** A Relay-style page: edges with their cursors and the page info, from one page of nodes. */
export function connectionOf<T>(
  nodes: readonly T[],
  hasNextPage: boolean,
  after: string | null | undefined,
  cursorOf: (node: T) => string,
): { edges: Array<{ node: T; cursor: string }>; pageInfo: PageInfo } {
  const edges = nodes.map((node) => ({ node, cursor: cursorOf(node) }));
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: Boolean(after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
