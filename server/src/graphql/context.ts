import type { Actor } from '../auth/actor';
import type { Principal } from '../auth/principal';
import { AppError, ErrorCode } from '../common/app-error';

/**
 * The request's DataLoaders, one property per domain. Each domain adds its
 * own to this interface where it defines it (tags/tag.loader.ts), so this
 * folder never imports the domains.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by declaration merging
export interface RequestLoaders {}

/** What the request log learns from a GraphQL operation (the HTTP request scope). */
export interface OperationLog {
  operationName?: string;
  errorCodes?: string[];
}

/** What every resolver gets: the verified caller (if any) and this request's loaders. */
export interface RequestContext {
  /** This request's log scope. */
  scope?: OperationLog;
  principal: Principal | undefined;
  loaders: RequestLoaders;
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
