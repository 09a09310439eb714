import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: "A view the app's team saved: a named filter (a segment), with the order and the columns it shows." })
export class SavedView {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Unique in the app regardless of case.' })
  name!: string;

  @Field(() => GraphQLJSONObject, { description: 'A UserFilter, as saved: pass it as users(filter:), userCounts(filter:), startBulkJob or the export.' })
  filter!: Record<string, unknown>;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'A UserOrder, as saved; null for the default order.' })
  orderBy!: Record<string, unknown> | null;

  @Field(() => [String], { nullable: true, description: "The widget's columns, by id, in order; null for the host's." })
  columns!: string[] | null;

  @Field(() => String, { description: 'Who saved it first (the token subject).' })
  createdBy!: string;

  @Field(() => Date)
  updatedAt!: Date;
}
