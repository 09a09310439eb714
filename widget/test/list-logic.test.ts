/**
 * The widget's logic without a browser: what the filters send to the API,
 * how keyset paging goes forwards and back, and how an optimistic change is
 * taken back. (The same behaviour is driven through the element in the
 * browser tests.)
 */
import { currentAfter, firstPage, hasPreviousPage, nextPage, pageNumber, previousPage, rowRange } from '../src/state/cursor-pages';
import { applyOptimistic } from '../src/state/optimistic';
import {
  countsFilter,
  dateRangeProblem,
  EMPTY_FILTERS,
  hasFilters,
  nextOrder,
  startOfLocalDay,
  toUserFilter,
  withKnownTags,
  withTagMode,
  type FilterState,
} from '../src/state/user-filters';

const filters = (patch: Partial<FilterState>): FilterState => ({ ...EMPTY_FILTERS, ...patch });

describe('filters to variables', () => {
  test('no filter at all is null, so the API gets no filter argument', () => {
    expect(toUserFilter(EMPTY_FILTERS)).toBeNull();
    expect(toUserFilter(filters({ search: '   ' }))).toBeNull();
  });

  test('search is trimmed and kept as typed otherwise', () => {
    expect(toUserFilter(filters({ search: '  Zoë  ACME ' }))).toEqual({ search: 'Zoë  ACME' });
  });

  test('the status tab becomes the status, except All', () => {
    expect(toUserFilter(filters({ status: 'BANNED' }))).toEqual({ status: 'BANNED' });
    expect(toUserFilter(filters({ status: 'ACTIVE', search: 'ada' }))).toEqual({ status: 'ACTIVE', search: 'ada' });
    expect(toUserFilter(filters({ status: 'ALL' }))).toBeNull();
  });

  test('the counts for the tabs use every filter but the status', () => {
    expect(countsFilter(filters({ status: 'BANNED', search: 'ada' }))).toEqual({ search: 'ada' });
    expect(countsFilter(filters({ status: 'ACTIVE' }))).toBeNull();
  });

  test('signup days are local midnights, and the "to" day is included (the API bound is exclusive)', () => {
    const range = toUserFilter(filters({ signedUpFrom: '2026-03-01', signedUpTo: '2026-03-31' }))!.signedUp!;
    expect(range.from).toBe(new Date(2026, 2, 1).toISOString());
    expect(range.to).toBe(new Date(2026, 3, 1).toISOString());
    expect(toUserFilter(filters({ signedUpTo: '2026-12-31' }))!.signedUp).toEqual({ to: new Date(2027, 0, 1).toISOString() });
    expect(toUserFilter(filters({ signedUpFrom: '2026-02-28' }))!.signedUp).toEqual({ from: new Date(2026, 1, 28).toISOString() });
  });

  test('a malformed day is no bound rather than a wrong one', () => {
    expect(startOfLocalDay('2026-3-1')).toBeUndefined();
    expect(startOfLocalDay('')).toBeUndefined();
    expect(toUserFilter(filters({ signedUpFrom: 'yesterday' }))).toBeNull();
  });

  test('an end before the start is named as the problem', () => {
    expect(dateRangeProblem(filters({ signedUpFrom: '2026-05-02', signedUpTo: '2026-05-01' }))).toBe('filters.endBeforeStart');
    expect(dateRangeProblem(filters({ signedUpFrom: '2026-05-01', signedUpTo: '2026-05-01' }))).toBeUndefined();
  });

  test('tags are grouped by mode; modes with no tag are left out', () => {
    const tags = withTagMode(withTagMode(withTagMode({}, 'vip', 'all'), 'beta', 'any'), 'churn', 'none');
    expect(toUserFilter(filters({ tags }))).toEqual({ tags: { all: ['vip'], any: ['beta'], none: ['churn'] } });
    expect(toUserFilter(filters({ tags: { a: 'any', b: 'any' } }))).toEqual({ tags: { any: ['a', 'b'] } });
    expect(withTagMode({ a: 'any' }, 'a', '')).toEqual({});
  });

  test('tags deleted meanwhile drop out of the filter; nothing changes when all are known', () => {
    const state = filters({ tags: { kept: 'all', gone: 'none' } });
    expect(withKnownTags(state, new Set(['kept'])).tags).toEqual({ kept: 'all' });
    expect(withKnownTags(state, new Set(['kept', 'gone']))).toBe(state);
  });

  test('"Clear filters" has something to clear only when a filter other than the tab is set', () => {
    expect(hasFilters(filters({ status: 'BANNED' }))).toBe(false);
    expect(hasFilters(filters({ search: 'x' }))).toBe(true);
    expect(hasFilters(filters({ signedUpTo: '2026-01-01' }))).toBe(true);
    expect(hasFilters(filters({ tags: { a: 'none' } }))).toBe(true);
  });

  test('sorting: a new column starts in its natural direction, the same column flips', () => {
    expect(nextOrder({ field: 'SIGNED_UP_AT', direction: 'DESC' }, 'NAME')).toEqual({ field: 'NAME', direction: 'ASC' });
    expect(nextOrder({ field: 'NAME', direction: 'ASC' }, 'NAME')).toEqual({ field: 'NAME', direction: 'DESC' });
    expect(nextOrder({ field: 'NAME', direction: 'ASC' }, 'LAST_ACCESS_AT')).toEqual({ field: 'LAST_ACCESS_AT', direction: 'DESC' });
  });
});

