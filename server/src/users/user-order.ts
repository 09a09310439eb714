import { badInput } from '../common/app-error';
import { isUuid } from '../common/ids';
import { OrderDirection, type UserOrder, UserOrderField } from './dto/user-filter.input';

/**
 * The sort key of each order: never null, so a keyset row comparison always
 * applies. Each is the leading column of an index after app_id, with the id
 * beside it. Last access lives in its own table (one row per user, '-infinity'
 * until they come back), joined in for its order.
 */
const SORT_KEYS: Record<UserOrderField, { key: string; id: string; type: 'timestamptz' | 'text' }> = {
  [UserOrderField.SIGNED_UP_AT]: { key: 'users.signed_up_at', id: 'users.id', type: 'timestamptz' },
  [UserOrderField.LAST_ACCESS_AT]: { key: 'last_access.at', id: 'last_access.user_id', type: 'timestamptz' },
  [UserOrderField.NAME]: { key: 'public.um_fold(coalesce(users.name, users.email))', id: 'users.id', type: 'text' },
  [UserOrderField.EMAIL]: { key: 'users.email', id: 'users.id', type: 'text' },
};

const LAST_ACCESS_JOIN = 'JOIN user_last_access AS last_access ON last_access.user_id = users.id AND last_access.app_id = users.app_id';

export const DEFAULT_ORDER: UserOrder = { field: UserOrderField.SIGNED_UP_AT, direction: OrderDirection.DESC };

/** Where a page ended: the sort key as Postgres printed it (no precision lost) and the id. */
export interface Cursor {
  key: string;
  id: string;
}

interface EncodedCursor {
  o: UserOrderField;
  d: OrderDirection;
  k: string;
  i: string;
}

export function encodeCursor(order: UserOrder, cursor: Cursor): string {
  const encoded: EncodedCursor = { o: order.field, d: order.direction, k: cursor.key, i: cursor.id };
  return Buffer.from(JSON.stringify(encoded)).toString('base64url');
}

export function decodeCursor(order: UserOrder, text: string, field = 'after'): Cursor {
  let decoded: Partial<EncodedCursor>;
  try {
    decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<EncodedCursor>;
  } catch {
    throw badInput(field, `${field} is not a cursor this API returned`);
  }
  if (
    typeof decoded !== 'object' ||
    decoded === null ||
    typeof decoded.k !== 'string' ||
    decoded.k.includes('\u0000') ||
    typeof decoded.i !== 'string' ||
    !isUuid(decoded.i)
  ) {
    throw badInput(field, `${field} is not a cursor this API returned`);
  }
  if (decoded.o !== order.field || decoded.d !== order.direction) {
    throw badInput(field, `${field} belongs to another order; start again without it`);
  }
  if (SORT_KEYS[order.field].type === 'timestamptz' && !/^(-infinity|\d{4}-\d\d-\d\d [\d:.]+\+00)$/.test(decoded.k)) {
    throw badInput(field, `${field} is not a cursor this API returned`);
  }
  return { key: decoded.k, id: decoded.i };
}

/**
 * The SQL pieces of an order: what to read, key expression, ORDER BY, and
 * the keyset condition after a cursor. With `indexFirst`, the ORDER BY is
 * written so that no index can serve it, and Postgres must find the matching
 * rows first and sort them (see INDEX_FIRST_SHARE in users/search-terms.ts).
 */
export function orderSql(order: UserOrder, options: { indexFirst?: boolean } = {}) {
  const { key, id, type } = SORT_KEYS[order.field];
  const direction = order.direction === OrderDirection.ASC ? 'ASC' : 'DESC';
  const comparison = order.direction === OrderDirection.ASC ? '>' : '<';
  return {
    key,
    /** What to read users from: `users`, joined to what the order needs. */
    from: order.field === UserOrderField.LAST_ACCESS_AT ? `users ${LAST_ACCESS_JOIN}` : 'users',
    orderBy: `${options.indexFirst ? (type === 'text' ? `(${key} || '')` : `(${key} + interval '0')`) : key} ${direction}, ${id} ${direction}`,
    /** The same order over rows already read, with their key as `sort_value` beside `id`. */
    pageOrderBy: (rows: string) => `${rows}.sort_value ${direction}, ${rows}.id ${direction}`,
    after: (keyParam: string, idParam: string) => `(${key}, ${id}) ${comparison} (${keyParam}::${type}, ${idParam}::uuid)`,
  };
}
