import type { BatchRow } from './import-batch';
import type { RowSpan } from './import-job.store';
import type { BatchJob, ImportWriter } from './import-writer';

/** Batches are sized to commit about twice a second per writer, so progress moves at least once a second. */
const TARGET_BATCH_MS = 500;
const MIN_BATCH = 500;
const MAX_BATCH = 8_000;
const FIRST_BATCH = 2_000;

/**
 * Spreads a job's batches over its writers, each on a connection of its own,
 * so Postgres keeps its index upkeep for one batch on one core while the next
 * batch is written on another. A batch waits for a free writer; the first
 * failure of any batch stops the job (the others in flight commit or roll
 * back on their own, and each commit records the rows it covered and adds
 * its counts to the job's row).
 */
export class ParallelWriters {
  /** Rows the next batch should hold, adapted to how long the last one took. */
  batchSize = FIRST_BATCH;
  /** Milliseconds the writers spent writing, summed over writers; and the parser spent waiting for one. */
  readonly timings = { writingMs: 0, waitingMs: 0 };
  private readonly idle: ImportWriter[];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly ready: Array<{ rows: BatchRow[]; span: RowSpan }> = [];
  private failure: { error: unknown } | undefined;

  constructor(
    writers: readonly ImportWriter[],
    private readonly job: BatchJob,
  ) {
    this.idle = [...writers];
  }

  /**
   * Queues the batch for the next free writer. One batch may wait ready while
   * every writer is busy, so a writer that finishes starts again at once
   * rather than waiting for the parser; beyond that, this waits. Throws the
   * first failure of any batch.
   */
  async submit(rows: BatchRow[], span: RowSpan): Promise<void> {
    const waitFrom = Date.now();
    while (this.ready.length > 0 && !this.failure) await Promise.race(this.inFlight);
    this.timings.waitingMs += Date.now() - waitFrom;
    this.throwFailure();
    this.ready.push({ rows, span });
    this.start();
  }

  private start(): void {
    while (!this.failure && this.idle.length > 0 && this.ready.length > 0) {
      const writer = this.idle.pop()!;
      const { rows, span } = this.ready.shift()!;
      const began = Date.now();
      const done: Promise<void> = writer
        .write(this.job, rows, span)
        .then(
          () => {
            const took = Date.now() - began;
            this.timings.writingMs += took;
            const factor = Math.min(2, Math.max(0.5, TARGET_BATCH_MS / Math.max(1, took)));
            this.batchSize = Math.round(Math.min(MAX_BATCH, Math.max(MIN_BATCH, this.batchSize * factor)));
            this.idle.push(writer);
          },
          (error: unknown) => {
            this.failure ??= { error };
          },
        )
        .finally(() => {
          this.inFlight.delete(done);
          this.start();
        });
      this.inFlight.add(done);
    }
  }

  /** Waits for every batch in flight; throws the first failure of any. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
    this.throwFailure();
  }

  private throwFailure(): void {
    if (this.failure) throw this.failure.error;
  }
}

/**
 * Whether a file row lies in one of the spans earlier runs committed, for
 * rows asked in ascending order (a cursor, not a search, per row).
 */
export function committedRows(spans: ReadonlyArray<readonly [number, number]>): (row: number) => boolean {
  let index = 0;
  return (row) => {
    while (index < spans.length && spans[index]![1] <= row) index += 1;
    return index < spans.length && spans[index]![0] <= row;
  };
}
