import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Allow } from '../graphql/auth-checker';
import { Access } from '../auth/roles';
import { actorOf, appOf, type RequestContext } from '../graphql/context';
import { CreateProfileFieldInput } from './dto/profile-field.input';
import { ProfileField } from './dto/profile-field.type';
import type { ProfileFieldService } from './profile-field.service';

@Resolver(() => ProfileField)
export class ProfileFieldResolver {
  constructor(private readonly fieldService: ProfileFieldService) {}

  @Allow(Access.read)
  @Query(() => [ProfileField], { description: "The app's registration and profile fields, in order." })
  profileFields(@Ctx() context: RequestContext): Promise<ProfileField[]> {
    return this.fieldService.list(appOf(context));
  }

  @Allow(Access.administer)
  @Mutation(() => ProfileField)
  createProfileField(@Ctx() context: RequestContext, @Arg('input', () => CreateProfileFieldInput) input: CreateProfileFieldInput): Promise<ProfileField> {
    return this.fieldService.create(actorOf(context), input);
  }
}
