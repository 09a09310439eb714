import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { UserStatus } from './user.type';

@InputType({ description: 'Each list narrows the result; an empty or missing list is no constraint.' })
export class TagFilter {
  @Field(() => [ID], { nullable: true, description: 'Users having every one of these tags.' })
  all?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Users having at least one of these tags.' })
  any?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Users having none of these tags.' })
  none?: string[] | null;
}

@InputType()
export class DateRange {
  @Field(() => Date, { nullable: true, description: 'Inclusive.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Exclusive.' })
  to?: Date | null;
}

@InputType({ description: 'Every part given must match.' })
export class UserFilter {
  @Field(() => String, {
    nullable: true,
    description:
      'Whitespace-separated terms, each of which must appear in the email, the name or a profile value; ' +
      'case and accents are ignored and every character is literal. A term of one or two characters must start a word ' +
      '(words end at spaces and ASCII punctuation, which such a term drops).',
  })
  search?: string | null;

  @Field(() => UserStatus, { nullable: true })
  status?: UserStatus | null;

  @Field(() => DateRange, { nullable: true })
  signedUp?: DateRange | null;

  @Field(() => TagFilter, { nullable: true })
  tags?: TagFilter | null;
}

export enum UserOrderField {
  SIGNED_UP_AT = 'SIGNED_UP_AT',
  LAST_ACCESS_AT = 'LAST_ACCESS_AT',
  NAME = 'NAME',
  EMAIL = 'EMAIL',
}

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

registerEnumType(UserOrderField, {
  name: 'UserOrderField',
  valuesConfig: {
    LAST_ACCESS_AT: { description: 'Users who never came back count as the oldest.' },
    NAME: { description: 'Ignoring case and accents; users without a name sort by their email.' },
  },
});
registerEnumType(OrderDirection, { name: 'OrderDirection' });

@InputType()
export class UserOrder {
  @Field(() => UserOrderField)
  field!: UserOrderField;

  @Field(() => OrderDirection)
  direction!: OrderDirection;
}
