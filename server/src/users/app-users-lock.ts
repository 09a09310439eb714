import type { Queryable } from '../db/database';

/**
 * Activity events name their user without a foreign key: its check, and the
 * row lock it takes on the user, were half of a batch's cost (1,000 events
 * of 1,000 users: 43–56 ms with the key, 25–28 ms without). Instead, one
 * advisory lock per app, held to the end of the transaction, keeps users and
 * the rows that name them together: a delete of the app's users takes it
 * alone, a write of rows naming them takes it shared. So a batch never
 * stores events for a user a delete has removed (it waits, then finds the
 * user gone), and a delete never leaves a batch's events behind (it waits
 * for the batch, then deletes those too). Both take it before any other lock
 * of their transaction (docs/architecture.md, "Locks and transactions").
 */
const NAMESPACE = 7436114;
const LAST_ACCESS_NAMESPACE = 7436115;

/** For a write of rows that name the app's users (activity events): shared, to the end of the transaction. */
export async function holdAppUsers(tx: Queryable, appId: string): Promise<void> {
  await holdForApp(tx, 'pg_advisory_xact_lock_shared', NAMESPACE, appId);
}

/** For a delete of the app's users: alone, to the end of the transaction. */
export async function holdAppUsersToDelete(tx: Queryable, appId: string): Promise<void> {
  await holdForApp(tx, 'pg_advisory_xact_lock', NAMESPACE, appId);
}

/**
 * For moving the app's users' lastAccessAt (user_last_access): alone, to the
 * end of the transaction, taken right before the update. Two batches that
 * named the same users in different orders could otherwise each hold a row
 * the other waits for; locking the rows in id order first avoided that, but
 * the extra pass wrote a lock into each row (a batch of 1,000 users: 25.6 ms
 * at p50 with it, 21.4 ms without, the statements alone). Nothing waits for
 * another lock while holding this one: the update is its transaction's last
 * write.
 */
export async function holdLastAccess(tx: Queryable, appId: string): Promise<void> {
  await holdForApp(tx, 'pg_advisory_xact_lock', LAST_ACCESS_NAMESPACE, appId);
}

/** One of the app's advisory locks, held to the end of the transaction: the app id hashed into the lock's second key. */
async function holdForApp(tx: Queryable, lock: 'pg_advisory_xact_lock' | 'pg_advisory_xact_lock_shared', namespace: number, appId: string): Promise<void> {
  await tx.query(`SELECT ${lock}($1, hashtext($2))`, [namespace, appId]);
}
