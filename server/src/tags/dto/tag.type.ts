import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A label an app puts on its users, unique per app regardless of case.' })
export class Tag {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'A hex colour such as #3b82f6.' })
  color!: string;

  @Field(() => Int, { description: 'How many users carry the tag (kept up to date as users change).' })
  userCount!: number;

  @Field(() => Date)
  createdAt!: Date;
}
