import { Field, InputType } from 'type-graphql';

@InputType()
export class CreateTagInput {
  @Field(() => String, { description: 'Up to 64 characters; no semicolons (CSV files separate tags with them).' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'A hex colour such as #3b82f6; one is picked when omitted.' })
  color?: string | null;
}

@InputType()
export class UpdateTagInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  color?: string | null;
}
