/**
 * The logic behind columns and views without a browser: what the query
 * string holds and what a careless or hostile link does to it, a saved
 * filter back as the toolbar's state, and the column list rules.
 */
import { ENGLISH } from '../src/i18n/english';
import { availableColumns, moveColumn, parseColumnList, resolveColumns, toggleColumn } from '../src/state/columns';
import { EMPTY_FILTERS, toUserFilter } from '../src/state/user-filters';
import { filterStateOf, readUrlState, writeUrlState } from '../src/state/url-state';
import type { ProfileField } from '../src/state/users';

const TAG = '0190a5c4-0000-7000-8000-000000000001';

test('the query string round-trips every part of the state and keeps the host keys', () => {
  const state = {
    filters: { search: 'ada lovelace', status: 'BANNED' as const, signedUpFrom: '2026-01-01', signedUpTo: '2026-02-28', tags: { [TAG]: 'none' as const } },
    order: { field: 'LAST_ACCESS_AT' as const, direction: 'ASC' as const },
    columns: ['name', 'plan'],
    pages: { afters: [null, 'eyJvIjoi', 'eyJpIjoi'] },
    view: 'view-1',
  };
  const search = writeUrlState('?tab=users&um-q=old', state);
  expect(new URLSearchParams(search).get('tab')).toBe('users');
  expect(readUrlState(search)).toEqual(state);
  // Defaults are left out: page 1 of everything by signup is a bare URL.
  expect(
    writeUrlState('', {
      filters: EMPTY_FILTERS,
      order: { field: 'SIGNED_UP_AT', direction: 'DESC' },
      columns: undefined,
      pages: { afters: [null] },
      view: undefined,
    }),
  ).toBe('');
});

test('a malformed or hostile link gives the defaults for what it gets wrong, never an error', () => {
  const state = readUrlState(
    '?um-status=deleted&um-from=yesterday&um-to=2026-02-30&um-sort=-password&um-page=a.b%3Cscript%3E.c&um-columns=,,&um-tags-all=robert%27);DROP,1',
  );
  expect(state.filters).toEqual(EMPTY_FILTERS);
  expect(state.order).toEqual({ field: 'SIGNED_UP_AT', direction: 'DESC' });
  expect(state.pages.afters).toEqual([null, 'a', 'c']);
  expect(state.columns).toBeUndefined();
});

test('a saved filter comes back as the days and tag modes the toolbar showed', () => {
  const filters = { search: 'hopper', status: 'ACTIVE' as const, signedUpFrom: '2026-03-01', signedUpTo: '2026-03-31', tags: { [TAG]: 'all' as const } };
  expect(filterStateOf(toUserFilter(filters))).toEqual(filters);
  expect(filterStateOf(null)).toEqual(EMPTY_FILTERS);
});

test('columns: unknown ids wait for the fields, the name column is always there, moves stay in the list', () => {
  const fields: ProfileField[] = [{ id: '1', key: 'plan', label: 'Plan', type: 'SELECT', options: ['Free'], required: false }];
  expect(parseColumnList(' email, plan ,email,')).toEqual(['email', 'plan']);
  expect(resolveColumns(['email', 'plan'], availableColumns([], ENGLISH)).map((column) => column.id)).toEqual(['name', 'email']);
  expect(resolveColumns(['email', 'plan'], availableColumns(fields, ENGLISH)).map((column) => column.id)).toEqual(['name', 'email', 'plan']);
  expect(resolveColumns(['nothing'], availableColumns(fields, ENGLISH)).map((column) => column.id)).toEqual([
    'name',
    'email',
    'status',
    'tag-count',
    'signed-up',
    'last-access',
  ]);
  expect(toggleColumn(['name', 'email'], 'name', false)).toEqual(['name', 'email']);
  expect(moveColumn(['name', 'email'], 'email', 1)).toEqual(['name', 'email']);
  expect(moveColumn(['name', 'email'], 'email', -1)).toEqual(['email', 'name']);
});
