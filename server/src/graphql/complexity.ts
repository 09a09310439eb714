import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { type ComplexityEstimator, fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/**
 * The most one operation may cost: every field costs 1, a list page costs its
 * size times what each item asks for. A full page of 500 users with tags is
 * about 22,000; 300 aliased pages of 500 would be millions.
 */
export const MAX_QUERY_COST = 50_000;

/** A connection field: its items' cost times the page size asked for. */
export const pageComplexity =
  (defaultSize: number): ComplexityEstimator =>
  ({ args, childComplexity }) => {
    const first = typeof args.first === 'number' && args.first >= 0 ? args.first : defaultSize;
    return 1 + first * childComplexity;
  };

/** Refuses an operation whose estimated cost is over the limit, before anything runs. */
export function costLimitPlugin(schema: GraphQLSchema, maxCost = MAX_QUERY_COST): ApolloServerPlugin {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: ({ request, document }) => {
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              operationName: request.operationName ?? undefined,
              variables: request.variables ?? {},
              estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch {
            // Variables that do not fit their types: execution refuses them
            // next with a BAD_USER_INPUT naming the variable, and runs nothing.
            return Promise.resolve();
          }
          if (cost > maxCost) {
            return Promise.reject(
              new GraphQLError(`This operation would cost ${cost}, more than the limit of ${maxCost}: ask for fewer or smaller pages`, {
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED', cost, maxCost, http: { status: 400 } },
              }),
            );
          }
          return Promise.resolve();
        },
      }),
  };
}
