import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { Allow } from '../graphql/auth-checker';
import { Access } from '../auth/roles';
import { pageComplexity } from '../graphql/complexity';
import { appOf, type RequestContext } from '../graphql/context';
import { encodeTimeCursor } from '../common/time-cursor';
import { connectionOf } from '../graphql/connection';
import { DEFAULT_AUDIT_PAGE, MAX_AUDIT_PAGE, type AuditService } from './audit.service';
import { AuditEntryConnection } from './dto/audit-entry.type';

@Resolver()
export class AuditResolver {
  constructor(private readonly auditService: AuditService) {}

  @Allow(Access.administer)
  @Query(() => AuditEntryConnection, {
    description: `Who changed what, newest first (first ≤ ${MAX_AUDIT_PAGE}); with userId, only changes to that user.`,
    complexity: pageComplexity(DEFAULT_AUDIT_PAGE),
  })
  async auditLog(
    @Ctx() context: RequestContext,
    @Arg('userId', () => ID, { nullable: true }) userId: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<AuditEntryConnection> {
    const page = await this.auditService.page(appOf(context), { userId, first, after });
    return connectionOf(page.entries, page.hasNextPage, after, (node) => encodeTimeCursor(node.atKey, node.id));
  }
}
