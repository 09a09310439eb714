import type { Queryable } from '../db/database';
import { SqlParameters } from '../db/sql-parameters';
import { plannedRows } from './user-count';
import { type UserOrder, UserOrderField } from './dto/user-filter.input';
import { filterConditions, type ParsedFilter, parseUserFilter, walkedConditionsOnly } from './user-filter';
import { DEFAULT_ORDER } from './user-order';

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

/**
 * For two terms or more, none of them rare, the service chooses between the
 * two plans itself, from the planner's estimate of the whole filter, rather
 * than leave the choice to Postgres: its cost of a trigram bitmap does not
 * count the posting lists it decodes, and right after an import it chose the
 * bitmap for "grace hopper globex" (50 ms at a million users: 27 for the
 * posting lists of "grace" and "hopper", 23 for the 6,000 rows) over a walk
 * of the signup index (20 ms for the 10,000 rows until 50 matched). What a
 * row costs each way, in the time one walked row takes (2 µs here):
 */
export const PLAN_COST = {
  /** A row of the order's index and its heap row, checked against the terms. */
  walkedRow: 1,
  /** A row the bitmap found, read from the heap and rechecked. */
  bitmapRow: 2,
  /** An entry of a posting list (a trigram's, or a word prefix's) the bitmap decodes. */
  posting: 0.02,
} as const;
/**
 * A walk stops after four times the rows the estimate expects before a page
 * fills, and at least this many; the index answers the page if it has not
 * filled by then. Terms can be rarer together than their estimates multiply
 * to ("ada hopper" may match nobody in an app of Adas and Hoppers), and an
 * unbounded walk would then read every user of the app.
 */
export const WALK_AT_LEAST = 10_000;

/** How a search's terms are used: which drive an index scan, and whether the page must come from the index. */
export interface SearchPlan {
  /** The terms an index may follow; undefined when every one may. */
  driving?: ReadonlySet<number>;
  /** Matches are rare: find them by index and sort them, rather than walk the order. */
  indexFirst: boolean;
  /**
   * Matches are common: walk the order's index and check every term on its
   * rows, following no term's index, for at most `atMost` rows (null: the
   * whole app, which is smaller than that); then, if the page has not
   * filled, it comes from the index (`indexFirst` with `driving`).
   */
  walk?: { atMost: number | null };
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

  /**
   * How to use the filter's search terms (none: nothing to decide) for a
   * page of `rows` rows in `order`. Only the signup order is walked by this
   * choice: a name or an email order can hold a term's matches together ("grace"
   * among the G's, 36,000 rows into a walk that expected 9,000), and the last
   * access order joins a second table for every row walked; for those,
   * Postgres chooses as before. With tags, a status or a signup range beside
   * the terms, the walk reads the rows of the range and status and checks the
   * terms and the tags on each (walkedConditionsOnly in users/user-filter.ts):
   * Postgres's own choice for "everything combined" flipped between that walk
   * (7 ms) and reading every row the trigram and tag indexes found and sorting
   * them (50–270 ms) as its estimates changed from one ANALYZE to the next.
   */
  async plan(
    db: Queryable,
    appId: string,
    filter: ParsedFilter,
    page: { rows: number; order: UserOrder } = { rows: 51, order: DEFAULT_ORDER },
  ): Promise<SearchPlan> {
    if (filter.terms.length === 0) return { indexFirst: false };
    const { appRows, shares } = await this.shares(db, appId, filter);
    if (filter.terms.length < 2) return { indexFirst: Math.min(...shares) < INDEX_FIRST_SHARE };
    const driving = chooseDrivers(shares);
    if (Math.min(...shares) < INDEX_FIRST_SHARE) return { driving, indexFirst: true };
    if (page.order.field !== UserOrderField.SIGNED_UP_AT) return { driving, indexFirst: false };
    const indexedTags = [...filter.allTags, ...filter.anyTags];
    const termPostings = filter.terms.reduce((sum, term, index) => sum + (driving.has(index) ? postingLists(term) * shares[index]! * appRows : 0), 0);
    const estimates: PlanEstimates = {
      walkedRows: Math.max(1, await this.estimate(db, appId, walkedConditionsOnly(filter))),
      matches: Math.max(1, await this.estimate(db, appId, filter)),
      indexRows: await this.estimate(db, appId, {
        ...parseUserFilter({}),
        terms: filter.terms.filter((_, index) => driving.has(index)),
        allTags: filter.allTags,
        anyTags: filter.anyTags,
      }),
      postings: termPostings + (indexedTags.length > 0 ? await taggedUsers(db, appId, indexedTags) : 0),
      pageRows: page.rows,
    };
    return walkOrIndex(estimates, driving);
  }

