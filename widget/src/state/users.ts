import type { Localizer } from '../i18n/localizer';
import type { ProfileFieldsQuery, TagsQuery, UserCountsQuery, UserRowFragment } from '../api/generated';

/** The users, tags and fields as the element shows them. */
export type UserRow = UserRowFragment;
export type TagWithCount = TagsQuery['tags'][number];
export type ProfileField = ProfileFieldsQuery['profileFields'][number];
export type StatusCounts = UserCountsQuery['userCounts'];

/** The user's name, or the email when there is none: how the widget names a user to people. */
export const displayName = (user: Pick<UserRow, 'name' | 'email'>): string => user.name?.trim() || user.email;

/** "Ada Lovelace" for one user, "3 users" for more. */
export function describeUsers(users: ReadonlyArray<Pick<UserRow, 'name' | 'email'>>, l: Localizer): string {
  return users.length === 1 ? displayName(users[0]!) : l.t('users.count', { count: users.length });
}
