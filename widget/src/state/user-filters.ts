import type { UserFilter, UserOrder, UserStatus } from '../api/generated';

export type StatusTab = 'ALL' | UserStatus;

/** How one tag narrows the list: users having all, any or none of the tags so marked. */
export type TagMode = 'all' | 'any' | 'none';

/** What the toolbar and status tabs hold, as the user set it. */
export interface FilterState {
  search: string;
  status: StatusTab;
  /** `YYYY-MM-DD` in the admin's own time zone, or '' for no bound; both days are included. */
  signedUpFrom: string;
  signedUpTo: string;
  tags: Readonly<Record<string, TagMode>>;
}

export const EMPTY_FILTERS: FilterState = Object.freeze({ search: '', status: 'ALL', signedUpFrom: '', signedUpTo: '', tags: Object.freeze({}) });

export const DEFAULT_ORDER: UserOrder = Object.freeze({ field: 'SIGNED_UP_AT', direction: 'DESC' });

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight at the start of a local calendar day, as the instant the API takes; undefined for '' or a malformed day. */
export function startOfLocalDay(day: string, offsetDays = 0): string | undefined {
  const match = DAY.exec(day);
  if (!match) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + offsetDays);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * The API filter for the list: search trimmed (blank is no search), the
 * status tab, the signup days as an instant range (the "to" day included, so
 * the exclusive bound is the next midnight) and the tags grouped by mode.
 * Null when nothing narrows the list.
 */
export function toUserFilter(state: FilterState, options: { withStatus?: boolean } = {}): UserFilter | null {
  const filter: UserFilter = {};
  const search = state.search.trim();
  if (search) filter.search = search;
  if ((options.withStatus ?? true) && state.status !== 'ALL') filter.status = state.status;
  const from = startOfLocalDay(state.signedUpFrom);
  const to = startOfLocalDay(state.signedUpTo, 1);
  if (from || to) filter.signedUp = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  const tags = tagFilter(state.tags);
  if (tags) filter.tags = tags;
  return Object.keys(filter).length > 0 ? filter : null;
}

/** The filter for the status tab counts: everything but the status, which the counts split by. */
export const countsFilter = (state: FilterState): UserFilter | null => toUserFilter(state, { withStatus: false });

function tagFilter(tags: FilterState['tags']): UserFilter['tags'] {
  const grouped: Record<TagMode, string[]> = { all: [], any: [], none: [] };
  for (const [tagId, mode] of Object.entries(tags)) grouped[mode].push(tagId);
  const result: NonNullable<UserFilter['tags']> = {};
  for (const mode of ['all', 'any', 'none'] as const) if (grouped[mode].length > 0) result[mode] = grouped[mode];
  return Object.keys(result).length > 0 ? result : undefined;
}

/** True when anything but the status tab narrows the list (what "Clear filters" clears). */
export function hasFilters(state: FilterState): boolean {
  return state.search.trim() !== '' || state.signedUpFrom !== '' || state.signedUpTo !== '' || Object.keys(state.tags).length > 0;
}

/** Why the date range cannot match anything, if it cannot (the message's key). */
export function dateRangeProblem(state: FilterState): 'filters.endBeforeStart' | undefined {
  if (state.signedUpFrom && state.signedUpTo && state.signedUpTo < state.signedUpFrom) {
    return 'filters.endBeforeStart';
  }
  return undefined;
}

/** Sets or clears one tag's mode, leaving the others. */
export function withTagMode(tags: FilterState['tags'], tagId: string, mode: TagMode | ''): FilterState['tags'] {
  const next = { ...tags };
  if (mode) next[tagId] = mode;
  else delete next[tagId];
  return next;
}

/** Drops tags that no longer exist (deleted elsewhere), so the filter never names an unknown id. */
export function withKnownTags(state: FilterState, knownTagIds: ReadonlySet<string>): FilterState {
  const kept = Object.entries(state.tags).filter(([tagId]) => knownTagIds.has(tagId));
  if (kept.length === Object.keys(state.tags).length) return state;
  return { ...state, tags: Object.fromEntries(kept) };
}

/** Clicking a column header: a new column starts in its natural direction, the same column flips. */
export function nextOrder(current: UserOrder, field: UserOrder['field']): UserOrder {
  if (current.field === field) return { field, direction: current.direction === 'ASC' ? 'DESC' : 'ASC' };
  const naturallyAscending = field === 'NAME' || field === 'EMAIL';
  return { field, direction: naturallyAscending ? 'ASC' : 'DESC' };
}
