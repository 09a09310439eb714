import type { Queryable } from '../db/database';
import { SqlParameters } from '../db/sql-parameters';
import { pageSize } from '../graphql/connection';
import type { UserFilter, UserOrder } from './dto/user-filter.input';
import type { User } from './dto/user.type';
import { filterConditions, hasShortTerm, type ParsedFilter, parseUserFilter, termConditions } from './user-filter';
import { type Cursor, decodeCursor, DEFAULT_ORDER, orderSql } from './user-order';
import { USER_COLUMNS } from './user-row';

/**
 * The statements behind a page of users and its count, built apart from the
 * service so tests and the bench run them as the API does.
 */

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export interface UserPage {
  users: Array<User & { sortKey: string }>;
  hasNextPage: boolean;
}

export interface PageRequest {
  filter?: UserFilter | null;
  orderBy?: UserOrder | null;
  first?: number | null;
  after?: string | null;
}

export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * Rows of the order index a short-term search reads before giving up on it:
 * a term in more than about 0.5% of users fills a page from them.
 */
export const SHORT_TERM_PROBE_ROWS = 10_000;

export interface PageQuery extends Statement {
  first: number;
  /** For short search terms: a bounded walk of the order index, tried first. */
  probe?: Statement & { probeRows: number };
}

type PageRow = User & { sortKey: string };

/**
 * The statements behind `page`, built apart so the bench can time them raw.
 *
 * Postgres cannot estimate how many users a term under three characters
 * matches (no trigram to look up), so no single plan suits it: walking the
 * order index while filtering is instant for a common term and visits every
 * row at random for a rare one (3.8 s at 1M users), while a sequential scan
 * with a top-N sort costs about 200 ms either way. Such a search first walks
 * at most SHORT_TERM_PROBE_ROWS of the index, and scans only if that did not
 * fill the page.
 */
export function pageQuery(appId: string, request: PageRequest, probeRows = SHORT_TERM_PROBE_ROWS): PageQuery {
  const first = pageSize(request.first, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const order = request.orderBy ?? DEFAULT_ORDER;
  const filter = parseUserFilter(request.filter);
  const after: Cursor | undefined = request.after ? decodeCursor(order, request.after) : undefined;
  const shortTerm = hasShortTerm(filter);

  const params = new SqlParameters();
  const conditions = filterConditions(appId, filter, params);
  const sql = orderSql(order, { scan: shortTerm });
  if (after) conditions.push(sql.after(params.add(after.key), params.add(after.id)));
  const limit = params.add(first + 1);
  const direct: Statement = {
    params: params.values,
    sql: `WITH page AS MATERIALIZED (
         SELECT users.id, ${sql.key} AS sort_value FROM ${sql.from}
          WHERE ${conditions.join(' AND ')}
          ORDER BY ${sql.orderBy} LIMIT ${limit}
       )
       SELECT ${USER_COLUMNS}, page.sort_value::text AS "sortKey"
         FROM page JOIN users USING (id)
        ORDER BY ${sql.pageOrderBy('page')}`,
  };
  return { first, ...direct, ...(shortTerm ? { probe: probeQuery(appId, filter, order, after, first, probeRows) } : {}) };
}

function probeQuery(
  appId: string,
  filter: ParsedFilter,
  order: UserOrder,
  after: Cursor | undefined,
  first: number,
  probeRows: number,
): Statement & { probeRows: number } {
  const params = new SqlParameters();
  const base = filterConditions(appId, filter, params, { withoutTerms: true });
  const sql = orderSql(order);
  if (after) base.push(sql.after(params.add(after.key), params.add(after.id)));
  const probeLimit = params.add(probeRows);
  const terms = termConditions(filter, params);
  const limit = params.add(first + 1);
  return {
    probeRows,
    params: params.values,
    sql: `WITH candidates AS MATERIALIZED (
         SELECT users.id, ${sql.key} AS sort_value FROM ${sql.from}
          WHERE ${base.join(' AND ')} ORDER BY ${sql.orderBy} LIMIT ${probeLimit}
       ), page AS MATERIALIZED (
         SELECT id, candidates.sort_value FROM candidates JOIN users USING (id)
          WHERE ${terms.join(' AND ')}
          ORDER BY ${sql.pageOrderBy('candidates')} LIMIT ${limit}
       )
       SELECT ${USER_COLUMNS}, page.sort_value::text AS "sortKey", probe.rows AS "probedRows"
         FROM (SELECT count(*)::int AS rows FROM candidates) AS probe
         LEFT JOIN (page JOIN users USING (id)) ON true
        ORDER BY ${sql.pageOrderBy('page')}`,
  };
}

/** Runs a page query: the probe when there is one, and the full statement when the probe was not enough. */
export async function runPageQuery(db: Queryable, query: PageQuery): Promise<UserPage> {
  if (query.first === 0) return { users: [], hasNextPage: false };
  if (query.probe) {
    const rows = await db.query<PageRow & { probedRows: number }>(query.probe.sql, query.probe.params);
    const found = rows.filter((row) => row.id !== null);
    const indexExhausted = (rows[0]?.probedRows ?? 0) < query.probe.probeRows;
    if (found.length > query.first || indexExhausted) {
      return { users: found.slice(0, query.first).map(withoutProbe), hasNextPage: found.length > query.first };
    }
  }
  const rows = await db.query<PageRow>(query.sql, query.params);
  return { users: rows.slice(0, query.first), hasNextPage: rows.length > query.first };
}

const withoutProbe = ({ probedRows: _probed, ...row }: PageRow & { probedRows: number }): PageRow => row;

export function countQuery(appId: string, filter: UserFilter | null | undefined): Statement & { conditions: string[] } {
  const params = new SqlParameters();
  const conditions = filterConditions(appId, parseUserFilter(filter), params);
  return { conditions, sql: `SELECT count(*)::int AS count FROM users WHERE ${conditions.join(' AND ')}`, params: params.values };
}
