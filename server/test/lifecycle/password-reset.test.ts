import { createHash, randomBytes } from 'node:crypto';
import { newAppId, startTestServer, type TestServer } from '../support/harness';
import { createOwnDatabase, type OwnDatabase } from '../support/own-database';
import { mailText, SmtpSink } from '../support/smtp-sink';
import { MINUTE, TestClock } from '../support/test-clock';
import { WebhookReceiver } from '../support/webhook-receiver';

const CREATE = `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`;
const SEND = `mutation($id: ID!, $delivery: ResetDelivery) { sendPasswordReset(userId: $id, delivery: $delivery) { delivery resetUrl expiresAt } }`;
const COMPLETE = `mutation($token: String!, $password: String!) { completePasswordReset(token: $token, newPassword: $password) }`;
const VERIFY = `mutation($email: String!, $password: String!) { verifyCredentials(email: $email, password: $password) { id } }`;

let smtp: SmtpSink;
let receiver: WebhookReceiver;
let server: TestServer;
// Its server moves the clock and runs jobs over every app: a database of its own keeps other test files out of reach.
let database: OwnDatabase;
const clock = new TestClock();

beforeAll(async () => {
  database = await createOwnDatabase('um_reset');
  smtp = new SmtpSink();
  const smtpPort = await smtp.listen();
  receiver = new WebhookReceiver();
  await receiver.listen();
  server = await startTestServer(
    {
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'Accounts <accounts@example.org>',
      WEBHOOK_URL: receiver.url,
      WEBHOOK_SECRET: 'webhook-secret-for-the-tests',
    },
    { databaseUrl: database.url, clock, lifecycle: { jobs: false, resetAttempts: { limit: 1000, windowMs: 15 * MINUTE, perToken: 1000 } } },
  );
});
afterAll(async () => {
  await server.close();
  await smtp.close();
  await receiver.close();
  await database.drop();
});

async function appWithUser() {
  const appId = newAppId();
  const admin = await server.client(appId, 'admin');
  const { createUser } = await admin.ok(CREATE, { input: { email: 'linus@example.com', password: 'old password 1' } });
  return { appId, admin, userId: createUser.id as string, service: await server.client(appId, 'service'), anonymous: server.anonymous() };
}

const tokenOf = (url: string): string => new URL(url).searchParams.get('token')!;

test('LINK hands the admin a one-time link; only its SHA-256 is stored; it resets the password once', async () => {
  const { admin, userId, service, anonymous } = await appWithUser();
  const before = clock.now().getTime();
  const { sendPasswordReset } = await admin.ok(SEND, { id: userId, delivery: 'LINK' });
  expect(sendPasswordReset.delivery).toBe('LINK');
  expect(sendPasswordReset.resetUrl).toMatch(new RegExp(`^${server.url}/reset-password\\?token=[A-Za-z0-9_-]{43}$`));
  expect(new Date(sendPasswordReset.expiresAt).getTime() - before).toBeGreaterThanOrEqual(30 * MINUTE - 1000);
  expect(new Date(sendPasswordReset.expiresAt).getTime() - before).toBeLessThanOrEqual(30 * MINUTE + 1000);
  const token = tokenOf(sendPasswordReset.resetUrl);
  expect(Buffer.from(token, 'base64url')).toHaveLength(32);

  const rows = await server.db.query<{ hash: Buffer }>('SELECT token_hash AS hash FROM password_reset_tokens WHERE user_id = $1', [userId]);
  expect(rows).toHaveLength(1);
  expect(rows[0]!.hash.toString('hex')).toBe(createHash('sha256').update(token).digest('hex'));
  expect(JSON.stringify(await server.db.query('SELECT * FROM password_reset_tokens'))).not.toContain(token);

  expect(await anonymous.ok(COMPLETE, { token, password: 'brand new password' })).toEqual({ completePasswordReset: true });
  await service.ok(VERIFY, { email: 'linus@example.com', password: 'brand new password' });
  expect((await service.error(VERIFY, { email: 'linus@example.com', password: 'old password 1' })).extensions?.code).toBe('INVALID_CREDENTIALS');

  // Used once: the second try gets the generic error.
  const reused = await anonymous.error(COMPLETE, { token, password: 'another new password' });
  expect(reused.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'token' });
  // One completion, one user.password_reset webhook.
  await receiver.waitFor((hook) => hook.json.userId === userId && hook.json.type === 'user.password_reset');
  await server.jobs.dispatchWebhooks();
  expect(receiver.received.filter((hook) => hook.json.userId === userId)).toHaveLength(1);
});

