import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserFilter } from '../../users/dto/user-filter.input';

export enum BulkAction {
  BAN = 'BAN',
  UNBAN = 'UNBAN',
  ADD_TAGS = 'ADD_TAGS',
  REMOVE_TAGS = 'REMOVE_TAGS',
  DELETE = 'DELETE',
}

export enum BulkJobStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}

registerEnumType(BulkAction, {
  name: 'BulkAction',
  valuesConfig: {
    BAN: { description: 'Ban every matching user (with reason and bannedUntil); manager or admin.' },
    UNBAN: { description: 'Set every matching user ACTIVE; manager or admin.' },
    ADD_TAGS: { description: 'Put tagIds on every matching user; manager or admin.' },
    REMOVE_TAGS: { description: 'Take tagIds off every matching user; manager or admin.' },
    DELETE: { description: 'Delete every matching user for good, as deleteUser does; admin only.' },
  },
});
registerEnumType(BulkJobStatus, {
  name: 'BulkJobStatus',
  valuesConfig: {
    QUEUED: { description: 'Waiting for a runner.' },
    RUNNING: { description: 'Users are being changed in batches; a restart resumes it after the last batch.' },
    SUCCEEDED: { description: 'Every user that matched when it started was handled.' },
    FAILED: { description: 'The job stopped; message says why. Batches done before stay done.' },
  },
});

@InputType({ description: 'Work on every user a filter matches, confirmed with the count the admin saw.' })
export class BulkJobInput {
  @Field(() => BulkAction)
  action!: BulkAction;

  @Field(() => UserFilter, { description: 'The users to change, as users(filter:) reads it.' })
  filter!: UserFilter;

  @Field(() => Int, {
    description:
      'How many users the admin confirmed. When the filter matches another number as the job starts, it is CONFLICT, with extensions.count the number found.',
  })
  expectedCount!: number;

  @Field(() => String, { nullable: true, description: 'BAN: why (at most 500 characters).' })
  reason?: string | null;

  @Field(() => Date, { nullable: true, description: 'BAN: when the bans end; none: until lifted.' })
  bannedUntil?: Date | null;

  @Field(() => [ID], { nullable: true, description: 'ADD_TAGS and REMOVE_TAGS: the tags.' })
  tagIds?: string[] | null;
}

@ObjectType({ description: 'Bulk work on the users a filter matched: startBulkJob starts one, this reports its progress.' })
export class BulkJob {
  @Field(() => ID)
  id!: string;

  @Field(() => BulkJobStatus)
  status!: BulkJobStatus;

  @Field(() => BulkAction)
  action!: BulkAction;

  @Field(() => Int, { description: 'Users that matched the filter when the job started.' })
  total!: number;

  @Field(() => Int, { description: 'Users handled so far.' })
  processed!: number;

  @Field(() => Int, { description: 'Users that changed (a user already banned is not banned again).' })
  changed!: number;

  @Field(() => String, { nullable: true, description: 'Why the job failed.' })
  message!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;
}
