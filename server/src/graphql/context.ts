import type { Actor } from '../audit/actor';
import type { RequestScope } from '../http/request-scope';
import type { Principal } from '../auth/principal';
import { AppError, ErrorCode } from '../common/app-error';
import type { Loaders } from './loaders';

/** What every resolver gets: the verified caller (if any) and this request's loaders. */
export interface RequestContext {
  /** This request's log scope. */
  scope?: RequestScope;
  principal: Principal | undefined;
  loaders: Loaders;
  /** The client's network address, for per-address rate limits. */
  clientAddress?: string;
}

/** The caller's app; the auth checker has already made sure there is a caller. */
export function appOf(context: RequestContext): string {
  if (!context.principal) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Send Authorization: Bearer <token>');
  return context.principal.appId;
}

/** The caller as the audit log records them. */
export function actorOf(context: RequestContext): Actor {
  if (!context.principal) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Send Authorization: Bearer <token>');
  const { appId, subject, role } = context.principal;
  return { appId, subject, role };
}
