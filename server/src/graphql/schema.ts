import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { buildSchema, type ContainerType } from 'type-graphql';
import { ActivityResolver } from '../activity/activity.resolver';
import type { ActivityService } from '../activity/activity.service';
import { AuditResolver } from '../audit/audit.resolver';
import type { AuditService } from '../audit/audit.service';
import { authChecker } from '../auth/auth-checker';
import type { BanExpiry } from '../bans/ban-expiry';
import { CredentialsResolver } from '../credentials/credentials.resolver';
import type { CredentialsService } from '../credentials/credentials.service';
import { PasswordResetResolver } from '../password-reset/password-reset.resolver';
import type { PasswordResetService } from '../password-reset/password-reset.service';
import { AppSettingsResolver } from '../settings/app-settings.resolver';
import type { AppSettingsService } from '../settings/app-settings.service';
import { UserDeletionResolver } from '../users/user-deletion.resolver';
import type { UserDeletionService } from '../users/user-deletion.service';
import type { CsvExportService } from '../csv/csv-export.service';
import { ImportJobResolver } from '../csv/import-job.resolver';
import type { ImportJobService } from '../csv/import-job.service';
import { ProfileFieldResolver } from '../profile-fields/profile-field.resolver';
import type { ProfileFieldService } from '../profile-fields/profile-field.service';
import { TagResolver } from '../tags/tag.resolver';
import type { TagService } from '../tags/tag.service';
import { UserConnectionResolver, UserResolver } from '../users/user.resolver';
import type { UserService } from '../users/user.service';
import type { WebhookOutbox } from '../webhooks/webhook-outbox';

export interface Services {
  users: UserService;
  tags: TagService;
  profileFields: ProfileFieldService;
  audit: AuditService;
  settings: AppSettingsService;
  activity: ActivityService;
  credentials: CredentialsService;
  passwordReset: PasswordResetService;
  userDeletion: UserDeletionService;
  bans: BanExpiry;
  outbox: WebhookOutbox;
  importJobs: ImportJobService;
  csvExport: CsvExportService;
}

/** Builds the schema from the resolver classes, each given its services. */
export function createSchema(services: Services): Promise<GraphQLSchema> {
  const factories = new Map<Function, () => object>([
    [UserResolver, () => new UserResolver(services.users)],
    [UserConnectionResolver, () => new UserConnectionResolver(services.users)],
    [TagResolver, () => new TagResolver(services.tags)],
    [ProfileFieldResolver, () => new ProfileFieldResolver(services.profileFields)],
    [ActivityResolver, () => new ActivityResolver(services.activity)],
    [AuditResolver, () => new AuditResolver(services.audit)],
    [AppSettingsResolver, () => new AppSettingsResolver(services.settings)],
    [CredentialsResolver, () => new CredentialsResolver(services.credentials)],
    [PasswordResetResolver, () => new PasswordResetResolver(services.passwordReset)],
    [UserDeletionResolver, () => new UserDeletionResolver(services.userDeletion)],
    [ImportJobResolver, () => new ImportJobResolver(services.importJobs)],
  ]);
  // Resolvers are made on first use, so the schema can be built (and printed) without services.
  const instances = new Map<Function, object>();
  const container: ContainerType = {
    get: (resolverClass: Function) => {
      if (!instances.has(resolverClass)) instances.set(resolverClass, factories.get(resolverClass)!());
      return instances.get(resolverClass);
    },
  };
  return buildSchema({
    resolvers: [...factories.keys()] as [Function, ...Function[]],
    container,
    authChecker,
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
    validate: false,
  });
}

/** The SDL checked in as schema.graphql: sorted, so it only changes when the API does. */
export const schemaSdl = (schema: GraphQLSchema): string => `${printSchema(lexicographicSortSchema(schema))}\n`;
