import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum UserStatus {
  ACTIVE = 'ACTIVE',
  BANNED = 'BANNED',
}

registerEnumType(UserStatus, { name: 'UserStatus' });

@ObjectType({ description: "One of the app's users." })
export class User {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Unique in the app regardless of case; stored in lower case.' })
  email!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => UserStatus)
  status!: UserStatus;

  @Field(() => GraphQLJSONObject, { description: 'Values of the app profile fields, by key.' })
  profile!: Record<string, unknown>;

  @Field(() => Date)
  signedUpAt!: Date;

  @Field(() => Date, { nullable: true })
  lastAccessAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the current ban began; null when active.' })
  bannedAt!: Date | null;

  @Field(() => String, { nullable: true })
  banReason!: string | null;

  @Field(() => String, { nullable: true, description: 'Who banned the user (the token subject); null when active.' })
  bannedBy!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the ban ends by itself; null for a ban until lifted, or when active.' })
  bannedUntil!: Date | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  /** Resolved to tags through a loader; the count needs no query. */
  tagIds!: string[];
}
