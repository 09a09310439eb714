import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { Allow } from '../graphql/auth-checker';
import { Access } from '../auth/roles';
import { pageComplexity, writesEach } from '../graphql/complexity';
import { appOf, type RequestContext } from '../graphql/context';
import { encodeTimeCursor } from '../common/time-cursor';
import { connectionOf } from '../graphql/connection';
import { User } from '../users/dto/user.type';
import { DEFAULT_ACTIVITY_PAGE, MAX_ACTIVITY_PAGE, type ActivityService } from './activity.service';
import { MAX_EVENTS_PER_CALL } from './activity-rules';
import { ActivityConnection, ActivityInput, ActivityKind } from './dto/activity.type';

@Resolver(() => User)
export class ActivityResolver {
  constructor(private readonly activityService: ActivityService) {}

  @Allow(Access.writeUsers)
  @Mutation(() => Int, {
    description: `Records up to ${MAX_EVENTS_PER_CALL} events at once and moves each user's lastAccessAt to their newest; returns how many were stored (0 when the app keeps no activity history). All or nothing.`,
    complexity: writesEach('events', 2),
  })
  recordActivity(@Ctx() context: RequestContext, @Arg('events', () => [ActivityInput]) events: ActivityInput[]): Promise<number> {
    return this.activityService.record(appOf(context), events);
  }

  @Allow(Access.read)
  @FieldResolver(() => ActivityConnection, {
    description: `The user's activity, newest first (first ≤ ${MAX_ACTIVITY_PAGE}). FEATURE_DISABLED when the app keeps no activity history.`,
    complexity: pageComplexity(DEFAULT_ACTIVITY_PAGE),
  })
  async activity(
    @Root() user: User,
    @Ctx() context: RequestContext,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('kinds', () => [ActivityKind], { nullable: true, description: 'Only these kinds; all when empty.' }) kinds: ActivityKind[] | null,
    @Arg('from', () => Date, { nullable: true, description: 'Inclusive.' }) from: Date | null,
    @Arg('to', () => Date, { nullable: true, description: 'Exclusive.' }) to: Date | null,
  ): Promise<ActivityConnection> {
    const page = await this.activityService.page(appOf(context), user.id, { first, after, kinds, from, to });
    return connectionOf(page.events, page.hasNextPage, after, (node) => encodeTimeCursor(node.atKey, node.id));
  }
}
