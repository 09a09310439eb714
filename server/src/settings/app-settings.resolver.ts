import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Access } from '../auth/roles';
import { actorOf, appOf, type RequestContext } from '../graphql/context';
import type { AppSettingsService } from './app-settings.service';
import { AppSettings, AppSettingsInput } from './dto/app-settings.type';

@Resolver(() => AppSettings)
export class AppSettingsResolver {
  constructor(private readonly settings: AppSettingsService) {}

  @Authorized(Access.read)
  @Query(() => AppSettings)
  appSettings(@Ctx() context: RequestContext): Promise<AppSettings> {
    return this.settings.get(appOf(context));
  }

  @Authorized(Access.administer)
  @Mutation(() => AppSettings)
  updateAppSettings(@Ctx() context: RequestContext, @Arg('input', () => AppSettingsInput) input: AppSettingsInput): Promise<AppSettings> {
    return this.settings.update(actorOf(context), input);
  }
}
