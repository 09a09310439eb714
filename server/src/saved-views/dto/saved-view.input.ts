import { Field, InputType } from 'type-graphql';
import { UserFilter, UserOrder } from '../../users/dto/user-filter.input';

@InputType()
export class SavedViewInput {
  @Field(() => String, { description: 'At most 80 characters; unique in the app regardless of case.' })
  name!: string;

  @Field(() => UserFilter, { description: 'Checked like the filter of users(filter:).' })
  filter!: UserFilter;

  @Field(() => UserOrder, { nullable: true })
  orderBy?: UserOrder | null;

  @Field(() => [String], {
    nullable: true,
    description: "The widget's column ids (built-in ones or profile field keys), in order; at most 60, each 1 to 40 of a-z, 0-9, _ and -.",
  })
  columns?: string[] | null;
}
