import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Allow } from '../../graphql/auth-checker';
import { Access } from '../../auth/roles';
import type { Tag } from '../../tags/dto/tag.type';

export enum UserStatus {
  ACTIVE = 'ACTIVE',
  BANNED = 'BANNED',
}

registerEnumType(UserStatus, { name: 'UserStatus' });

/**
 * The host app's backend (the `service` role) writes users' registration
 * data and checks sign-ins; it reads back only the account's id, email and
 * dates — never the name, profile, status, ban or tags, so a service token
 * is no way to read the users' records.
 */
@ObjectType({
  description:
    "One of the app's users. A service token reads only id, email, signedUpAt, lastAccessAt, createdAt and updatedAt; the other fields need viewer, manager or admin.",
})
export class User {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Unique in the app regardless of case; stored in lower case.' })
  email!: string;

  @Allow(Access.read)
  @Field(() => String, { nullable: true })
  name!: string | null;

  @Allow(Access.read)
  @Field(() => UserStatus)
  status!: UserStatus;

  @Allow(Access.read)
  @Field(() => GraphQLJSONObject, { description: 'Values of the app profile fields, by key.' })
  profile!: Record<string, unknown>;

  @Field(() => Date)
  signedUpAt!: Date;

  @Field(() => Date, { nullable: true })
  lastAccessAt!: Date | null;

  @Allow(Access.read)
  @Field(() => Date, { nullable: true, description: 'When the current ban began; null when active.' })
  bannedAt!: Date | null;

  @Allow(Access.read)
  @Field(() => String, { nullable: true })
  banReason!: string | null;

  @Allow(Access.read)
  @Field(() => String, { nullable: true, description: 'Who banned the user (the token subject); null when active.' })
  bannedBy!: string | null;

  @Allow(Access.read)
  @Field(() => Date, { nullable: true, description: 'When the ban ends by itself; null for a ban until lifted, or when active.' })
  bannedUntil!: Date | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  /** Resolved to tags (and counted) from `loadedTags` when they came with the row, else through the request's tag loader. */
  tagIds!: string[];

  /** The user's tags, sorted by name, when the statement that read the user brought them (a page of users). */
  loadedTags?: Tag[];
}