test('EMAIL sends the link through SMTP from MAIL_FROM, and the link completes the reset on the server page', async () => {
  const { admin, userId, service } = await appWithUser();
  const { sendPasswordReset } = await admin.ok(SEND, { id: userId, delivery: 'EMAIL' });
  expect(sendPasswordReset).toMatchObject({ delivery: 'EMAIL', resetUrl: null });
  const mail = smtp.messages.find((message) => message.to.includes('linus@example.com'))!;
  expect(mail.from).toBe('accounts@example.org');
  const text = mailText(mail.raw);
  expect(text).toMatch(/Subject: Reset your password/);
  const link = /(http:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]{43})/.exec(text)![1]!;

  const page = await fetch(link);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
  const html = await page.text();
  expect(html).toContain('<label for="password">New password</label>');
  expect(html).toContain(`value="${tokenOf(link)}"`);

  const post = (password: string, confirm = password) =>
    fetch(`${server.url}/reset-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokenOf(link), password, confirm }).toString(),
    });
  const mismatch = await post('typed one password', 'typed another one');
  expect(mismatch.status).toBe(400);
  expect(await mismatch.text()).toContain('role="alert"');
  const short = await post('short');
  expect(short.status).toBe(400);
  expect(await short.text()).toContain('8 to 128 characters');
  const done = await post('password from the page');
  expect(done.status).toBe(200);
  expect(await done.text()).toContain('Password changed');
  await service.ok(VERIFY, { email: 'linus@example.com', password: 'password from the page' });

  const [hook] = await receiver.waitFor((hook) => hook.json.userId === userId && hook.json.type === 'user.password_reset');
  expect(hook!.json.data).toEqual({});
  // The token never reached the log.
  expect(JSON.stringify(server.logs)).not.toContain(tokenOf(link));
});

test('a mail server that refuses leaves nothing behind and says so', async () => {
  const { admin, userId } = await appWithUser();
  smtp.refuse = 'Mailbox unavailable';
  try {
    const error = await admin.error(SEND, { id: userId, delivery: 'EMAIL' });
    expect(error.extensions?.code).toBe('DELIVERY_FAILED');
  } finally {
    smtp.refuse = undefined;
  }
  expect(await server.db.query('SELECT 1 FROM password_reset_tokens WHERE user_id = $1', [userId])).toHaveLength(0);
});

test('a token expires after RESET_TOKEN_TTL, and a new one voids the older', async () => {
  const { admin, userId, anonymous } = await appWithUser();
  const first = tokenOf((await admin.ok(SEND, { id: userId, delivery: 'LINK' })).sendPasswordReset.resetUrl);
  const second = tokenOf((await admin.ok(SEND, { id: userId, delivery: 'LINK' })).sendPasswordReset.resetUrl);
  expect((await anonymous.error(COMPLETE, { token: first, password: 'new password 1' })).extensions?.field).toBe('token');

  clock.advance(31 * MINUTE);
  const expired = await anonymous.error(COMPLETE, { token: second, password: 'new password 1' });
  expect(expired.message).toBe((await anonymous.error(COMPLETE, { token: 'x'.repeat(43), password: 'new password 1' })).message);

  const third = tokenOf((await admin.ok(SEND, { id: userId, delivery: 'LINK' })).sendPasswordReset.resetUrl);
  clock.advance(29 * MINUTE);
  await anonymous.ok(COMPLETE, { token: third, password: 'new password 1' });
});

test('bad tokens all get one generic error; the new password must be 8 to 128 characters', async () => {
  const { admin, userId, anonymous } = await appWithUser();
  const token = tokenOf((await admin.ok(SEND, { id: userId, delivery: 'LINK' })).sendPasswordReset.resetUrl);
  const messages = new Set<string>();
  for (const bad of ['', 'short', `${token}x`, token.replace(/^./, token[0] === 'A' ? 'B' : 'A'), '<script>']) {
    const error = await anonymous.error(COMPLETE, { token: bad, password: 'good new password' });
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'token' });
    messages.add(error.message);
  }
  expect(messages.size).toBe(1);
  for (const password of ['seven 7', 'y'.repeat(129)]) {
    expect((await anonymous.error(COMPLETE, { token, password })).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'newPassword' });
  }
  await anonymous.ok(COMPLETE, { token, password: 'y'.repeat(128) });
});

test('sendPasswordReset is for admins of the user app only, and is audited', async () => {
  const { appId, userId } = await appWithUser();
  for (const role of ['viewer', 'manager', 'service'] as const) {
    expect((await (await server.client(appId, role)).error(SEND, { id: userId, delivery: 'LINK' })).extensions?.code).toBe('FORBIDDEN');
  }
  const stranger = await server.client(newAppId(), 'admin');
  expect((await stranger.error(SEND, { id: userId, delivery: 'LINK' })).extensions?.code).toBe('NOT_FOUND');
  expect((await server.anonymous().error(SEND, { id: userId, delivery: 'LINK' })).extensions?.code).toBe('UNAUTHENTICATED');

  const admin = await server.client(appId, 'admin');
  const { sendPasswordReset } = await admin.ok(SEND, { id: userId, delivery: 'LINK' });
  await server.anonymous().ok(COMPLETE, { token: tokenOf(sendPasswordReset.resetUrl), password: 'audited new password' });
  const { auditLog } = await admin.ok(`query($u: ID) { auditLog(userId: $u, first: 2) { edges { node { action actor role details } } } }`, { u: userId });
  expect(auditLog.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
    { action: 'password.reset_completed', actor: 'reset-link', role: 'public', details: {} },
    { action: 'password.reset_sent', actor: 'admin@test', role: 'admin', details: { delivery: 'LINK', expiresAt: sendPasswordReset.expiresAt } },
  ]);
  expect(JSON.stringify(auditLog)).not.toContain(tokenOf(sendPasswordReset.resetUrl));
});

describe('completion attempts are rate-limited per client address and per link, across servers', () => {
  const attempt = (url: string, token: string, forwardedFor?: string) =>
    fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
      body: JSON.stringify({ query: COMPLETE, variables: { token, password: 'good new password' } }),
    }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as { errors?: Array<{ message: string; extensions?: { code?: string } }> },
    }));
  const codeOf = (answer: Awaited<ReturnType<typeof attempt>>) => answer.body.errors?.[0]?.extensions?.code;
  const badToken = () => randomBytes(32).toString('base64url');
  const limits = (perToken: number) => ({ jobs: false as const, resetAttempts: { limit: 3, windowMs: 15 * MINUTE, perToken } });
  let first: TestServer;
  let second: TestServer;
  beforeAll(async () => {
    // Two servers behind a proxy on this machine, sharing one database.
    first = await startTestServer({ TRUST_PROXY: 'loopback' }, { databaseUrl: database.url, clock, lifecycle: limits(3) });
    second = await startTestServer({ TRUST_PROXY: 'loopback' }, { databaseUrl: database.url, clock, lifecycle: limits(3) });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  test('an address gets the same attempts however many servers it spreads them over, and the page answers 429 too', async () => {
    for (const server of [first, second, first]) expect(codeOf(await attempt(server.url, badToken(), '203.0.113.7'))).toBe('BAD_USER_INPUT');
    const refused = await attempt(second.url, badToken(), '203.0.113.7');
    expect(refused.status).toBe(429);
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    expect(refused.body.errors?.[0]?.message).toMatch(/^Too many reset attempts from this address; try again in 15 minutes$/);
    const page = await fetch(`${first.url}/reset-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.7' },
      body: 'token=abc&password=good+new+password&confirm=good+new+password',
    });
    expect(page.status).toBe(429);
    // Another client behind the same proxy is not held back.
    expect(codeOf(await attempt(first.url, badToken(), '203.0.113.8'))).toBe('BAD_USER_INPUT');
  });

  test('one link gets a few attempts in all, from however many addresses', async () => {
    const token = badToken();
    for (const address of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) expect(codeOf(await attempt(first.url, token, address))).toBe('BAD_USER_INPUT');
    const refused = await attempt(second.url, token, '198.51.100.4');
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    expect(refused.body.errors?.[0]?.message).toMatch(/with this reset link/);
    expect(codeOf(await attempt(second.url, badToken(), '198.51.100.4'))).toBe('BAD_USER_INPUT');
  });

  test('without TRUST_PROXY, X-Forwarded-For is not read: a client cannot choose its address', async () => {
    const direct = await startTestServer({}, { databaseUrl: database.url, clock, lifecycle: limits(1000) });
    try {
      await direct.db.execute(`DELETE FROM rate_limits WHERE key LIKE 'reset-address:%127.0.0.1'`);
      for (const address of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) expect(codeOf(await attempt(direct.url, badToken(), address))).toBe('BAD_USER_INPUT');
      expect(codeOf(await attempt(direct.url, badToken(), '192.0.2.4'))).toBe('RATE_LIMITED');
      clock.advance(16 * MINUTE);
      expect(codeOf(await attempt(direct.url, badToken(), '192.0.2.4'))).toBe('BAD_USER_INPUT');
    } finally {
      await direct.close();
    }
  });

  test('with a hop count, the address that many hops back is the client', async () => {
    const hop = await startTestServer({ TRUST_PROXY: '1' }, { databaseUrl: database.url, clock, lifecycle: limits(1000) });
    try {
      // The client wrote 10.9.9.9 itself; the one proxy in front saw 203.0.113.50.
      for (let index = 0; index < 3; index += 1) expect(codeOf(await attempt(hop.url, badToken(), `10.9.9.${index}, 203.0.113.50`))).toBe('BAD_USER_INPUT');
      expect(codeOf(await attempt(hop.url, badToken(), '10.9.9.200, 203.0.113.50'))).toBe('RATE_LIMITED');
      expect(codeOf(await attempt(hop.url, badToken(), '203.0.113.51'))).toBe('BAD_USER_INPUT');
    } finally {
      await hop.close();
    }
  });
});
