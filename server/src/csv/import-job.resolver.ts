import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Allow } from '../graphql/auth-checker';
import { Access } from '../auth/roles';
import { appOf, type RequestContext } from '../graphql/context';
import { ImportJob, ImportRowError } from './dto/import-job.type';
import { DEFAULT_ERRORS, type ImportJobStore, MAX_ERRORS } from './import-job.store';

@Resolver(() => ImportJob)
export class ImportJobResolver {
  constructor(private readonly importJobs: ImportJobStore) {}

  @Allow(Access.administer)
  @Query(() => ImportJob, { nullable: true, description: 'A CSV import of this app, started with POST /csv/import.' })
  importJob(@Ctx() context: RequestContext, @Arg('id', () => ID) id: string): Promise<ImportJob | null> {
    return this.importJobs.find(appOf(context), id);
  }

  @FieldResolver(() => [ImportRowError], {
    description: `Problems of the failed rows in file order, ${DEFAULT_ERRORS} unless asked (at most ${MAX_ERRORS}); every failed row is in GET /csv/import/{id}/errors.`,
    complexity: 10,
  })
  errors(@Root() job: ImportJob, @Arg('first', () => Int, { nullable: true }) first: number | null): Promise<ImportRowError[]> {
    return this.importJobs.errors(job.appId, job.id, first);
  }
}
