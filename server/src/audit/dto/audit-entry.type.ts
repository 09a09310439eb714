import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Connection } from '../../graphql/connection';

@ObjectType({ description: 'One change: who made it, when, to which user, and what it was before and after.' })
export class AuditEntry {
  @Field(() => ID)
  id!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => String, { description: "The token subject of whoever made the change, or 'system'." })
  actor!: string;

  @Field(() => String, { description: "The actor's role: viewer, manager, admin, service, public (a reset link) or system." })
  role!: string;

  @Field(() => String, { description: 'What was done, such as user.created, user.banned, tag.deleted, user.deleted.' })
  action!: string;

  @Field(() => ID, { nullable: true, description: 'The user the change was about, if any.' })
  targetUserId!: string | null;

  @Field(() => GraphQLJSONObject, { description: 'Usually { before, after }; never a password or its hash.' })
  details!: Record<string, unknown>;
}

@ObjectType({ description: 'A page of the audit log, newest first.' })
export class AuditEntryConnection extends Connection(AuditEntry, 'AuditEntry') {}
