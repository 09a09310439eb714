import pg from 'pg';
import { isRetryable } from './pg-errors';

export type SqlParams = readonly unknown[];

const MAX_TRANSACTION_ATTEMPTS = 3;

/** What a service needs to run SQL, in or outside a transaction. */
export interface Queryable {
  /** Runs one statement and returns its rows. */
  query<Row extends object>(sql: string, params?: SqlParams): Promise<Row[]>;
  /** Runs one statement and returns how many rows it changed. */
  execute(sql: string, params?: SqlParams): Promise<number>;
}

export interface DatabaseOptions {
  /** Called for every statement before it is sent (the request log counts them per request). */
  onStatement?: () => void;
}

/** The pg pool behind every service. Statements are always parameterised. */
export class Database implements Queryable {
  readonly pool: pg.Pool;
  private readonly boundedPools = new Map<number, pg.Pool>();

  constructor(
    private readonly databaseUrl: string,
    poolSize: number,
    private readonly options: DatabaseOptions = {},
  ) {
    this.pool = createPool(databaseUrl, poolSize);
  }

  /**
   * Runs one statement that Postgres cancels after `budgetMs` (SQLSTATE
   * 57014, see isQueryCanceled), on a few connections of their own so the
   * budget never leaks into other statements.
   */
  queryWithin<Row extends object>(budgetMs: number, sql: string, params: SqlParams = []): Promise<Row[]> {
    let pool = this.boundedPools.get(budgetMs);
    if (!pool) {
      pool = createPool(this.databaseUrl, 4, budgetMs);
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

  /**
   * Runs `work` in one transaction on one connection; rolls back if it throws.
   * A transaction Postgres chose as a deadlock victim (or could not
   * serialise) is run again from the start, a few times.
   */
  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.transactionOnce(work);
      } catch (error) {
        if (attempt >= MAX_TRANSACTION_ATTEMPTS || !isRetryable(error)) throw error;
      }
    }
  }

  private async transactionOnce<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx: Queryable = {
      query: <Row extends object>(sql: string, params: SqlParams = []) =>
        this.run<Row>(client, sql, params).then((result) => result.rows),
      execute: (sql, params = []) => this.run(client, sql, params).then((result) => result.rowCount ?? 0),
    };
    try {
      await client.query('BEGIN');
      const result = await work(tx);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private run<Row extends object>(client: pg.Pool | pg.PoolClient, sql: string, params: SqlParams): Promise<pg.QueryResult<Row>> {
    this.options.onStatement?.();
    return client.query<Row>(sql, params as unknown[]);
  }

  async close(): Promise<void> {
    await Promise.all([this.pool.end(), ...[...this.boundedPools.values()].map((pool) => pool.end())]);
  }
}

function createPool(databaseUrl: string, max: number, statementTimeoutMs?: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    application_name: 'user-manager',
    // Every session works in UTC so timestamps read back as written.
    options: '-c TimeZone=UTC',
    ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}),
  });
  // An idle client losing its server (restart, network) must not crash the process.
  pool.on('error', () => undefined);
  return pool;
}

