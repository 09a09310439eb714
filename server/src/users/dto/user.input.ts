import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';
import { UserStatus } from './user.type';

@InputType()
export class CreateUserInput {
  @Field(() => String)
  email!: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => UserStatus, { nullable: true, description: 'ACTIVE unless given.' })
  status?: UserStatus | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Values by profile field key, checked against the fields.' })
  profile?: Record<string, unknown> | null;

  @Field(() => [ID], { nullable: true })
  tagIds?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'For sign-in through verifyCredentials: 8 to 128 characters, kept only as an Argon2id hash.',
  })
  password?: string | null;
}

@InputType({ description: 'Only the fields given change.' })
export class UpdateUserInput {
  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'null or an empty string removes the name.' })
  name?: string | null;

  @Field(() => UserStatus, { nullable: true })
  status?: UserStatus | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'Merged into the current profile; a key set to null is removed.',
  })
  profile?: Record<string, unknown> | null;

  @Field(() => [ID], { nullable: true, description: "Replaces the user's tags." })
  tagIds?: string[] | null;
}
