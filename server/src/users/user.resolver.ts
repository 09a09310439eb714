import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Allow } from '../graphql/auth-checker';
import { Access } from '../auth/roles';
import { actorOf, appOf, type RequestContext } from '../graphql/context';
import { writesEach } from '../graphql/complexity';
import { connectionOf } from '../graphql/connection';
import { selectsBelow } from '../graphql/selection';
import { byTagName } from '../tags/tag-columns';
import { Tag } from '../tags/dto/tag.type';
import { ESTIMATE_NOTE, UserConnection, UserCounts } from './dto/user-connection.type';
import { UserFilter, UserOrder } from './dto/user-filter.input';
import { CreateUserInput, UpdateUserInput } from './dto/user.input';
import { User, UserStatus } from './dto/user.type';
import { DEFAULT_ORDER, encodeCursor } from './user-order';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './user-page-query';
import { userCountsComplexity, userPageComplexity } from './user-cost';
import type { UserService } from './user.service';

@Resolver(() => User)
export class UserResolver {
  constructor(private readonly userService: UserService) {}

  @Allow(Access.read)
  @Query(() => UserConnection, {
    description: `Users matching the filter, one page at a time (keyset cursors; first ≤ ${MAX_PAGE_SIZE}).`,
    complexity: userPageComplexity,
  })
  async users(
    @Ctx() context: RequestContext,
    @Arg('filter', () => UserFilter, { nullable: true }) filter: UserFilter | null,
    @Arg('orderBy', () => UserOrder, { nullable: true, description: 'SIGNED_UP_AT DESC unless given; ties go by id.' })
    orderBy: UserOrder | null,
    @Arg('first', () => Int, { nullable: true, description: `Page size, ${DEFAULT_PAGE_SIZE} unless given.` })
    first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Info() info: GraphQLResolveInfo,
  ): Promise<UserConnection> {
    const appId = appOf(context);
    const order = orderBy ?? DEFAULT_ORDER;
    const withTags = selectsBelow(info, ['tags', 'tagCount']);
    const page = await this.userService.page(appId, { filter, orderBy: order, first, after, withTags });
    const connection = connectionOf(page.users, page.hasNextPage, after, (node) => encodeCursor(order, { key: node.sortKey, id: node.id }));
    return { ...connection, appId, filter };
  }

  @Allow(Access.read)
  @Query(() => User, { nullable: true })
  user(@Ctx() context: RequestContext, @Arg('id', () => ID) id: string): Promise<User | null> {
    return this.userService.findById(appOf(context), id);
  }

  @Allow(Access.read)
  @Query(() => UserCounts, { complexity: userCountsComplexity })
  userCounts(@Ctx() context: RequestContext, @Arg('filter', () => UserFilter, { nullable: true }) filter: UserFilter | null): Promise<UserCounts> {
    return this.userService.countByStatus(appOf(context), filter);
  }

  @Allow(Access.read)
  @FieldResolver(() => [Tag], { description: 'Sorted by name.', complexity: ({ childComplexity }) => 10 * childComplexity })
  tags(@Root() user: User, @Ctx() context: RequestContext): Tag[] | Promise<Tag[]> {
    return user.loadedTags ?? loadTags(user, context);
  }

  @Allow(Access.read)
  @FieldResolver(() => Int, { description: 'How many tags the user has.' })
  tagCount(@Root() user: User, @Ctx() context: RequestContext): number | Promise<number> {
    return user.loadedTags?.length ?? loadTags(user, context).then((tags) => tags.length);
  }

  @Allow(Access.writeUsers)
  @Mutation(() => User)
  createUser(@Ctx() context: RequestContext, @Arg('input', () => CreateUserInput) input: CreateUserInput): Promise<User> {
    return this.userService.create(actorOf(context), input);
  }

  @Allow(Access.writeUsers)
  @Mutation(() => User)
  updateUser(@Ctx() context: RequestContext, @Arg('id', () => ID) id: string, @Arg('input', () => UpdateUserInput) input: UpdateUserInput): Promise<User> {
    return this.userService.update(actorOf(context), id, input);
  }

  @Allow(Access.moderate)
  @Mutation(() => User, {
    description:
      'Banning records when (bannedAt), why, by whom and, with bannedUntil, when it ends by itself; activating clears them. ' +
      'A change of status sends a user.banned or user.unbanned webhook.',
  })
  setUserStatus(
    @Ctx() context: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('status', () => UserStatus) status: UserStatus,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Arg('bannedUntil', () => Date, { nullable: true, description: 'When the ban ends; none: until lifted.' }) bannedUntil: Date | null,
  ): Promise<User> {
    return this.userService.setStatus(actorOf(context), id, status, reason, bannedUntil);
  }

  @Allow(Access.moderate)
  @Mutation(() => Int, { description: 'Returns how many users changed status; unknown ids are skipped.', complexity: writesEach('ids') })
  setUsersStatus(
    @Ctx() context: RequestContext,
    @Arg('ids', () => [ID]) ids: string[],
    @Arg('status', () => UserStatus) status: UserStatus,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Arg('bannedUntil', () => Date, { nullable: true, description: 'When the bans end; none: until lifted.' }) bannedUntil: Date | null,
  ): Promise<number> {
    return this.userService.setStatuses(actorOf(context), ids, status, reason, bannedUntil);
  }

  @Allow(Access.moderate)
  @Mutation(() => Int, {
    description:
      "Undoes the caller's own last ban or unban of each user (at most 10,000): status, reason, end, start and author come back as they were. " +
      'A user whose status changed since is skipped. Returns how many went back.',
    complexity: writesEach('userIds'),
  })
  undoStatusChanges(@Ctx() context: RequestContext, @Arg('userIds', () => [ID]) userIds: string[]): Promise<number> {
    return this.userService.undoStatusChanges(actorOf(context), userIds);
  }
}

@Resolver(() => UserConnection)
export class UserConnectionResolver {
  constructor(private readonly userService: UserService) {}

  @FieldResolver(() => Int, { description: 'All users matching the filter; costs a count query.' })
  async totalCount(@Root() connection: UserConnection): Promise<number> {
    return (await this.counted(connection)).count;
  }

  @FieldResolver(() => Boolean, { description: `Whether totalCount is an estimate. ${ESTIMATE_NOTE}` })
  async totalCountEstimated(@Root() connection: UserConnection): Promise<boolean> {
    return (await this.counted(connection)).estimated;
  }

  private counted(connection: UserConnection) {
    connection.counted ??= this.userService.count(connection.appId, connection.filter).then(({ counts, estimated }) => ({ count: counts.count, estimated }));
    return connection.counted;
  }
}

/**
 * A user's tags through the request's tag loader: every user of a page is
 * answered by one statement, and tags and tagCount share it.
 */
async function loadTags(user: User, context: RequestContext): Promise<Tag[]> {
  const tags = await context.loaders.tag.loadMany(user.tagIds);
  return tags.filter((tag): tag is Tag => tag !== undefined && !(tag instanceof Error)).sort(byTagName);
}
