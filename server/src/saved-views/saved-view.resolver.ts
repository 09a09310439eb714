import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Allow } from '../graphql/auth-checker';
import { Access } from '../auth/roles';
import { actorOf, appOf, type RequestContext } from '../graphql/context';
import { SavedViewInput } from './dto/saved-view.input';
import { SavedView } from './dto/saved-view.type';
import { MAX_SAVED_VIEWS, type SavedViewService } from './saved-view.service';

@Resolver(() => SavedView)
export class SavedViewResolver {
  constructor(private readonly views: SavedViewService) {}

  @Allow(Access.read)
  @Query(() => [SavedView], { description: `The app's saved views by name (at most ${MAX_SAVED_VIEWS}).` })
  savedViews(@Ctx() context: RequestContext): Promise<SavedView[]> {
    return this.views.list(appOf(context));
  }

  @Allow(Access.moderate)
  @Mutation(() => SavedView, { description: 'Saves a view for the whole app; managers and admins may.' })
  saveView(@Ctx() context: RequestContext, @Arg('input', () => SavedViewInput) input: SavedViewInput): Promise<SavedView> {
    return this.views.create(actorOf(context), input);
  }

  @Allow(Access.moderate)
  @Mutation(() => SavedView, { description: 'Replaces what the view holds.' })
  updateSavedView(
    @Ctx() context: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => SavedViewInput) input: SavedViewInput,
  ): Promise<SavedView> {
    return this.views.update(actorOf(context), id, input);
  }

  @Allow(Access.moderate)
  @Mutation(() => ID, { description: 'Deletes the view (not the users it shows).' })
  deleteSavedView(@Ctx() context: RequestContext, @Arg('id', () => ID) id: string): Promise<string> {
    return this.views.delete(actorOf(context), id);
  }
}
