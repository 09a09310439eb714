import type { Database } from '../../../server/src/db/database';
import type { TestServer } from '../../../server/test/support/harness';

export interface SeedUser {
  email: string;
  name?: string | null;
  status?: 'ACTIVE' | 'BANNED';
  banReason?: string;
  /** ISO instant the ban ends. */
  bannedUntil?: string;
  tags?: string[];
  profile?: Record<string, unknown>;
  /** ISO instants; default now. */
  signedUpAt?: string;
  lastAccessAt?: string | null;
}

export interface SeedActivity {
  email: string;
  kind: 'PAGE_VIEW' | 'FEATURE_USE' | 'LOGIN' | 'CUSTOM';
  name: string;
  occurredAt: string;
}

export interface SeedFixture {
  /** Recorded through recordActivity (which also moves lastAccessAt). */
  activity?: SeedActivity[];
  fields?: Array<{ key: string; label: string; type: 'TEXT' | 'NUMBER' | 'DATE' | 'BOOLEAN' | 'SELECT'; options?: string[] }>;
  tags?: Array<{ name: string; color?: string }>;
  users: SeedUser[];
}

export interface Seeded {
  tagIds: Record<string, string>;
  userIds: Record<string, string>;
}

/**
 * Fills a test's own app through the public API (fields, tags, users, bans);
 * only the dates a client cannot set (signup, last access) are written with SQL.
 */
export async function seedApp(server: TestServer, appId: string, fixture: SeedFixture): Promise<Seeded> {
  const client = await server.client(appId, 'admin');
  for (const field of fixture.fields ?? []) {
    await client.ok('mutation ($input: CreateProfileFieldInput!) { createProfileField(input: $input) { id } }', { input: field });
  }
  const tagIds: Record<string, string> = {};
  for (const tag of fixture.tags ?? []) {
    const data = await client.ok('mutation ($input: CreateTagInput!) { createTag(input: $input) { id } }', { input: tag });
    tagIds[tag.name] = data.createTag.id;
  }
  const userIds: Record<string, string> = {};
  const created = await Promise.all(
    fixture.users.map((user) =>
      client.ok('mutation ($input: CreateUserInput!) { createUser(input: $input) { id email } }', {
        input: { email: user.email, name: user.name ?? null, profile: user.profile ?? {}, tagIds: (user.tags ?? []).map((name) => tagIds[name]) },
      }),
    ),
  );
  for (const data of created) userIds[data.createUser.email] = data.createUser.id;
  for (const user of fixture.users.filter((candidate) => candidate.status === 'BANNED')) {
    await client.ok(
      'mutation ($id: ID!, $reason: String, $until: DateTime) { setUserStatus(id: $id, status: BANNED, reason: $reason, bannedUntil: $until) { id } }',
      {
        id: userIds[user.email.toLowerCase()],
        reason: user.banReason ?? null,
        until: user.bannedUntil ?? null,
      },
    );
  }
  await setDates(server.db, appId, fixture.users);
  if (fixture.activity?.length) {
    await client.ok('mutation ($events: [ActivityInput!]!) { recordActivity(events: $events) }', {
      events: fixture.activity.map(({ email, ...event }) => ({ ...event, userId: userIds[email.toLowerCase()] })),
    });
  }
  return { tagIds, userIds };
}

async function setDates(db: Database, appId: string, users: SeedUser[]): Promise<void> {
  const dated = users.filter((user) => user.signedUpAt || user.lastAccessAt !== undefined);
  if (dated.length === 0) return;
  const dates = JSON.stringify(
    dated.map((user) => ({
      email: user.email,
      signed_up_at: user.signedUpAt ?? null,
      last_access_at: user.lastAccessAt ?? null,
      set_last: user.lastAccessAt !== undefined,
    })),
  );
  await db.execute(
    `UPDATE users SET signed_up_at = COALESCE(d.signed_up_at, users.signed_up_at)
       FROM jsonb_to_recordset($2::jsonb) AS d(email text, signed_up_at timestamptz)
      WHERE users.app_id = $1 AND users.email = lower(d.email)`,
    [appId, dates],
  );
  // Last access lives in its own table, one row per user ('-infinity' until they come back).
  await db.execute(
    `UPDATE user_last_access SET at = coalesce(d.last_access_at, '-infinity')
       FROM jsonb_to_recordset($2::jsonb) AS d(email text, last_access_at timestamptz, set_last boolean)
       JOIN users ON users.app_id = $1 AND users.email = lower(d.email)
      WHERE user_last_access.user_id = users.id AND d.set_last`,
    [appId, dates],
  );
}

/** `n` users named "<First> Test<i>" with emails user<i>@<domain>, signups one day apart (user1 newest). */
export function numberedUsers(count: number, domain = 'example.com', start = new Date('2026-06-30T12:00:00Z')): SeedUser[] {
  return Array.from({ length: count }, (_, index) => ({
    email: `user${String(index + 1).padStart(2, '0')}@${domain}`,
    name: `Person ${String(index + 1).padStart(2, '0')}`,
    signedUpAt: new Date(start.getTime() - index * 86_400_000).toISOString(),
  }));
}
