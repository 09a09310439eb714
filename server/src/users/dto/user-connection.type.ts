import { EXACT_COUNT_BUDGET_MS, SMALL_APP_USERS } from '../user-count';
import { Field, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../graphql/connection';
import type { UserFilter } from './user-filter.input';
import { User } from './user.type';

export const ESTIMATE_NOTE = `True when counting exactly would have taken over ${EXACT_COUNT_BUDGET_MS} ms in an app of ${SMALL_APP_USERS.toLocaleString('en-US')} users or more (millions of users): the counts then come from a 1% sample of the table, scaled up. Smaller apps are always counted exactly, and so is every count whose filter is at most a status (those counts are kept as users change).`;

@ObjectType({ description: 'A page of users. totalCount costs a count query, so it is only run when asked for.' })
export class UserConnection extends Connection(User, 'User') {
  /** The app and filter of this page, for totalCount. */
  appId!: string;
  filter!: UserFilter | null | undefined;
  /** One count shared by totalCount and totalCountEstimated. */
  counted?: Promise<{ count: number; estimated: boolean }>;
}

@ObjectType({ description: 'Users matching a filter by status, for status tabs. The filter status is ignored.' })
export class UserCounts {
  @Field(() => Int)
  all!: number;

  @Field(() => Int)
  active!: number;

  @Field(() => Int)
  banned!: number;

  @Field(() => Boolean, { description: ESTIMATE_NOTE })
  estimated!: boolean;
}
