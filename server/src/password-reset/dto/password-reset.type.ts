import { Field, ObjectType, registerEnumType } from 'type-graphql';

export enum ResetDelivery {
  EMAIL = 'EMAIL',
  LINK = 'LINK',
}

registerEnumType(ResetDelivery, {
  name: 'ResetDelivery',
  valuesConfig: {
    EMAIL: { description: 'Mail the link to the user.' },
    LINK: { description: 'Hand the link to the admin, once, to pass on.' },
  },
});

@ObjectType({ description: 'A password reset was started. Any earlier link of the user stops working.' })
export class PasswordResetResult {
  @Field(() => ResetDelivery)
  delivery!: ResetDelivery;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => String, { nullable: true, description: 'With LINK only: the one-time link. It is not stored and cannot be shown again.' })
  resetUrl!: string | null;
}
