import type { UserFilter, UserOrder, UserOrderField } from '../api/generated';
import type { CursorPages } from './cursor-pages';
import { DEFAULT_ORDER, EMPTY_FILTERS, startOfLocalDay, type FilterState, type TagMode } from './user-filters';
import { parseColumnList } from './columns';
import { localDayKey } from './format';

/**
 * What the element mirrors into the host page's query string with
 * `url-state`, and restores from it: the filters, the order, the columns
 * (when the admin chose them), the page and the saved view in use. Every key
 * starts with `um-`; the host's own keys are left as they are.
 *
 * | key | holds |
 * | --- | --- |
 * | `um-q` | the search |
 * | `um-status` | `active` or `banned` (all when absent) |
 * | `um-from`, `um-to` | signup days, `YYYY-MM-DD`, both included |
 * | `um-tags-all`, `um-tags-any`, `um-tags-none` | tag ids, comma-separated |
 * | `um-sort` | `name`, `email`, `signed-up`, `last-access`; a leading `-` is descending (default `-signed-up`) |
 * | `um-columns` | column ids, comma-separated |
 * | `um-page` | the `after` cursors of pages 2… up to the current one, separated by `.` (page 1 when absent) |
 * | `um-view` | the saved view's id |
 */
export interface UrlState {
  filters: FilterState;
  order: UserOrder;
  columns: string[] | undefined;
  pages: CursorPages;
  view: string | undefined;
}

const PREFIX = 'um-';
const SORT_NAMES: Record<UserOrderField, string> = { NAME: 'name', EMAIL: 'email', SIGNED_UP_AT: 'signed-up', LAST_ACCESS_AT: 'last-access' };
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MODES: readonly TagMode[] = ['all', 'any', 'none'];
/** Tag ids are UUIDs; anything else in a link is dropped before it reaches the API (and tags the app lacks, once its tags are read). */
const TAG_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const list = (value: string | null): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** The state a query string holds; whatever is missing or malformed is the default. */
export function readUrlState(search: string): UrlState {
  const params = new URLSearchParams(search);
  const status = params.get(`${PREFIX}status`)?.toUpperCase();
  const day = (key: string) => {
    const value = params.get(`${PREFIX}${key}`) ?? '';
    // A day that is one: "2026-02-30" would roll over into March, and is dropped instead.
    const start = DAY.test(value) ? startOfLocalDay(value) : undefined;
    return start !== undefined && localDayKey(start) === value ? value : '';
  };
  const tags: Record<string, TagMode> = {};
  for (const mode of MODES) for (const id of list(params.get(`${PREFIX}tags-${mode}`))) if (TAG_ID.test(id)) tags[id] = mode;
  const filters: FilterState = {
    search: params.get(`${PREFIX}q`) ?? '',
    status: status === 'ACTIVE' || status === 'BANNED' ? status : 'ALL',
    signedUpFrom: day('from'),
    signedUpTo: day('to'),
    tags,
  };
  const cursors = (params.get(`${PREFIX}page`) ?? '').split('.').filter((cursor) => /^[\w-]+$/.test(cursor));
  return {
    filters,
    order: readOrder(params.get(`${PREFIX}sort`)),
    columns: parseColumnList(params.get(`${PREFIX}columns`)),
    pages: { afters: [null, ...cursors] },
    view: params.get(`${PREFIX}view`) || undefined,
  };
}

function readOrder(value: string | null): UserOrder {
  if (!value) return DEFAULT_ORDER;
  const descending = value.startsWith('-');
  const name = descending ? value.slice(1) : value;
  const field = (Object.keys(SORT_NAMES) as UserOrderField[]).find((candidate) => SORT_NAMES[candidate] === name);
  return field ? { field, direction: descending ? 'DESC' : 'ASC' } : DEFAULT_ORDER;
}

/** The query string with the element's keys set to `state` (defaults left out) and every other key kept as it was. */
export function writeUrlState(search: string, state: UrlState): string {
  const params = new URLSearchParams(search);
  for (const key of [...params.keys()]) if (key.startsWith(PREFIX)) params.delete(key);
  const { filters, order } = state;
  const set = (key: string, value: string | undefined) => {
    if (value) params.set(`${PREFIX}${key}`, value);
  };
  set('view', state.view);
  set('q', filters.search.trim());
  set('status', filters.status === 'ALL' ? undefined : filters.status.toLowerCase());
  set('from', filters.signedUpFrom);
  set('to', filters.signedUpTo);
  for (const mode of MODES) {
    set(
      `tags-${mode}`,
      Object.entries(filters.tags)
        .filter(([, tagMode]) => tagMode === mode)
        .map(([id]) => id)
        .join(','),
    );
  }
  const sort = `${order.direction === 'DESC' ? '-' : ''}${SORT_NAMES[order.field]}`;
  set('sort', order.field === DEFAULT_ORDER.field && order.direction === DEFAULT_ORDER.direction ? undefined : sort);
  set('columns', state.columns?.join(','));
  set('page', state.pages.afters.slice(1).join('.'));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * A saved view's filter as the toolbar and tabs hold it: the reverse of
 * toUserFilter (its exclusive "to" instant is the day before, the last day
 * included).
 */
export function filterStateOf(filter: UserFilter | null | undefined): FilterState {
  if (!filter) return EMPTY_FILTERS;
  const tags: Record<string, TagMode> = {};
  for (const mode of MODES) for (const id of filter.tags?.[mode] ?? []) tags[id] = mode;
  return {
    search: filter.search ?? '',
    status: filter.status ?? 'ALL',
    signedUpFrom: filter.signedUp?.from ? localDayKey(filter.signedUp.from) : '',
    // The exclusive bound is the next midnight: the last day included is the one a millisecond before.
    signedUpTo: filter.signedUp?.to ? localDayKey(new Date(new Date(filter.signedUp.to).getTime() - 1).toISOString()) : '',
    tags,
  };
}
