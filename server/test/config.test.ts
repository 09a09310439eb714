import { ConfigError, loadConfig } from '../src/config/config';

test('defaults follow DESIGN', () => {
  const config = loadConfig({});
  expect(config).toMatchObject({ env: 'development', port: 4000, databaseUrl: undefined, corsOrigins: '*', importMaxBytes: 512 * 1024 * 1024 });
});

const PRODUCTION = { NODE_ENV: 'production', AUTH_JWT_SECRET: 's'.repeat(32), RESET_URL: 'https://admin.example.com/reset?token=' };

test('production needs a secret and lists CORS origins', () => {
  expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET is required/);
  const config = loadConfig({ ...PRODUCTION, CORS_ORIGINS: 'https://a.example.com, https://b.example.com:8443' });
  expect(config.corsOrigins).toEqual(['https://a.example.com', 'https://b.example.com:8443']);
  expect(loadConfig(PRODUCTION).corsOrigins).toEqual([]);
});

test('production refuses to start without RESET_URL, rather than mail links to localhost', () => {
  const { RESET_URL: _url, ...withoutResetUrl } = PRODUCTION;
  expect(() => loadConfig(withoutResetUrl)).toThrow(/RESET_URL is required when NODE_ENV=production/);
  expect(loadConfig(PRODUCTION).resetUrl).toBe('https://admin.example.com/reset?token=');
  expect(loadConfig({}).resetUrl).toBeUndefined();
});

test('development and tests listen on this machine only, production on every interface, HOST on its own', () => {
  expect(loadConfig({}).host).toBe('127.0.0.1');
  expect(loadConfig({ NODE_ENV: 'test' }).host).toBe('127.0.0.1');
  expect(loadConfig(PRODUCTION).host).toBe('0.0.0.0');
  expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  expect(loadConfig({ ...PRODUCTION, HOST: '10.0.0.5' }).host).toBe('10.0.0.5');
});

test('durations are read with their unit and bounds', () => {
  expect(loadConfig({ DB_ACQUIRE_TIMEOUT: '2s', CSV_IDLE_TIMEOUT: '1m' })).toMatchObject({ dbAcquireTimeoutSeconds: 2, csvIdleTimeoutSeconds: 60 });
  expect(() => loadConfig({ DB_ACQUIRE_TIMEOUT: '10m' })).toThrow(
    'DB_ACQUIRE_TIMEOUT must be a duration such as 30m, 2h or 900s, from 1 second to 2 minutes, not "10m"',
  );
});

test('TRUST_PROXY is off unless it names a hop count or the proxies', () => {
  expect(loadConfig({}).trustProxy).toBe(false);
  expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
  expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, 2001:db8::1' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', '2001:db8::1']);
  expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(
    /TRUST_PROXY entries must be IP addresses.*not "true": trusting every hop would let any client choose its address/,
  );
  expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/not "10.0.0.0\/33"/);
  expect(() => loadConfig({ TRUST_PROXY: 'proxy.internal' })).toThrow(/not "proxy.internal"/);
  expect(() => loadConfig({ TRUST_PROXY: '11' })).toThrow(/hop count from 0 to 10/);
});

test('every problem is named at once', () => {
  try {
    loadConfig({ PORT: 'eighty', AUTH_JWT_SECRET: 'short', CORS_ORIGINS: 'not a url', DATABASE_URL: 'mysql://x', NODE_ENV: 'staging' });
    throw new Error('expected a ConfigError');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'AUTH_JWT_SECRET', 'CORS_ORIGINS', 'DATABASE_URL', 'NODE_ENV']) expect(message).toContain(name);
  }
});
