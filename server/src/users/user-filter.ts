import { badInput } from '../common/app-error';
import { parseIds } from '../common/ids';
import { hasControlCharacters } from '../common/text';
import type { SqlParameters } from '../db/sql-parameters';
import type { UserFilter } from './dto/user-filter.input';
import type { UserStatus } from './dto/user.type';

const MAX_TERMS = 10;
const MAX_TERM_LENGTH = 100;
const MAX_FILTER_TAGS = 100;
/** Shorter terms have no trigram to look up: they match the start of a word instead. */
const TRIGRAM = 3;
/**
 * What separates words for a short term: whitespace and ASCII punctuation,
 * the same set as public.um_word_prefixes (migration WordPrefixes1765100000001).
 */
const WORD_SEPARATORS = /[\s!-/:-@[-`{-~]/gu;

/** A filter checked once and ready to turn into SQL. */
export interface ParsedFilter {
  terms: string[];
  status: UserStatus | undefined;
  signedUpFrom: Date | undefined;
  signedUpTo: Date | undefined;
  allTags: string[];
  anyTags: string[];
  noneTags: string[];
}

export function parseUserFilter(filter: UserFilter | null | undefined, path = 'filter'): ParsedFilter {
  const terms = (filter?.search ?? '')
    .split(/\s+/)
    // A short term cannot hold a separator and still start a word: "@e" looks for words starting with "e", "." for nothing.
    .map((term) => ([...term].length < TRIGRAM ? term.replace(WORD_SEPARATORS, '') : term))
    .filter(Boolean);
  if (terms.length > MAX_TERMS) throw badInput(`${path}.search`, `Search at most ${MAX_TERMS} terms at once`);
  if (terms.some((term) => term.length > MAX_TERM_LENGTH)) {
    throw badInput(`${path}.search`, `A search term may be at most ${MAX_TERM_LENGTH} characters`);
  }
  if (terms.some(hasControlCharacters)) throw badInput(`${path}.search`, `Search terms must be printable text`);
  const from = filter?.signedUp?.from ?? undefined;
  const to = filter?.signedUp?.to ?? undefined;
  for (const [key, date] of [
    ['from', from],
    ['to', to],
  ] as const) {
    // Postgres keeps no year 0 and no year past 294276: a bound out there is the client's error, said before any query.
    if (date && (date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999)) {
      throw badInput(`${path}.signedUp.${key}`, `${path}.signedUp.${key} must be a date-time between the years 1 and 9999`);
    }
  }
  if (from && to && from.getTime() >= to.getTime()) {
    throw badInput(`${path}.signedUp`, `${path}.signedUp.from must be before ${path}.signedUp.to`);
  }
  const tags = filter?.tags;
  return {
    terms,
    status: filter?.status ?? undefined,
    signedUpFrom: from,
    signedUpTo: to,
    allTags: parseIds(`${path}.tags.all`, tags?.all ?? [], MAX_FILTER_TAGS),
    anyTags: parseIds(`${path}.tags.any`, tags?.any ?? [], MAX_FILTER_TAGS),
    noneTags: parseIds(`${path}.tags.none`, tags?.none ?? [], MAX_FILTER_TAGS),
  };
}

/** Whether the filter is at most a status: its counts are kept as users change (users/user-count.ts), no scan needed. */
export const byStatusOnly = (filter: ParsedFilter): boolean =>
  filter.terms.length === 0 && !filter.signedUpFrom && !filter.signedUpTo && filter.allTags.length + filter.anyTags.length + filter.noneTags.length === 0;

/** Whether a term is too short for the trigram index, and so matches the start of a word. */
export const isShortTerm = (term: string): boolean => [...term].length < TRIGRAM;

export interface ConditionOptions {
  ignoreStatus?: boolean;
  /** The indexes of the terms an index scan may follow (see users/search-terms.ts); the others are checked on each row. Default: all. */
  driving?: ReadonlySet<number>;
  /** A page's cursor in signup order: its sort key (a bound parameter) and whether the order is newest first. */
  signupCursor?: { key: string; descending: boolean };
}

/**
 * The WHERE conditions of a filter on `users`, always scoped to one app.
 * Every value is a bound parameter.
 */
export function filterConditions(appId: string, filter: ParsedFilter, params: SqlParameters, options: ConditionOptions = {}): string[] {
  const conditions = [`users.app_id = ${params.add(appId)}`];
  conditions.push(...termConditions(filter, params, options.driving));
  if (filter.status && !options.ignoreStatus) conditions.push(statusCondition(filter.status, params));
  const cursor = options.signupCursor;
  if (filter.signedUpFrom) conditions.push(signupBound('>=', params.add(filter.signedUpFrom), cursor && !cursor.descending ? cursor.key : undefined));
  if (filter.signedUpTo) conditions.push(signupBound('<', params.add(filter.signedUpTo), cursor?.descending ? cursor.key : undefined));
  conditions.push(...tagConditions(filter, params));
  return conditions;
}

const statusCondition = (status: UserStatus, params: SqlParameters): string => `users.status = ${params.add(status)}`;

/** The filter's tag conditions (must have all, any, none of the tags) on `users.tag_ids`. */
function tagConditions(filter: ParsedFilter, params: SqlParameters): string[] {
  const conditions: string[] = [];
  if (filter.allTags.length > 0) conditions.push(`users.tag_ids @> ${params.add(filter.allTags)}::uuid[]`);
  if (filter.anyTags.length > 0) conditions.push(`users.tag_ids && ${params.add(filter.anyTags)}::uuid[]`);
  if (filter.noneTags.length > 0) conditions.push(`NOT (users.tag_ids && ${params.add(filter.noneTags)}::uuid[])`);
  return conditions;
}

/**
 * A walk of the signup order (users/search-terms.ts) reads the app's users
 * in the filter's signup range and status by an index, and checks the terms
 * and tags on each row it reads (`walkChecks`), so that every row it reads
 * counts against its bound. Left in its WHERE, tag conditions let Postgres
 * read all of their matches by the tag index and sort them instead. The
 * status stays: banned users have a signup index of their own (migration
 * BannedSignupOrder1765400000000), and active ones are nearly everyone.
 */
export const walkedConditionsOnly = (filter: ParsedFilter): ParsedFilter => ({ ...filter, terms: [], allTags: [], anyTags: [], noneTags: [] });

/** What a walk checks on each row it reads: the terms (none of them indexed, but `driving`) and the tags. */
export function walkChecks(filter: ParsedFilter, params: SqlParameters, driving?: ReadonlySet<number>): string[] {
  return [...termConditions(filter, params, driving), ...tagConditions(filter, params)];
}

/**
 * A bound of the signup range. Past a cursor in signup order, the bound on
 * the side the pages come from (`to` when newest first) holds for every row
 * already, unless the cursor lies outside it: so it is written to fold away
 * then (the key and the bound are constants the planner compares). Left in,
 * it would be a second start for the index scan beside the cursor's row
 * comparison, and the scan began at the bound and stepped over every entry
 * down to the cursor: page 40 of a two-year range took 34–44 ms against
 * 11–13 ms without it.
 */
function signupBound(operator: '>=' | '<', bound: string, cursorKey: string | undefined): string {
  const condition = `users.signed_up_at ${operator} ${bound}`;
  return cursorKey ? `(${condition} OR ${cursorKey}::timestamptz ${operator} ${bound})` : condition;
}

/**
 * One condition per search term on the stored, folded search text. The
 * term is folded in SQL; the planner evaluates that on the constant before
 * it estimates, so each term is estimated from the column's statistics.
 *
 * - A term of three characters or more is a substring: LIKE with its
 *   wildcards escaped, which the trigram index serves. Off the driving set
 *   it is strpos, which no index serves, checked on the rows the others found.
 * - A shorter term is the start of a word: its folded first two characters
 *   among the row's stored word prefixes, which their own index serves. Off
 *   the driving set it is `= ANY`, which no index serves.
 */
export function termConditions(filter: ParsedFilter, params: SqlParameters, driving?: ReadonlySet<number>): string[] {
  return filter.terms.map((term, index) => {
    const folded = `public.um_fold(${params.add(term)})`;
    const indexed = !driving || driving.has(index);
    if (isShortTerm(term)) {
      const prefix = `left(${folded}, 2)`;
      return indexed ? `users.word_prefixes @> ARRAY[${prefix}]` : `${prefix} = ANY (users.word_prefixes)`;
    }
    return indexed
      ? `users.search_text LIKE '%' || replace(replace(replace(${folded}, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`
      : `strpos(users.search_text, ${folded}) > 0`;
  });
}