describe('cursor paging', () => {
  test('forward with each page end cursor, back to exactly the cursor each page was asked with', () => {
    let pages = firstPage();
    expect([currentAfter(pages), pageNumber(pages), hasPreviousPage(pages)]).toEqual([null, 1, false]);
    pages = nextPage(pages, 'c50');
    pages = nextPage(pages, 'c100');
    expect([currentAfter(pages), pageNumber(pages)]).toEqual(['c100', 3]);
    pages = previousPage(pages);
    expect([currentAfter(pages), pageNumber(pages), hasPreviousPage(pages)]).toEqual(['c50', 2, true]);
    pages = previousPage(previousPage(pages));
    expect([currentAfter(pages), pageNumber(pages)]).toEqual([null, 1]);
  });

  test('no end cursor (an empty page) goes nowhere', () => {
    const pages = firstPage();
    expect(nextPage(pages, null)).toBe(pages);
  });

  test('the rows a page shows, for the footer', () => {
    expect(rowRange(firstPage(), 50, 50)).toEqual({ from: 1, to: 50 });
    expect(rowRange(nextPage(firstPage(), 'c'), 50, 7)).toEqual({ from: 51, to: 57 });
    expect(rowRange(firstPage(), 50, 0)).toEqual({ from: 0, to: 0 });
  });
});

describe('optimistic changes', () => {
  const rows = [
    { id: 'a', status: 'ACTIVE' },
    { id: 'b', status: 'ACTIVE' },
    { id: 'c', status: 'ACTIVE' },
  ];

  test('changes only the chosen rows at once', () => {
    const change = applyOptimistic(rows, new Set(['a', 'c']), (row) => ({ ...row, status: 'BANNED' }));
    expect(change.rows.map((row) => row.status)).toEqual(['BANNED', 'ACTIVE', 'BANNED']);
    expect(rows[0]!.status).toBe('ACTIVE');
  });

  test('rollback restores those rows and keeps what changed elsewhere meanwhile', () => {
    const change = applyOptimistic(rows, new Set(['a']), (row) => ({ ...row, status: 'BANNED' }));
    const meanwhile = change.rows.map((row) => (row.id === 'b' ? { ...row, status: 'BANNED' } : row));
    expect(change.rollback(meanwhile)).toEqual([
      { id: 'a', status: 'ACTIVE' },
      { id: 'b', status: 'BANNED' },
      { id: 'c', status: 'ACTIVE' },
    ]);
  });

  test('rollback on a page that no longer shows the row leaves that page alone', () => {
    const change = applyOptimistic(rows, new Set(['a']), (row) => ({ ...row, status: 'BANNED' }));
    const otherPage = [{ id: 'x', status: 'ACTIVE' }];
    expect(change.rollback(otherPage)).toEqual(otherPage);
  });
});
