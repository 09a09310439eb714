import { badInput } from '../common/app-error';
import { parseIds } from '../common/ids';
import { hasControlCharacters } from '../common/text';
import type { SqlParameters } from '../db/sql-parameters';
import type { UserFilter } from './dto/user-filter.input';
import type { UserStatus } from './dto/user.type';

const MAX_TERMS = 10;
const MAX_TERM_LENGTH = 100;
const MAX_FILTER_TAGS = 100;
/** Shorter terms have no trigram to look up: they are matched by scanning instead. */
const TRIGRAM = 3;

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
  const terms = (filter?.search ?? '').split(/\s+/).filter(Boolean);
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

/** Whether the filter holds a search term too short for the trigram index. */
export const hasShortTerm = (filter: ParsedFilter): boolean => filter.terms.some((term) => term.length < TRIGRAM);

/**
 * The WHERE conditions of a filter on `users`, always scoped to one app.
 * Every value is a bound parameter. `withoutTerms` leaves the search terms
 * out, for a caller that adds them itself (see termConditions).
 */
export function filterConditions(
  appId: string,
  filter: ParsedFilter,
  params: SqlParameters,
  options: { ignoreStatus?: boolean; withoutTerms?: boolean } = {},
): string[] {
  const conditions = [`users.app_id = ${params.add(appId)}`];
  if (!options.withoutTerms) conditions.push(...termConditions(filter, params));
  if (filter.status && !options.ignoreStatus) conditions.push(`users.status = ${params.add(filter.status)}`);
  if (filter.signedUpFrom) conditions.push(`users.signed_up_at >= ${params.add(filter.signedUpFrom)}`);
  if (filter.signedUpTo) conditions.push(`users.signed_up_at < ${params.add(filter.signedUpTo)}`);
  if (filter.allTags.length > 0) conditions.push(`users.tag_ids @> ${params.add(filter.allTags)}::uuid[]`);
  if (filter.anyTags.length > 0) conditions.push(`users.tag_ids && ${params.add(filter.anyTags)}::uuid[]`);
  if (filter.noneTags.length > 0) conditions.push(`NOT (users.tag_ids && ${params.add(filter.noneTags)}::uuid[])`);
  return conditions;
}

/** One condition per search term on the stored, folded search text. */
export function termConditions(filter: ParsedFilter, params: SqlParameters): string[] {
  return filter.terms.map((term) => {
    const folded = `public.um_fold(${params.add(term)})`;
    // A term of three characters or more can use the trigram index through
    // LIKE, with its wildcards escaped; a shorter one has no trigram, and
    // strpos keeps the planner off that index (docs/performance.md: 10x slower than a scan).
    return term.length >= TRIGRAM
      ? `users.search_text LIKE '%' || replace(replace(replace(${folded}, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`
      : `strpos(users.search_text, ${folded}) > 0`;
  });
}
