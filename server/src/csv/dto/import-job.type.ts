import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum ImportStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}

export enum ImportMode {
  UPSERT = 'UPSERT',
  INSERT = 'INSERT',
  DRY_RUN = 'DRY_RUN',
}

registerEnumType(ImportStatus, {
  name: 'ImportStatus',
  valuesConfig: {
    QUEUED: { description: 'Stored and waiting for a runner.' },
    RUNNING: { description: 'Rows are being checked and written; a restart resumes it where it stopped.' },
    SUCCEEDED: { description: 'Every row was handled; failed rows are in errors.' },
    FAILED: { description: 'The whole job stopped; message says why. Batches written before stay written.' },
  },
});
registerEnumType(ImportMode, {
  name: 'ImportMode',
  valuesConfig: {
    UPSERT: { description: 'New emails are created, existing users updated (tags are added, empty cells change nothing).' },
    INSERT: { description: 'Only new users; an email that already exists is a row error.' },
    DRY_RUN: { description: 'Everything checked and counted as an upsert would, nothing written.' },
  },
});

@ObjectType({ description: 'One problem of one row of an imported file.' })
export class ImportRowError {
  @Field(() => Int, { description: 'The file row, counting the header as row 1 (as a spreadsheet shows it).' })
  row!: number;

  @Field(() => String, { description: 'The column at fault, or "" for the row as a whole.' })
  column!: string;

  @Field(() => String)
  message!: string;
}

@ObjectType({ description: 'A CSV import: POST /csv/import starts one, this reports its progress.' })
export class ImportJob {
  @Field(() => ID)
  id!: string;

  @Field(() => ImportStatus)
  status!: ImportStatus;

  @Field(() => ImportMode)
  mode!: ImportMode;

  @Field(() => Int, { nullable: true, description: 'Data rows in the file (blank rows are not counted); null if the file could not be read.' })
  totalRows!: number | null;

  @Field(() => Int, { description: 'Rows handled so far: created + updated + unchanged + failed.' })
  processedRows!: number;

  @Field(() => Int, { description: 'New users (in a dry run: that would be created).' })
  created!: number;

  @Field(() => Int, { description: 'Existing users changed (in a dry run: that would change).' })
  updated!: number;

  @Field(() => Int, { description: 'Existing users the row left exactly as they were.' })
  unchanged!: number;

  @Field(() => Int, { description: 'Rows not written; see errors, or download GET /csv/import/{id}/errors.' })
  failed!: number;

  @Field(() => String, { nullable: true, description: 'Why the whole job failed.' })
  message!: string | null;

  @Field(() => [String], { description: 'Things the import ignored, such as unknown columns.' })
  warnings!: string[];

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  /** For the errors field. */
  appId!: string;
}
