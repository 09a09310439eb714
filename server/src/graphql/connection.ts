import { type ClassType, Field, ObjectType } from 'type-graphql';
import { badInput } from '../common/app-error';

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'True when this page was asked for with a cursor.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface Edge<Node> {
  node: Node;
  cursor: string;
}

/**
 * The base of a Relay-style connection type: `edges` of `<name>Edge { node cursor }`
 * and `pageInfo`. A connection extends it with its own description and fields.
 */
export function Connection<Node extends object>(nodeType: ClassType<Node>, name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType implements Edge<Node> {
    @Field(() => nodeType)
    node!: Node;

    @Field(() => String)
    cursor!: string;
  }

  // An object type only so that type-graphql lets connections inherit its fields; no field returns it, so the schema leaves it out.
  @ObjectType(`${name}ConnectionBase`)
  abstract class ConnectionType {
    @Field(() => [EdgeType])
    edges!: Array<Edge<Node>>;

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return ConnectionType;
}

/** A Relay-style page: edges with their cursors and the page info, from one page of nodes. */
export function connectionOf<T>(
  nodes: readonly T[],
  hasNextPage: boolean,
  after: string | null | undefined,
  cursorOf: (node: T) => string,
): { edges: Array<Edge<T>>; pageInfo: PageInfo } {
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

/** How many items a list argument asks for: `fallback` unless given, and from 0 to `max` (BAD_USER_INPUT naming `field` otherwise). */
export function pageSize(first: number | null | undefined, fallback: number, max: number, field = 'first'): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 0 || size > max) throw badInput(field, `${field} must be from 0 to ${max}`);
  return size;
}
