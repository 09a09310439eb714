import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Allow } from '../graphql/auth-checker';
import { Access } from '../auth/roles';
import { appOf, type RequestContext } from '../graphql/context';
import { User } from '../users/dto/user.type';
import type { CredentialsService } from './credentials.service';

@Resolver()
export class CredentialsResolver {
  constructor(private readonly credentials: CredentialsService) {}

  @Allow(Access.signIn)
  @Mutation(() => User, {
    description:
      "The host app's sign-in check: the user when the password is right, and a LOGIN event. INVALID_CREDENTIALS for a wrong password, an unknown email or an email locked after repeated failures alike; USER_BANNED for a banned user.",
  })
  verifyCredentials(@Ctx() context: RequestContext, @Arg('email', () => String) email: string, @Arg('password', () => String) password: string): Promise<User> {
    return this.credentials.verify(appOf(context), email, password);
  }
}
