import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Allow } from '../graphql/auth-checker';
import { Access } from '../auth/roles';
import { countCost } from '../users/user-cost';
import { actorOf, appOf, type RequestContext } from '../graphql/context';
import type { BulkJobService } from './bulk-job.service';
import { BulkJob, BulkJobInput } from './dto/bulk-job.type';

@Resolver()
export class BulkJobResolver {
  constructor(private readonly bulkJobs: BulkJobService) {}

  @Allow(Access.moderate)
  @Mutation(() => BulkJob, {
    description:
      'Bans, unbans, tags, untags or (admin) deletes every user the filter matches, in the background: follow it with bulkJob(id). ' +
      'CONFLICT (with extensions.count) when the filter does not match expectedCount users as it starts.',
    // It counts the filter to check expectedCount; the writes run in the background, in batches.
    complexity: ({ args, childComplexity }) => 1 + childComplexity + countCost((args.input as { filter?: unknown } | undefined)?.filter),
  })
  startBulkJob(@Ctx() context: RequestContext, @Arg('input', () => BulkJobInput) input: BulkJobInput): Promise<BulkJob> {
    return this.bulkJobs.start(actorOf(context), input);
  }

  @Allow(Access.read)
  @Query(() => BulkJob, { nullable: true, description: 'A bulk job of this app, started with startBulkJob.' })
  bulkJob(@Ctx() context: RequestContext, @Arg('id', () => ID) id: string): Promise<BulkJob | null> {
    return this.bulkJobs.find(appOf(context), id);
  }
}
