import { Arg, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import { Allow } from '../graphql/auth-checker';
import { Access } from '../auth/roles';
import { actorOf, type RequestContext } from '../graphql/context';
import { writesEach } from '../graphql/complexity';
import { MAX_BULK_USERS } from '../tags/tag.service';
import type { UserDeletionService } from './user-deletion.service';

@Resolver()
export class UserDeletionResolver {
  constructor(private readonly deletion: UserDeletionService) {}

  @Allow(Access.administer)
  @Mutation(() => ID, {
    description:
      'Deletes the user for good with their tag links, activity and reset links; the audit log keeps only that the user id was deleted, by whom and when. Sends a user.deleted webhook.',
  })
  deleteUser(@Ctx() context: RequestContext, @Arg('id', () => ID) id: string): Promise<string> {
    return this.deletion.delete(actorOf(context), id);
  }

  @Allow(Access.administer)
  @Mutation(() => Int, {
    description: `Deletes these users for good, as deleteUser does each (at most ${MAX_BULK_USERS.toLocaleString('en-US')} ids); unknown ids are skipped. Returns how many were deleted.`,
    complexity: writesEach('ids'),
  })
  deleteUsers(@Ctx() context: RequestContext, @Arg('ids', () => [ID]) ids: string[]): Promise<number> {
    return this.deletion.deleteMany(actorOf(context), ids);
  }
}
