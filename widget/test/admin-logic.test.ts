/**
 * The admin-facing rules without a browser: what a role may do, how long a
 * ban chosen in the dialog lasts, and how failures are worded.
 */
import { ApiError } from '../src/api/client';
import { banEnd } from '../src/state/bans';
import { explained } from '../src/state/messages';
import { permissionsOf } from '../src/state/permissions';

test('viewers read, managers moderate, admins administer; an unknown role may do nothing', () => {
  expect(permissionsOf('viewer')).toEqual({ moderate: false, administer: false });
  expect(permissionsOf('manager')).toEqual({ moderate: true, administer: false });
  expect(permissionsOf('admin')).toEqual({ moderate: true, administer: true });
  expect(permissionsOf('service')).toEqual({ moderate: false, administer: false });
  expect(permissionsOf(undefined)).toEqual({ moderate: false, administer: false });
});

test('a ban lasts the days chosen, until the end of the chosen day, or until unbanned; a past or missing day is refused', () => {
  const now = new Date(2026, 2, 4, 15, 30);
  expect(banEnd('1d', '', now)).toBe(new Date(2026, 2, 5, 15, 30).toISOString());
  expect(banEnd('30d', '', now)).toBe(new Date(now.getTime() + 30 * 86_400_000).toISOString());
  expect(banEnd('forever', '', now)).toBeNull();
  expect(banEnd('date', '2026-03-10', now)).toBe(new Date(2026, 2, 11).toISOString());
  expect(banEnd('date', '2026-03-04', now)).toBe(new Date(2026, 2, 5).toISOString());
  expect(banEnd('date', '2026-03-03', now)).toBeUndefined();
  expect(banEnd('date', '', now)).toBeUndefined();
});

test('refusals are worded for the admin by what they tried, never as an operation or a role table', () => {
  const forbidden = new ApiError('FORBIDDEN', 'The viewer role may not use Mutation.setUserStatus; it needs manager or admin');
  expect(explained(forbidden, 'banUsers').message).toBe('You can view users but not ban or unban them');
  expect(explained(forbidden, 'addTags').message).toBe('You can view users but not change their tags');
  expect(explained(forbidden, 'deleteUser').message).toBe('Only an admin can delete users');
  expect(explained(forbidden, 'exportUsers').message).toBe('Only an admin can import or export users');
  expect(explained(forbidden, 'somethingNew').message).toBe('Your role may not do this');
  expect(explained(forbidden, 'banUsers').code).toBe('FORBIDDEN');
  expect(explained(new ApiError('UNAUTHENTICATED', 'The token has expired'), 'loadUsers').message).toMatch(/^Your sign-in was refused or has expired/);
  expect(explained(new ApiError('HTTP_502', 'The server answered 502'), 'loadUsers').message).toBe('The server had a problem; try again in a moment');
  // What the server words for people stays as it is.
  const bad = new ApiError('BAD_USER_INPUT', 'input.name must not contain ";"', 'input.name');
  expect(explained(bad, 'createTag')).toBe(bad);
});
