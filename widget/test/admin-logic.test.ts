/**
 * The admin-facing rules without a browser: what a role may do, how long a
 * ban chosen in the dialog lasts, how failures are worded, and what the
 * user form sends.
 */
import { ENGLISH } from '../src/i18n/english';
import { ApiError } from '../src/api/client';
import { banEnd } from '../src/state/bans';
import { explained } from '../src/state/messages';
import { permissionsOf } from '../src/state/permissions';
import { createInput, formValues, serverError, updateInput } from '../src/state/user-form';

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
  expect(explained(forbidden, 'banUsers', ENGLISH).message).toBe('You can view users but not ban or unban them');
  expect(explained(forbidden, 'addTags', ENGLISH).message).toBe('You can view users but not change their tags');
  expect(explained(forbidden, 'deleteUser', ENGLISH).message).toBe('Only an admin can delete users');
  expect(explained(forbidden, 'exportUsers', ENGLISH).message).toBe('Only an admin can import or export users');
  expect(explained(forbidden, 'somethingNew', ENGLISH).message).toBe('Your role may not do this');
  expect(explained(forbidden, 'banUsers', ENGLISH).code).toBe('FORBIDDEN');
  expect(explained(new ApiError('UNAUTHENTICATED', 'The token has expired'), 'loadUsers', ENGLISH).message).toMatch(/^Your sign-in was refused or has expired/);
  expect(explained(new ApiError('HTTP_502', 'The server answered 502'), 'loadUsers', ENGLISH).message).toBe('The server had a problem; try again in a moment');
  // What the server words for people stays as it is.
  const bad = new ApiError('BAD_USER_INPUT', 'input.name must not contain ";"', 'input.name');
  expect(explained(bad, 'createTag', ENGLISH)).toBe(bad);
});

describe('the user form', () => {
  const fields = [
    { id: '1', key: 'seats', label: 'Seats', type: 'NUMBER' as const, options: null, required: true },
    { id: '2', key: 'company', label: 'Company', type: 'TEXT' as const, options: null, required: false },
    { id: '3', key: 'newsletter', label: 'Newsletter', type: 'BOOLEAN' as const, options: null, required: false },
  ];

  test('a server refusal lands on the field it names, in words; others go to the form', () => {
    expect(serverError(fields, 'input.email', 'input.email is empty', ENGLISH)).toEqual({ email: 'Email is empty' });
    expect(serverError(fields, 'input.profile.seats', 'Seats (seats) must be a number', ENGLISH)).toEqual({
      'profile.seats': 'Seats (seats) must be a number',
    });
    expect(serverError(fields, 'input.profile.gone', '"gone" is not a profile field of this app', ENGLISH)).toEqual({
      form: '"gone" is not a profile field of this app',
    });
    expect(serverError(fields, undefined, 'The server had a problem', ENGLISH)).toEqual({ form: 'The server had a problem' });
  });

  test('an edit sends only what changed; a cleared value is null (removed); typed values by field type', () => {
    const user = {
      id: 'u1',
      email: 'ada@example.com',
      name: 'Ada',
      status: 'ACTIVE' as const,
      tags: [{ id: 't1' }],
      profile: { seats: 3, company: 'Acme', newsletter: true },
    };
    const before = formValues(fields, user);
    expect(before.profile).toEqual({ seats: '3', company: 'Acme', newsletter: 'true' });
    expect(updateInput(fields, before, before, ENGLISH)).toEqual({ input: undefined });
    const edited = { ...before, name: 'Ada L.', profile: { seats: ' 12 ', company: '', newsletter: 'false' } };
    expect(updateInput(fields, before, edited, ENGLISH)).toEqual({ input: { name: 'Ada L.', profile: { seats: 12, company: null, newsletter: false } } });
    expect(updateInput(fields, before, { ...before, profile: { ...before.profile, seats: '' } }, ENGLISH)).toEqual({
      errors: { 'profile.seats': 'Seats is required' },
    });
    expect(updateInput(fields, before, { ...before, profile: { ...before.profile, seats: '1e' } }, ENGLISH)).toEqual({
      errors: { 'profile.seats': 'Seats must be a number' },
    });
  });

  test('a new user sends the values given, without empty ones, and a password only when typed', () => {
    const values = { ...formValues(fields), email: ' kay@example.com ', profile: { seats: '2', company: '', newsletter: '' } };
    expect(createInput(fields, values, ENGLISH)).toEqual({
      input: { email: 'kay@example.com', name: null, status: 'ACTIVE', profile: { seats: 2 }, tagIds: [] },
    });
    expect(createInput(fields, { ...values, email: '' }, ENGLISH)).toEqual({ errors: { email: 'Email is required' } });
  });
});
