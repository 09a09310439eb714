import { Field, InputType, ObjectType } from 'type-graphql';

@ObjectType({ description: "The app's own switches." })
export class AppSettings {
  @Field(() => Boolean, {
    description:
      'Keep an activity timeline of each user. When off, recordActivity stores no events (lastAccessAt still moves) and User.activity answers FEATURE_DISABLED.',
  })
  activityHistory!: boolean;
}

@InputType({ description: 'Only the settings given change.' })
export class AppSettingsInput {
  @Field(() => Boolean, { nullable: true })
  activityHistory?: boolean | null;
}
