import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../graphql/connection';

export enum ActivityKind {
  PAGE_VIEW = 'PAGE_VIEW',
  FEATURE_USE = 'FEATURE_USE',
  LOGIN = 'LOGIN',
  CUSTOM = 'CUSTOM',
}

registerEnumType(ActivityKind, { name: 'ActivityKind' });

@InputType({ description: 'Something a user did in the host app.' })
export class ActivityInput {
  @Field(() => ID)
  userId!: string;

  @Field(() => ActivityKind)
  kind!: ActivityKind;

  @Field(() => String, { description: 'A path or feature name, 1 to 500 characters.' })
  name!: string;

  @Field(() => Date, { nullable: true, description: 'Now unless given; at most 5 minutes ahead of the server clock.' })
  occurredAt?: Date | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'At most 4 KB of JSON.' })
  metadata?: Record<string, unknown> | null;
}

@ObjectType()
export class ActivityEvent {
  @Field(() => ID)
  id!: string;

  @Field(() => ActivityKind)
  kind!: ActivityKind;

  @Field(() => String)
  name!: string;

  @Field(() => Date)
  occurredAt!: Date;

  @Field(() => GraphQLJSONObject, { nullable: true })
  metadata!: Record<string, unknown> | null;
}

@ObjectType({ description: "A page of a user's activity, newest first." })
export class ActivityConnection extends Connection(ActivityEvent, 'Activity') {}
