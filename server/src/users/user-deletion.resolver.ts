import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { Access } from '../auth/roles';
import { actorOf, type RequestContext } from '../graphql/context';
import type { UserDeletionService } from './user-deletion.service';

@Resolver()
export class UserDeletionResolver {
  constructor(private readonly deletion: UserDeletionService) {}

  @Authorized(Access.administer)
  @Mutation(() => ID, {
    description:
      'Deletes the user for good with their tag links, activity and reset links; the audit log keeps only that the user id was deleted, by whom and when. Sends a user.deleted webhook.',
  })
  deleteUser(@Ctx() context: RequestContext, @Arg('id', () => ID) id: string): Promise<string> {
    return this.deletion.delete(actorOf(context), id);
  }
}
