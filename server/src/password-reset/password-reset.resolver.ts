import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { Allow } from '../graphql/auth-checker';
import { Access } from '../auth/roles';
import { actorOf, type RequestContext } from '../graphql/context';
import { PasswordResetResult, ResetDelivery } from './dto/password-reset.type';
import type { PasswordResetService } from './password-reset.service';

@Resolver()
export class PasswordResetResolver {
  constructor(private readonly resets: PasswordResetService) {}

  @Allow(Access.administer)
  @Mutation(() => PasswordResetResult, {
    description: 'Starts a password reset by a one-time link that expires (RESET_TOKEN_TTL); any earlier link of the user stops working.',
  })
  sendPasswordReset(
    @Ctx() context: RequestContext,
    @Arg('userId', () => ID) userId: string,
    @Arg('delivery', () => ResetDelivery, { nullable: true, description: 'EMAIL unless given.' }) delivery: ResetDelivery | null,
  ): Promise<PasswordResetResult> {
    return this.resets.send(actorOf(context), userId, delivery ?? ResetDelivery.EMAIL);
  }

  @Mutation(() => Boolean, {
    description:
      'Public: the token from a reset link is the credential. A bad, used or expired token gives one BAD_USER_INPUT error on field token; attempts are rate-limited per client address (see TRUST_PROXY) and per link, across every server.',
  })
  async completePasswordReset(
    @Ctx() context: RequestContext,
    @Arg('token', () => String) token: string,
    @Arg('newPassword', () => String) newPassword: string,
  ): Promise<boolean> {
    await this.resets.complete(context.clientAddress ?? 'unknown', token, newPassword);
    return true;
  }
}
