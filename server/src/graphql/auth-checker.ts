import type { AuthCheckerFn } from 'type-graphql';
import { AppError, ErrorCode } from '../common/app-error';
import type { RequestContext } from './context';
import type { Role } from '../auth/roles';

/** `@Authorized(roles)`: a caller is needed (401 otherwise) and must hold one of the roles. */
export const authChecker: AuthCheckerFn<RequestContext, Role> = ({ context, info }, roles) => {
  const { principal } = context;
  if (!principal) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Send Authorization: Bearer <token>');
  if (roles.length > 0 && !roles.includes(principal.role)) {
    throw new AppError(ErrorCode.FORBIDDEN, `The ${principal.role} role may not use ${info.parentType.name}.${info.fieldName}; it needs ${roles.join(' or ')}`);
  }
  return true;
};
