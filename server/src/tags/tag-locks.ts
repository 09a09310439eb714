import { AppError, ErrorCode } from '../common/app-error';
import type { Queryable } from '../db/database';

/** A tag id that is not one of the app's (or was deleted a moment ago). */
export class MissingTagError extends AppError {
  constructor(readonly tagId: string) {
    super(ErrorCode.NOT_FOUND, `Tag ${tagId} was not found`, 'tagIds');
  }
}

/**
 * Locks the app's tags among `tagIds` FOR KEY SHARE, in id order, and fails
 * naming the first id that is not one. Every write that puts tags on users
 * calls it first, in its transaction, before touching users: a concurrent
 * delete of the tag then waits for it (or it for the delete, and finds the
 * tag gone), and locks are always taken tags first, then users.
 */
export async function lockTags(db: Queryable, appId: string, tagIds: readonly string[]): Promise<void> {
  if (tagIds.length === 0) return;
  const found = await db.query<{ id: string }>('SELECT id FROM tags WHERE app_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR KEY SHARE', [appId, tagIds]);
  const existing = new Set(found.map((row) => row.id));
  const missing = tagIds.find((id) => !existing.has(id));
  if (missing) throw new MissingTagError(missing);
}
