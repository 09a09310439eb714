import { Ctx, Query, Resolver } from 'type-graphql';
import { Allow } from '../graphql/auth-checker';
import { AppError, ErrorCode } from '../common/app-error';
import type { RequestContext } from '../graphql/context';
import { Me } from './dto/me.type';

@Resolver()
export class MeResolver {
  @Allow()
  @Query(() => Me, { description: 'Who the token is: its subject, role and app.' })
  me(@Ctx() context: RequestContext): Me {
    const principal = context.principal;
    if (!principal) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Send Authorization: Bearer <token>');
    return { subject: principal.subject, role: principal.role, app: principal.appId };
  }
}
