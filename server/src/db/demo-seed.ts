import { foldedKey } from '../common/text';
import type { Database } from './database';

export const DEMO_APP = 'demo';

const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Linus',
  'Margaret',
  'José',
  'Zoë',
  'Søren',
  'Chloé',
  'Łukasz',
  'Aiko',
  'Mateo',
  'Priya',
  'Olu',
  'Fatima',
  'Noah',
  'Emma',
  'Liam',
  'Mia',
  'Lucas',
  'Hannah',
  'Yusuf',
  'Elena',
  'Ravi',
  'Ingrid',
  'Kwame',
  'Sofia',
  'Tomás',
  'Anaïs',
  'Björn',
  'Mei',
  'Diego',
  'Leila',
  'Oskar',
  'Nadia',
  'Hiro',
  'Camille',
  'Jonas',
  'Amara',
  'Felix',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Torvalds',
  'Hamilton',
  'García',
  'Müller',
  'Kierkegaard',
  'Dubois',
  'Nowak',
  'Tanaka',
  'Fernández',
  'Sharma',
  'Adeyemi',
  'Haddad',
  'Smith',
  'Johnson',
  'Brown',
  "O'Connor",
  'Rossi',
  'Novák',
  'Yılmaz',
  'Popescu',
  'Iyer',
  'Larsen',
  'Mensah',
  'Costa',
  'Núñez',
  'Lefèvre',
  'Andersson',
  'Wang',
  'Silva',
  'Khan',
  'Berg',
  'Petrova',
  'Sato',
  'Martin',
  'Weber',
  'Okafor',
  'Schneider',
];
const DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example', 'acme.example', 'globex.example'];
const COMPANIES = [
  'Acme Corp',
  'Globex',
  'Initech',
  'Umbrella Labs',
  'Stark Industries',
  'Wayne Enterprises',
  'Hooli',
  'Pied Piper',
  'Soylent',
  'Vandelay Industries',
];
const TITLES = ['Engineer', 'Product Manager', 'Designer', 'CTO', 'Support Lead', 'Data Analyst', 'Founder', 'Marketing Manager'];
const COUNTRIES = ['France', 'Germany', 'India', 'Japan', 'Nigeria', 'Spain', 'United Kingdom', 'United States', 'Brazil', 'Sweden'];
const PLANS = ['Free', 'Pro', 'Enterprise'];
const TAGS: Array<[string, string, number]> = [
  ['VIP', '#f59e0b', 0.08],
  ['Beta tester', '#8b5cf6', 0.25],
  ['Newsletter', '#10b981', 0.55],
  ['Churn risk', '#ef4444', 0.12],
  ['Enterprise', '#3b82f6', 0.15],
  ['Support priority', '#ec4899', 0.1],
  ['Early adopter', '#14b8a6', 0.2],
  ['Partner', '#6366f1', 0.05],
];
const DEMO_PAGES = ['/dashboard', '/reports', '/projects', '/settings/billing', '/team', '/integrations', '/help'];
const DEMO_FEATURES = ['export-csv', 'invite-teammate', 'create-project', 'create-api-key', 'share-report'];
const BAN_REASONS = ['Spam', 'Chargeback fraud', 'Abusive messages in support chat', 'Terms of service violation', 'Account sharing'];
const FIELDS = [
  { key: 'company', label: 'Company', type: 'TEXT', required: false, options: null },
  { key: 'job_title', label: 'Job title', type: 'TEXT', required: false, options: null },
  { key: 'country', label: 'Country', type: 'SELECT', required: false, options: COUNTRIES },
  { key: 'plan', label: 'Plan', type: 'SELECT', required: true, options: PLANS },
  { key: 'seats', label: 'Seats', type: 'NUMBER', required: false, options: null },
  { key: 'newsletter', label: 'Newsletter opt-in', type: 'BOOLEAN', required: false, options: null },
  { key: 'birthday', label: 'Birthday', type: 'DATE', required: false, options: null },
];

/** A small deterministic generator, so every fresh demo has the same people. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ascii = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/ı/g, 'i')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();

/**
 * On an empty development database: a demo app with realistic users (names
 * with accents, profile values, tags, some banned, signups over the past year,
 * activity before each last access)
 * so the API and the widget have something to show. Returns how many it made.
 */
