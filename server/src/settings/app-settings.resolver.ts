import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Allow } from '../graphql/auth-checker';
import { Access } from '../auth/roles';
import { actorOf, appOf, type RequestContext } from '../graphql/context';
import type { AppSettingsService } from './app-settings.service';
import { AppSettings, AppSettingsInput } from './dto/app-settings.type';

@Resolver(() => AppSettings)
export class AppSettingsResolver {
  constructor(private readonly settings: AppSettingsService) {}

  @Allow(Access.read)
  @Query(() => AppSettings)
  appSettings(@Ctx() context: RequestContext): Promise<AppSettings> {
    return this.settings.get(appOf(context));
  }

  @Allow(Access.administer)
  @Mutation(() => AppSettings)
  updateAppSettings(@Ctx() context: RequestContext, @Arg('input', () => AppSettingsInput) input: AppSettingsInput): Promise<AppSettings> {
    return this.settings.update(actorOf(context), input);
  }
}
