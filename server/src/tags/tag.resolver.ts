import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Access } from '../auth/roles';
import { actorOf, appOf, type RequestContext } from '../graphql/context';
import { CreateTagInput, UpdateTagInput } from './dto/tag.input';
import { Tag } from './dto/tag.type';
import type { TagService } from './tag.service';

@Resolver(() => Tag)
export class TagResolver {
  constructor(private readonly tagService: TagService) {}

  @Authorized(Access.read)
  @Query(() => [Tag], { description: "The app's tags by name." })
  tags(@Ctx() context: RequestContext): Promise<Tag[]> {
    return this.tagService.list(appOf(context));
  }

  @Authorized(Access.moderate)
  @Mutation(() => Tag)
  createTag(@Ctx() context: RequestContext, @Arg('input', () => CreateTagInput) input: CreateTagInput): Promise<Tag> {
    return this.tagService.create(actorOf(context), input);
  }

  @Authorized(Access.moderate)
  @Mutation(() => Tag)
  updateTag(@Ctx() context: RequestContext, @Arg('id', () => ID) id: string, @Arg('input', () => UpdateTagInput) input: UpdateTagInput): Promise<Tag> {
    return this.tagService.update(actorOf(context), id, input);
  }

  @Authorized(Access.moderate)
  @Mutation(() => ID, { description: 'Deletes the tag and takes it off every user.' })
  deleteTag(@Ctx() context: RequestContext, @Arg('id', () => ID) id: string): Promise<string> {
    return this.tagService.delete(actorOf(context), id);
  }

  @Authorized(Access.moderate)
  @Mutation(() => Int, { description: 'Returns how many user–tag links were added; links that exist are left alone.' })
  addTagsToUsers(@Ctx() context: RequestContext, @Arg('userIds', () => [ID]) userIds: string[], @Arg('tagIds', () => [ID]) tagIds: string[]): Promise<number> {
    return this.tagService.addToUsers(actorOf(context), userIds, tagIds);
  }

  @Authorized(Access.moderate)
  @Mutation(() => Int, { description: 'Returns how many user–tag links were removed.' })
  removeTagsFromUsers(
    @Ctx() context: RequestContext,
    @Arg('userIds', () => [ID]) userIds: string[],
    @Arg('tagIds', () => [ID]) tagIds: string[],
  ): Promise<number> {
    return this.tagService.removeFromUsers(actorOf(context), userIds, tagIds);
  }
}