export async function seedDemoIfEmpty(db: Database, count = 200, now = new Date()): Promise<number> {
  const [existing] = await db.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM users) AS any');
  if (existing!.any) return 0;
  const next = random(20261128);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const day = 86_400_000;

  const users: Array<Record<string, unknown>> = [];
  const taken = new Set<string>();
  for (let index = 0; users.length < count; index += 1) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const email = `${ascii(first)}.${ascii(last)}${taken.has(`${ascii(first)}.${ascii(last)}`) ? index : ''}@${pick(DOMAINS)}`;
    taken.add(`${ascii(first)}.${ascii(last)}`);
    const signedUp = new Date(now.getTime() - Math.floor(next() * 365 * day));
    const active = next() < 0.85;
    const lastAccess = active ? new Date(signedUp.getTime() + Math.floor(next() * (now.getTime() - signedUp.getTime()))) : null;
    const banned = next() < 0.07;
    const profile: Record<string, unknown> = { plan: pick(PLANS), country: pick(COUNTRIES) };
    if (next() < 0.7) profile.company = pick(COMPANIES);
    if (next() < 0.6) profile.job_title = pick(TITLES);
    if (profile.plan !== 'Free') profile.seats = 1 + Math.floor(next() * 50);
    profile.newsletter = next() < 0.5;
    if (next() < 0.3)
      profile.birthday = new Date(Date.UTC(1960 + Math.floor(next() * 45), Math.floor(next() * 12), 1 + Math.floor(next() * 28))).toISOString().slice(0, 10);
    users.push({
      email,
      name: next() < 0.95 ? `${first} ${last}` : null,
      status: banned ? 'BANNED' : 'ACTIVE',
      profile,
      tags: TAGS.filter(([, , share]) => next() < share).map(([name]) => name),
      signed_up_at: signedUp.toISOString(),
      last_access_at: lastAccess?.toISOString() ?? null,
      ban_reason: banned ? pick(BAN_REASONS) : null,
      banned_at: banned ? new Date(Math.max(signedUp.getTime(), (lastAccess ?? signedUp).getTime()) + day).toISOString() : null,
    });
  }

  await db.transaction(async (tx) => {
    await tx.execute(
      `INSERT INTO profile_fields (app_id, key, label, type, required, options, position)
       SELECT $1, key, label, type, required, options, position
         FROM jsonb_to_recordset($2::jsonb)
              AS field(key text, label text, type text, required boolean, options text[], position int)`,
      [DEMO_APP, JSON.stringify(FIELDS.map((field, position) => ({ ...field, position })))],
    );
    await tx.execute(
      `INSERT INTO tags (app_id, name, color, name_key)
       SELECT $1, tag->>0, tag->>1, tag->>2 FROM jsonb_array_elements($2::jsonb) AS tag`,
      [DEMO_APP, JSON.stringify(TAGS.map(([name, color]) => [name, color, foldedKey(name)]))],
    );
    await tx.execute(
      `INSERT INTO users (app_id, email, name, status, profile, tag_ids, signed_up_at, banned_at, ban_reason)
       SELECT $1, u.email, u.name, u.status, u.profile,
              ARRAY(SELECT tags.id FROM tags WHERE tags.app_id = $1 AND tags.name IN (SELECT jsonb_array_elements_text(u.tags))),
              u.signed_up_at, u.banned_at, u.ban_reason
         FROM jsonb_to_recordset($2::jsonb) AS u(email text, name text, status text, profile jsonb, tags jsonb,
              signed_up_at timestamptz, banned_at timestamptz, ban_reason text)`,
      [DEMO_APP, JSON.stringify(users)],
    );
    await tx.execute(
      `UPDATE user_last_access AS last_access SET at = u.last_access_at
         FROM jsonb_to_recordset($2::jsonb) AS u(email text, last_access_at timestamptz)
         JOIN users ON users.app_id = $1 AND users.email = u.email
        WHERE last_access.user_id = users.id AND u.last_access_at IS NOT NULL`,
      [DEMO_APP, JSON.stringify(users)],
    );
    // A timeline for everyone who came back: events every few hours before their last access, the newest at it.
    await tx.execute(
      `INSERT INTO activity_events (app_id, user_id, occurred_at, kind, name)
       SELECT $1, e.id, e.occurred_at,
              CASE WHEN e.step % 7 = 6 THEN 'LOGIN' WHEN e.step % 3 = 2 THEN 'FEATURE_USE' ELSE 'PAGE_VIEW' END,
              CASE WHEN e.step % 7 = 6 THEN 'sign-in'
                   WHEN e.step % 3 = 2 THEN ($2::text[])[1 + (e.step + e.seed) % cardinality($2::text[])]
                   ELSE ($3::text[])[1 + (e.step + e.seed) % cardinality($3::text[])] END
         FROM (SELECT u.id, n AS step, abs(hashtext(u.email)) AS seed,
                      a.at - make_interval(mins => n * (150 + abs(hashtext(u.email)) % 300)) AS occurred_at, u.signed_up_at
                 FROM users u JOIN user_last_access a ON a.user_id = u.id, generate_series(0, 4 + abs(hashtext(u.email)) % 40) AS n
                WHERE u.app_id = $1 AND a.at <> '-infinity') AS e
        WHERE e.occurred_at >= e.signed_up_at`,
      [DEMO_APP, DEMO_FEATURES, DEMO_PAGES],
    );
  });
  return users.length;
}
