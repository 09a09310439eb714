import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { isRetryable } from './pg-errors';

export type SqlParams = readonly unknown[];

/** A transaction Postgres gave up on because of another one runs again, this many times in all. */
const TRANSACTION_ATTEMPTS = 3;

/** What a service needs to run SQL, in or outside a transaction. */
export interface Queryable {
  /** Runs one statement and returns its rows. */
  query<Row extends object>(sql: string, params?: SqlParams): Promise<Row[]>;
  /** Runs one statement and returns how many rows it changed. */
  execute(sql: string, params?: SqlParams): Promise<number>;
}

/** One connection's statements: plain ones, and COPY in and out with back-pressure. */
export interface Session extends Queryable {
  /** COPY … FROM STDIN of what `data` yields. */
  copyIn(sql: string, data: Iterable<string | Buffer> | AsyncIterable<string | Buffer>): Promise<void>;
  /** COPY … TO STDOUT into `out`; returns how many rows went. */
  copyOut(sql: string, out: Writable): Promise<number>;
}

export interface TransactionOptions {
  /** How many times in all the work may run (default 3). Work that reads a stream it cannot read again runs once. */
  attempts?: number;
  /** Errors besides deadlocks and serialisation failures that make the work run again. */
  retryOn?: (error: unknown) => boolean;
  /** BEGIN READ ONLY. */
  readOnly?: boolean;
}

/** A connection held by one caller until it lets go. */
export interface Connection extends Session {
  /**
   * Runs `work` in one transaction; rolls back if it throws. Work that
   * Postgres chose as a deadlock victim (or could not serialise) runs again
   * from the start, up to `attempts` times: the one place that rule lives.
   */
  transaction<T>(work: (tx: Session) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Gives the connection back (a pooled one to its pool, a dedicated one closed); a broken one is dropped. */
  release(): Promise<void>;
}

export interface DatabaseOptions {
  /** Called for every statement before it is sent (the request log counts them per request). */
  onStatement?: () => void;
  /** How long a caller waits for a free connection before it gets an error (isUnavailable); none: forever. */
  acquireTimeoutMs?: number;
}

/** The pg pool behind every service. Statements are always parameterised. */
export class Database implements Queryable {
  private readonly pool: pg.Pool;
  private readonly boundedPools = new Map<number, pg.Pool>();

  constructor(
    private readonly databaseUrl: string,
    poolSize: number,
    private readonly options: DatabaseOptions = {},
  ) {
    this.pool = createPool(databaseUrl, poolSize, undefined, options.acquireTimeoutMs);
  }

  /**
   * Runs one statement that Postgres cancels after `budgetMs` (SQLSTATE
   * 57014, see isQueryCanceled), on a few connections of their own so the
   * budget never leaks into other statements.
   */
  queryWithin<Row extends object>(budgetMs: number, sql: string, params: SqlParams = []): Promise<Row[]> {
    let pool = this.boundedPools.get(budgetMs);
    if (!pool) {
      pool = createPool(this.databaseUrl, 4, budgetMs, this.options.acquireTimeoutMs);
      this.boundedPools.set(budgetMs, pool);
    }
    return this.run<Row>(pool, sql, params).then((result) => result.rows);
  }

  query<Row extends object>(sql: string, params: SqlParams = []): Promise<Row[]> {
    return this.run<Row>(this.pool, sql, params).then((result) => result.rows);
  }

  execute(sql: string, params: SqlParams = []): Promise<number> {
    return this.run(this.pool, sql, params).then((result) => result.rowCount ?? 0);
  }

  /** One transaction on a connection of the pool (see Connection.transaction). */
  async transaction<T>(work: (tx: Session) => Promise<T>, options?: TransactionOptions): Promise<T> {
    const connection = await this.connect();
    try {
      return await connection.transaction(work, options);
    } finally {
      await connection.release();
    }
  }

  /** A connection of the pool for a few statements in a row (a request's upload or download); release it. */
  async connect(): Promise<Connection> {
    const client = await this.pool.connect();
    return new HeldConnection(client, (broken) => client.release(broken), this.options.onStatement);
  }

