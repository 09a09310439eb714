import type { Queryable } from '../db/database';
import { SqlParameters } from '../db/sql-parameters';
import { plannedRows } from './user-count';
import { filterConditions, type ParsedFilter, parseUserFilter } from './user-filter';

/**
 * Which search terms an index scan follows. A search is several terms, and
 * Postgres serves every indexable one from the trigram index at once: a term
 * in nearly every profile (a company name) makes it read posting lists of
 * every user before the rare term's few rows come out (722 ms for three
 * terms at a million users). So with two terms or more, the planner's own
 * estimate of each term (from the column statistics, which the product keeps
 * fresh: db/table-statistics.ts) picks the drivers: every term that matches
 * under BROAD_SHARE of the app's users, or else the rarest one. The other
 * terms are checked on the rows the drivers found.
 */

/** A term matching more of the app than this is checked on rows, not looked up. */
export const BROAD_SHARE = 0.2;
/**
 * A search whose rarest term matches less of the app than this is answered
 * from the index, never by walking the order index: a walk visits about 50 /
 * share rows before a page fills (every row of the app when nothing matches:
 * seconds at a million), while the index hands over the share's rows at once.
 * The two cost the same near 1% at a million users. Postgres's own estimate
 * cannot be left to choose: for a word prefix it has never seen ("q") it
 * guesses 0.3%, enough to walk.
 */
export const INDEX_FIRST_SHARE = 0.01;

/** How a search's terms are used: which drive an index scan, and whether the page must come from the index. */
export interface SearchPlan {
  /** The terms an index may follow; undefined when every one may. */
  driving?: ReadonlySet<number>;
  /** Matches are rare: find them by index and sort them, rather than walk the order. */
  indexFirst: boolean;
}
const CACHE_MS = 60_000;
const CACHE_ENTRIES = 5_000;

interface Estimate {
  rows: number;
  until: number;
}

export class SearchTerms {
  /** Estimates by app and term, for a minute: paging through a search asks again for each page. */
  private readonly cache = new Map<string, Estimate>();

  constructor(private readonly now: () => number = Date.now) {}

  /** How to use the filter's search terms (none: nothing to decide). */
  async plan(db: Queryable, appId: string, filter: ParsedFilter): Promise<SearchPlan> {
    if (filter.terms.length === 0) return { indexFirst: false };
    const appRows = Math.max(1, await this.estimate(db, appId, undefined));
    const shares: number[] = [];
    for (const term of filter.terms) shares.push((await this.estimate(db, appId, term)) / appRows);
    return { driving: filter.terms.length < 2 ? undefined : chooseDrivers(shares), indexFirst: Math.min(...shares) < INDEX_FIRST_SHARE };
  }

  /** The terms an index may follow; undefined when every one may (one term or none). */
  async driving(db: Queryable, appId: string, filter: ParsedFilter): Promise<ReadonlySet<number> | undefined> {
    return filter.terms.length < 2 ? undefined : (await this.plan(db, appId, filter)).driving;
  }

  /** The planner's estimate of the app's users matching one term (or all of them). */
  private async estimate(db: Queryable, appId: string, term: string | undefined): Promise<number> {
    const key = `${appId}\u0000${term ?? ''}`;
    const now = this.now();
    const cached = this.cache.get(key);
    if (cached && cached.until > now) return cached.rows;
    const params = new SqlParameters();
    const conditions = filterConditions(appId, parseUserFilter({ search: term }), params);
    const rows = await plannedRows(db, conditions, params.values);
    if (this.cache.size >= CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { rows, until: now + CACHE_MS });
    return rows;
  }
}

/** From each term's share of the app: those under BROAD_SHARE, or else the rarest. */
export function chooseDrivers(shares: readonly number[]): ReadonlySet<number> {
  const selective = shares.flatMap((share, index) => (share < BROAD_SHARE ? [index] : []));
  if (selective.length > 0) return new Set(selective);
  const rarest = shares.reduce((best, share, index) => (share < shares[best]! ? index : best), 0);
  return new Set([rarest]);
}