  /** The terms an index may follow; undefined when every one may (one term or none). */
  async driving(db: Queryable, appId: string, filter: ParsedFilter): Promise<ReadonlySet<number> | undefined> {
    return filter.terms.length < 2 ? undefined : chooseDrivers((await this.shares(db, appId, filter)).shares);
  }

  /** The app's users and each term's share of them. */
  private async shares(db: Queryable, appId: string, filter: ParsedFilter): Promise<{ appRows: number; shares: number[] }> {
    const appRows = Math.max(1, await this.estimate(db, appId, parseUserFilter({})));
    const shares: number[] = [];
    for (const term of filter.terms) shares.push((await this.estimate(db, appId, parseUserFilter({ search: term }))) / appRows);
    return { appRows, shares };
  }

  /** The planner's estimate of the app's users a filter matches. */
  private async estimate(db: Queryable, appId: string, filter: ParsedFilter): Promise<number> {
    const key = `${appId}\u0000${JSON.stringify(filter)}`;
    const now = this.now();
    const cached = this.cache.get(key);
    if (cached && cached.until > now) return cached.rows;
    const params = new SqlParameters();
    const conditions = filterConditions(appId, filter, params);
    const rows = await plannedRows(db, conditions, params.values);
    if (this.cache.size >= CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { rows, until: now + CACHE_MS });
    return rows;
  }
}

/** What the choice between a walk of the signup order and the index rests on: the planner's estimates, and the tags' own counts. */
export interface PlanEstimates {
  /** The rows a walk reads from: the app's users in the filter's status and signup range. */
  walkedRows: number;
  /** The users the whole filter matches. */
  matches: number;
  /** The rows the index hands to the heap: those matching the driving terms and the tags an index serves (all, any). */
  indexRows: number;
  /** The posting-list entries the index decodes for them: the driving terms' and each of those tags' users. */
  postings: number;
  pageRows: number;
}

/** The cheaper of a bounded walk of the order and the index first, by PLAN_COST, for terms none of which is rare. */
export function walkOrIndex({ walkedRows, matches, indexRows, postings, pageRows }: PlanEstimates, driving: ReadonlySet<number>): SearchPlan {
  const walked = Math.min(walkedRows, (pageRows * walkedRows) / Math.max(1, matches));
  const bitmap = indexRows * PLAN_COST.bitmapRow + postings * PLAN_COST.posting;
  if (walked * PLAN_COST.walkedRow >= bitmap) return { driving, indexFirst: true };
  const atMost = Math.max(WALK_AT_LEAST, Math.ceil(4 * walked));
  return { driving, indexFirst: false, walk: { atMost: atMost >= walkedRows ? null : atMost } };
}

/** The users of the app who hold each tag, added up (as tags.user_count keeps them): what the tag index decodes for them. */
async function taggedUsers(db: Queryable, appId: string, tagIds: readonly string[]): Promise<number> {
  const [row] = await db.query<{ users: number }>(
    'SELECT coalesce(sum(user_count), 0)::float8 AS users FROM tags WHERE app_id = $1 AND id = ANY ($2::uuid[])',
    [appId, tagIds],
  );
  return row?.users ?? 0;
}

/** How many posting lists the index reads for a term: its trigrams, or one word prefix for a short term. */
const postingLists = (term: string): number => Math.max(1, [...term].length - 2);

/** From each term's share of the app: those under BROAD_SHARE, or else the rarest. */
export function chooseDrivers(shares: readonly number[]): ReadonlySet<number> {
  const selective = shares.flatMap((share, index) => (share < BROAD_SHARE ? [index] : []));
  if (selective.length > 0) return new Set(selective);
  const rarest = shares.reduce((best, share, index) => (share < shares[best]! ? index : best), 0);
  return new Set([rarest]);
}
