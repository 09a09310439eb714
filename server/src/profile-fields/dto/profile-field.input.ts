import { Field, InputType } from 'type-graphql';
import { ProfileFieldType } from './profile-field.type';

@InputType()
export class CreateProfileFieldInput {
  @Field(() => String, { description: 'Lower case letters, digits and _, starting with a letter; at most 40.' })
  key!: string;

  @Field(() => String)
  label!: string;

  @Field(() => ProfileFieldType)
  type!: ProfileFieldType;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  required?: boolean;

  @Field(() => [String], { nullable: true, description: 'Required for SELECT, refused for other types.' })
  options?: string[] | null;
}
