import { ConfigError, loadConfig } from '../../src/config/config';
import { newAppId, startTestServer } from '../support/harness';

const base = { NODE_ENV: 'test', AUTH_JWT_SECRET: 'x'.repeat(32) };

test('lifecycle settings have DESIGN defaults', () => {
  const config = loadConfig(base);
  expect(config).toMatchObject({
    smtpUrl: undefined,
    resetUrl: undefined,
    resetTokenTtlSeconds: 1800,
    webhookUrl: undefined,
    activityRetentionDays: 365,
  });
  expect(config.mailFrom).toMatch(/@/);
});

test('lifecycle settings are read and checked', () => {
  const config = loadConfig({
    ...base,
    SMTP_URL: 'smtps://user:pass@mail.example.org:465',
    MAIL_FROM: 'Accounts <accounts@example.org>',
    RESET_URL: 'https://app.example.org/reset?token=',
    RESET_TOKEN_TTL: '2h',
    WEBHOOK_URL: 'https://app.example.org/hooks',
    WEBHOOK_SECRET: 's'.repeat(32),
    ACTIVITY_RETENTION_DAYS: '90',
  });
  expect(config).toMatchObject({ resetTokenTtlSeconds: 7200, activityRetentionDays: 90, resetUrl: 'https://app.example.org/reset?token=' });
  expect(loadConfig({ ...base, RESET_TOKEN_TTL: '900' }).resetTokenTtlSeconds).toBe(900);
  expect(loadConfig({ ...base, RESET_TOKEN_TTL: '45m' }).resetTokenTtlSeconds).toBe(2700);

  const problems = (env: Record<string, string>) => {
    try {
      loadConfig({ ...base, ...env });
    } catch (error) {
      return (error as ConfigError).problems;
    }
    return [];
  };
  expect(problems({ SMTP_URL: 'mail.example.org' })[0]).toMatch(/SMTP_URL/);
  expect(problems({ RESET_URL: 'javascript:alert(1)' })[0]).toMatch(/RESET_URL/);
  expect(problems({ RESET_TOKEN_TTL: 'soon' })[0]).toMatch(/RESET_TOKEN_TTL/);
  expect(problems({ RESET_TOKEN_TTL: '10s' })[0]).toMatch(/RESET_TOKEN_TTL/);
  expect(problems({ WEBHOOK_URL: 'https://app.example.org/hooks' })[0]).toMatch(/WEBHOOK_SECRET is required/);
  expect(problems({ WEBHOOK_URL: 'ftp://x', WEBHOOK_SECRET: 's'.repeat(32) })[0]).toMatch(/WEBHOOK_URL/);
  expect(problems({ ACTIVITY_RETENTION_DAYS: '0' })[0]).toMatch(/ACTIVITY_RETENTION_DAYS/);
});

test('without SMTP_URL the reset mail goes to the log outside production, and is refused in production', async () => {
  const development = await startTestServer({}, { lifecycle: { jobs: false } });
  try {
    const admin = await development.client(newAppId(), 'admin');
    const { createUser } = await admin.ok(`mutation { createUser(input: { email: "log@example.com" }) { id } }`);
    await admin.ok(`mutation($id: ID!) { sendPasswordReset(userId: $id, delivery: EMAIL) { delivery } }`, { id: createUser.id });
    const line = development.logs.find((entry) => String(entry.msg).startsWith('password-reset mail'));
    expect(line).toMatchObject({ to: 'log@example.com' });
    expect(String(line!.text)).toMatch(new RegExp(`${development.url}/reset-password\\?token=[A-Za-z0-9_-]{43}`));
  } finally {
    await development.close();
  }

  const production = await startTestServer({ NODE_ENV: 'production' }, { lifecycle: { jobs: false } });
  try {
    const admin = await production.client(newAppId(), 'admin');
    const { createUser } = await admin.ok(`mutation { createUser(input: { email: "prod@example.com" }) { id } }`);
    const error = await admin.error(`mutation($id: ID!) { sendPasswordReset(userId: $id, delivery: EMAIL) { delivery } }`, { id: createUser.id });
    expect(error.extensions?.code).toBe('FEATURE_DISABLED');
    await admin.ok(`mutation($id: ID!) { sendPasswordReset(userId: $id, delivery: LINK) { resetUrl } }`, { id: createUser.id });
  } finally {
    await production.close();
  }
});
