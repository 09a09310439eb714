import type { Queryable } from '../db/database';
import { SqlParameters } from '../db/sql-parameters';
import { pageSize } from '../graphql/connection';
import { OrderDirection, type UserFilter, type UserOrder, UserOrderField } from './dto/user-filter.input';
import type { User } from './dto/user.type';
import { filterConditions, parseUserFilter, walkChecks, walkedConditionsOnly } from './user-filter';
import { type Cursor, decodeCursor, DEFAULT_ORDER, orderSql } from './user-order';
import { USER_COLUMNS } from './user-row';
import { tagsFromColumn, userTagsColumn } from '../tags/tag-columns';
import type { SearchPlan } from './search-terms';

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
  /** Bring each user's tags in the page's statement (when the operation selects them). */
  withTags?: boolean;
}

export interface Statement {
  sql: string;
  params: unknown[];
}

export interface PageQuery extends Statement {
  first: number;
  /** A bounded walk's alternative: the statement that answers when the walk's page comes back short (see SearchPlan.walk). */
  fallback?: PageQuery;
}

type PageRow = User & { sortKey: string; tagCells?: Parameters<typeof tagsFromColumn>[0] };

/** The page a search is planned for: the rows its statement asks for and its order. */
export const plannedPage = (request: PageRequest): { rows: number; order: UserOrder } => ({
  rows: pageSize(request.first, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE) + 1,
  order: request.orderBy ?? DEFAULT_ORDER,
});

/**
 * The statement behind `page`, built apart so the bench can time it raw.
 * The search plan (users/search-terms.ts) says which terms an index scan
 * may follow (by default all), whether the page must come from the index,
 * or whether it walks the order's index for a bounded number of rows, with
 * the index-first statement to run when that walk does not fill the page.
 */
export function pageQuery(appId: string, request: PageRequest, options: SearchPlan = { indexFirst: false }): PageQuery {
  if (!options.walk) return statement(appId, request, options);
  const walk = statement(appId, request, { indexFirst: false, driving: new Set() }, options.walk.atMost);
  return options.walk.atMost === null ? walk : { ...walk, fallback: statement(appId, request, { indexFirst: true, driving: options.driving }) };
}

/** `walkAtMost`: walk the order's index for at most that many rows, checking the filter on each (null: no bounded walk). */
function statement(appId: string, request: PageRequest, options: SearchPlan, walkAtMost: number | null = null): PageQuery {
  const first = pageSize(request.first, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const order = request.orderBy ?? DEFAULT_ORDER;
  const filter = parseUserFilter(request.filter);
  const after: Cursor | undefined = request.after ? decodeCursor(order, request.after) : undefined;

  const params = new SqlParameters();
  const cursor = after ? { key: params.add(after.key), id: params.add(after.id) } : undefined;
  const signupCursor =
    cursor && order.field === UserOrderField.SIGNED_UP_AT ? { key: cursor.key, descending: order.direction === OrderDirection.DESC } : undefined;
  // A walk reads the rows of the signup range and checks the rest of the filter on each (user-filter.ts, walkedConditionsOnly).
  const walking = walkAtMost !== null;
  const checks = walking ? walkChecks(filter, params, options.driving) : [];
  const conditions = filterConditions(appId, walking ? walkedConditionsOnly(filter) : filter, params, { driving: options.driving, signupCursor });
  const sql = orderSql(order, { indexFirst: options.indexFirst });
  if (cursor) conditions.push(sql.after(cursor.key, cursor.id));
  const limit = params.add(first + 1);
  const tags = request.withTags ? `, ${userTagsColumn('users', params.add(appId))} AS "tagCells"` : '';
  const ids = !walking
    ? `SELECT users.id, ${sql.key} AS sort_value FROM ${sql.from}
          WHERE ${conditions.join(' AND ')}
          ORDER BY ${sql.orderBy} LIMIT ${limit}`
    : `SELECT walked.id, walked.sort_value FROM (
           SELECT users.id, ${sql.key} AS sort_value, ${checks.length > 0 ? checks.join(' AND ') : 'true'} AS hit FROM ${sql.from}
            WHERE ${conditions.join(' AND ')}
            ORDER BY ${sql.orderBy} LIMIT ${params.add(walkAtMost)}
         ) AS walked
          WHERE walked.hit
          ORDER BY ${sql.pageOrderBy('walked')} LIMIT ${limit}`;
  return {
    first,
    params: params.values,
    sql: `WITH page AS MATERIALIZED (
         ${ids}
       )
       SELECT ${USER_COLUMNS}, page.sort_value::text AS "sortKey"${tags}
         FROM page JOIN users USING (id)
        ORDER BY ${sql.pageOrderBy('page')}`,
  };
}

/** Runs a page query. */
export async function runPageQuery(db: Queryable, query: PageQuery): Promise<UserPage> {
  if (query.first === 0) return { users: [], hasNextPage: false };
  let rows = await db.query<PageRow>(query.sql, query.params);
  // Short of a full page, the walk may have stopped at its bound before the matches ran out.
  if (query.fallback && rows.length <= query.first) rows = await db.query<PageRow>(query.fallback.sql, query.fallback.params);
  const users = rows.slice(0, query.first).map(({ tagCells, ...user }) => (tagCells ? { ...user, loadedTags: tagsFromColumn(tagCells) } : user));
  return { users, hasNextPage: rows.length > query.first };
}

export function countQuery(
  appId: string,
  filter: UserFilter | null | undefined,
  options: { driving?: ReadonlySet<number> } = {},
): Statement & { conditions: string[] } {
  const params = new SqlParameters();
  const conditions = filterConditions(appId, parseUserFilter(filter), params, { driving: options.driving });
  return { conditions, sql: `SELECT count(*)::int AS count FROM users WHERE ${conditions.join(' AND ')}`, params: params.values };
}
