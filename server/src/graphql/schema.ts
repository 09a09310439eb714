import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { buildSchema, type ContainerType } from 'type-graphql';
import { guardFields } from './auth-checker';

/** A resolver class, whatever its constructor takes. */
export type ResolverClass = new (...services: never[]) => object;

/** Each resolver class of the API and how to make it with its services. */
export type ResolverFactories = ReadonlyMap<ResolverClass, () => object>;

/** Builds the schema from the resolver classes; each is made on first use, so the schema can be built (and printed) without services. */
export async function buildApiSchema(factories: ResolverFactories): Promise<GraphQLSchema> {
  const instances = new Map<ResolverClass, object>();
  const container: ContainerType = {
    get: (resolverClass: ResolverClass) => {
      let instance = instances.get(resolverClass);
      if (!instance) {
        const factory = factories.get(resolverClass);
        if (!factory) throw new Error(`No factory for resolver ${resolverClass.name}`);
        instance = factory();
        instances.set(resolverClass, instance);
      }
      return instance;
    },
  };
  const schema = await buildSchema({
    resolvers: [...factories.keys()] as [ResolverClass, ...ResolverClass[]],
    container,
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
    validate: false,
  });
  return guardFields(schema);
}

/** The SDL checked in as schema.graphql: sorted, so it only changes when the API does. */
export const schemaSdl = (schema: GraphQLSchema): string => `${printSchema(lexicographicSortSchema(schema))}\n`;
