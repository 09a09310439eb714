import type { ComplexityEstimator } from 'graphql-query-complexity';
import { pageComplexity, selects } from '../graphql/complexity';
import type { UserFilter } from './dto/user-filter.input';
import { byStatusOnly, type ParsedFilter, parseUserFilter } from './user-filter';
import { DEFAULT_PAGE_SIZE } from './user-page-query';

/**
 * What reading users costs in the operation cost limit (MAX_QUERY_COST,
 * 50,000), beside the page itself: points for the rows Postgres may read.
 *
 * - A count by status alone reads the counts kept as users change (a handful
 *   of rows). Any other count reads every user the filter matches (up to
 *   the count budget, then a sample): cheaper on the signup-date index, dearer
 *   with search terms or tags.
 *
 * So one request may hold five counts with terms or tags, and no more.
 */
export const COUNT_COST = { kept: 20, indexed: 2_000, matching: 10_000 } as const;

/** The filter as the resolver will see it, or undefined when it is invalid (execution then refuses it, running nothing). */
function parsed(filter: unknown): ParsedFilter | undefined {
  try {
    return parseUserFilter(filter as UserFilter | null | undefined);
  } catch {
    return undefined;
  }
}

/** What a count of users matching the filter costs. */
export const countCost = (filter: unknown): number => costOfCount(parsed(filter));

function costOfCount(checked: ParsedFilter | undefined): number {
  if (!checked) return 0;
  if (byStatusOnly(checked)) return COUNT_COST.kept;
  const matches = checked.terms.length > 0 || checked.allTags.length + checked.anyTags.length + checked.noneTags.length > 0;
  return matches ? COUNT_COST.matching : COUNT_COST.indexed;
}

/** `users(…)`: the page, and a count when totalCount (or whether it is estimated) is asked for. */
export const userPageComplexity: ComplexityEstimator = (options) => {
  const page = pageComplexity(DEFAULT_PAGE_SIZE)(options) ?? 0;
  const counted = selects(options, 'totalCount') || selects(options, 'totalCountEstimated');
  return page + (counted ? costOfCount(parsed(options.args.filter)) : 0);
};

/** `userCounts(filter)`: one count of three aggregates. */
export const userCountsComplexity: ComplexityEstimator = ({ args, childComplexity }) => 1 + childComplexity + countCost(args.filter);
