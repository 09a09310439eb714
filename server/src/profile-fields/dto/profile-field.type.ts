import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum ProfileFieldType {
  TEXT = 'TEXT',
  NUMBER = 'NUMBER',
  DATE = 'DATE',
  BOOLEAN = 'BOOLEAN',
  SELECT = 'SELECT',
}

registerEnumType(ProfileFieldType, {
  name: 'ProfileFieldType',
  description: 'How a profile value is checked: TEXT a string, NUMBER a JSON number, DATE "YYYY-MM-DD", BOOLEAN true or false, SELECT one of the options.',
});

@ObjectType({ description: "One of the app's registration and profile fields; user profiles hold a value per key." })
export class ProfileField {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'The key in User.profile and the CSV column name.' })
  key!: string;

  @Field(() => String)
  label!: string;

  @Field(() => ProfileFieldType)
  type!: ProfileFieldType;

  @Field(() => Boolean, { description: 'New users must have a value, and a value cannot be removed.' })
  required!: boolean;

  @Field(() => [String], { nullable: true, description: 'The allowed values of a SELECT field.' })
  options!: string[] | null;
}
