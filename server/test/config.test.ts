import { ConfigError, loadConfig } from '../src/config/config';

test('defaults follow DESIGN', () => {
  const config = loadConfig({});
  expect(config).toMatchObject({ env: 'development', port: 4000, databaseUrl: undefined, corsOrigins: '*', importMaxBytes: 512 * 1024 * 1024 });
});

test('production needs a secret and lists CORS origins', () => {
  expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET is required/);
  const config = loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 's'.repeat(32), CORS_ORIGINS: 'https://a.example.com, https://b.example.com:8443' });
  expect(config.corsOrigins).toEqual(['https://a.example.com', 'https://b.example.com:8443']);
  expect(loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 's'.repeat(32) }).corsOrigins).toEqual([]);
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
