import { defaultFieldResolver, type GraphQLField, type GraphQLResolveInfo, type GraphQLSchema, isObjectType } from 'graphql';
import { Extensions } from 'type-graphql';
import { AppError, ErrorCode } from '../common/app-error';
import type { RequestContext } from './context';
import type { Role } from '../auth/roles';

/** The field extension `@Allow` writes and `guardFields` reads. */
const ALLOWED_ROLES = 'allowedRoles';

/**
 * `@Allow(roles)` on a query, mutation or field: a caller is needed (401
 * otherwise) and must hold one of the roles; `@Allow()` lets any caller in.
 * The check is one synchronous call per resolved field (`guardFields`), not
 * type-graphql's `@Authorized`, whose middleware chain made every restricted
 * field of every row a chain of promises: a page of 50 users resolved 450 of
 * them (docs/architecture.md, "Access checks").
 */
export const Allow = (roles: readonly Role[] = []): MethodDecorator & PropertyDecorator => Extensions({ [ALLOWED_ROLES]: roles });

/** The roles `@Allow` gave a field, or undefined when it has none (open to anyone who reaches it). */
export const allowedRoles = (field: GraphQLField<unknown, unknown>): readonly Role[] | undefined =>
  field.extensions[ALLOWED_ROLES] as readonly Role[] | undefined;

/** Throws unless the request's caller holds one of the roles (any caller when none are named). */
export function checkAccess(context: RequestContext, roles: readonly Role[], info: GraphQLResolveInfo): void {
  const { principal } = context;
  if (!principal) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Send Authorization: Bearer <token>');
  if (roles.length > 0 && !roles.includes(principal.role)) {
    throw new AppError(ErrorCode.FORBIDDEN, `The ${principal.role} role may not use ${info.parentType.name}.${info.fieldName}; it needs ${roles.join(' or ')}`);
  }
}

/** Puts `checkAccess` in front of the resolver of every field marked with `@Allow`. */
export function guardFields(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const roles = allowedRoles(field);
      if (!roles) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context: RequestContext, info) => {
        checkAccess(context, roles, info);
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
