import { Field, ObjectType } from 'type-graphql';

@ObjectType({
  description: 'The caller as its token says: who, which role, which app. The element shows only what the role may do; the server checks every call anyway.',
})
export class Me {
  @Field(() => String, { description: "The token's subject." })
  subject!: string;

  @Field(() => String, { description: 'viewer, manager, admin or service.' })
  role!: string;

  @Field(() => String, { description: 'The app the token is for.' })
  app!: string;
}