  /**
   * A connection of its own, outside the pool, for work that holds one for
   * minutes (a job and its session-level advisory lock); `onLost` hears of
   * it dropping. Release closes it.
   */
  async dedicated(applicationName: string, onLost?: () => void): Promise<Connection> {
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: applicationName, options: SESSION_OPTIONS });
    // A dropped connection fails the statement in flight, which says so; the event only needs a listener.
    client.on('error', () => onLost?.());
    await client.connect();
    return new HeldConnection(client, () => client.end().catch(() => undefined), this.options.onStatement);
  }

  private run<Row extends object>(client: pg.Pool | pg.ClientBase, sql: string, params: SqlParams): Promise<pg.QueryResult<Row>> {
    this.options.onStatement?.();
    return client.query<Row>(sql, params as unknown[]);
  }

  async close(): Promise<void> {
    await Promise.all([this.pool.end(), ...[...this.boundedPools.values()].map((pool) => pool.end())]);
  }
}

/**
 * Every session works in UTC so timestamps read back as written, and without
 * JIT compilation: a stock server compiles any statement its planner costs
 * above 100,000 (a count over an app's users, a page planned on statistics
 * that lag), which adds 50–200 ms to statements that run in a few ms.
 */
const SESSION_OPTIONS = '-c TimeZone=UTC -c jit=off';

class HeldConnection implements Connection {
  /** A COPY cut off half way leaves the connection unusable: it is dropped, not reused. */
  private broken: Error | undefined;

  constructor(
    private readonly client: pg.ClientBase,
    private readonly giveBack: (broken: Error | undefined) => void | Promise<void>,
    private readonly onStatement: (() => void) | undefined,
  ) {}

  query<Row extends object>(sql: string, params: SqlParams = []): Promise<Row[]> {
    this.onStatement?.();
    return this.client.query<Row>(sql, params as unknown[]).then((result) => result.rows);
  }

  execute(sql: string, params: SqlParams = []): Promise<number> {
    this.onStatement?.();
    return this.client.query(sql, params as unknown[]).then((result) => result.rowCount ?? 0);
  }

  async copyIn(sql: string, data: Iterable<string | Buffer> | AsyncIterable<string | Buffer>): Promise<void> {
    try {
      await pipeline(Readable.from(data), this.client.query(copyFrom(sql)));
    } catch (error) {
      this.broken ??= asError(error);
      throw error;
    }
  }

  async copyOut(sql: string, out: Writable): Promise<number> {
    const copy = this.client.query(copyTo(sql));
    try {
      await pipeline(copy, out);
      return copy.rowCount;
    } catch (error) {
      this.broken ??= asError(error);
      throw error;
    }
  }

  async transaction<T>(work: (tx: Session) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const attempts = options.attempts ?? TRANSACTION_ATTEMPTS;
    for (let attempt = 1; ; attempt += 1) {
      await this.client.query(options.readOnly ? 'BEGIN READ ONLY' : 'BEGIN');
      try {
        const result = await work(this);
        await this.client.query('COMMIT');
        return result;
      } catch (error) {
        if (!this.broken) await this.client.query('ROLLBACK').catch((rollbackError: unknown) => (this.broken = asError(rollbackError)));
        const again = isRetryable(error) || (options.retryOn?.(error) ?? false);
        if (this.broken || attempt >= attempts || !again) throw error;
      }
    }
  }

  async release(): Promise<void> {
    await this.giveBack(this.broken);
  }
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

function createPool(databaseUrl: string, max: number, statementTimeoutMs?: number, acquireTimeoutMs?: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    ...(acquireTimeoutMs ? { connectionTimeoutMillis: acquireTimeoutMs } : {}),
    application_name: 'user-manager',
    options: SESSION_OPTIONS,
    ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}),
  });
  // An idle client losing its server (restart, network) must not crash the process.
  pool.on('error', () => undefined);
  return pool;
}
