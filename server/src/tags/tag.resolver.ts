import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Allow } from '../graphql/auth-checker';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { Access } from '../auth/roles';
import { listLength, WRITE_COST } from '../graphql/complexity';
import { actorOf, appOf, type RequestContext } from '../graphql/context';
import { CreateTagInput, UpdateTagInput } from './dto/tag.input';
import { Tag } from './dto/tag.type';
import type { TagService } from './tag.service';

/** Adding or removing tags writes a link for each user and tag, and each user's audit entry and webhook. */
const linkComplexity: ComplexityEstimator = ({ args, childComplexity }) =>
  1 + childComplexity + listLength(args, 'userIds') * (listLength(args, 'tagIds') + WRITE_COST);

@Resolver(() => Tag)
export class TagResolver {
  constructor(private readonly tagService: TagService) {}

  @Allow(Access.read)
  @Query(() => [Tag], { description: "The app's tags by name." })
  tags(@Ctx() context: RequestContext): Promise<Tag[]> {
    return this.tagService.list(appOf(context));
  }

  @Allow(Access.moderate)
  @Mutation(() => Tag)
  createTag(@Ctx() context: RequestContext, @Arg('input', () => CreateTagInput) input: CreateTagInput): Promise<Tag> {
    return this.tagService.create(actorOf(context), input);
  }

  @Allow(Access.moderate)
  @Mutation(() => Tag)
  updateTag(@Ctx() context: RequestContext, @Arg('id', () => ID) id: string, @Arg('input', () => UpdateTagInput) input: UpdateTagInput): Promise<Tag> {
    return this.tagService.update(actorOf(context), id, input);
  }

  @Allow(Access.moderate)
  @Mutation(() => ID, { description: 'Deletes the tag and takes it off every user.' })
  deleteTag(@Ctx() context: RequestContext, @Arg('id', () => ID) id: string): Promise<string> {
    return this.tagService.delete(actorOf(context), id);
  }

  @Allow(Access.moderate)
  @Mutation(() => Int, { description: 'Returns how many user–tag links were added; links that exist are left alone.', complexity: linkComplexity })
  addTagsToUsers(@Ctx() context: RequestContext, @Arg('userIds', () => [ID]) userIds: string[], @Arg('tagIds', () => [ID]) tagIds: string[]): Promise<number> {
    return this.tagService.addToUsers(actorOf(context), userIds, tagIds);
  }

  @Allow(Access.moderate)
  @Mutation(() => Int, { description: 'Returns how many user–tag links were removed.', complexity: linkComplexity })
  removeTagsFromUsers(
    @Ctx() context: RequestContext,
    @Arg('userIds', () => [ID]) userIds: string[],
    @Arg('tagIds', () => [ID]) tagIds: string[],
  ): Promise<number> {
    return this.tagService.removeFromUsers(actorOf(context), userIds, tagIds);
  }
}
