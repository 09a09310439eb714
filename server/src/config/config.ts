import path from 'node:path';

export type Environment = 'development' | 'production' | 'test';

export interface Config {
  env: Environment;
  production: boolean;
  port: number;
  /** Postgres connection string; undefined means the embedded cluster. */
  databaseUrl: string | undefined;
  /** Where the embedded cluster and development secrets live. */
  dataDir: string;
  embeddedDbPort: number;
  /** HS256 secret; undefined in development means "generate one and keep it in dataDir". */
  jwtSecret: string | undefined;
  /** Browser origins allowed to call the API; '*' allows any. */
  corsOrigins: string[] | '*';
  importMaxBytes: number;
  logLevel: string;
  dbPoolSize: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Reads and validates the environment once; nothing else reads process.env. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, production or test, not "${nodeEnv}"`);
  }
  const production = nodeEnv === 'production';

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, not "${raw}"`);
      return fallback;
    }
    return value;
  };

  const jwtSecret = nonEmpty(env.AUTH_JWT_SECRET);
  if (production && !jwtSecret) problems.push('AUTH_JWT_SECRET is required when NODE_ENV=production');
  if (jwtSecret && jwtSecret.length < 32) problems.push('AUTH_JWT_SECRET must be at least 32 characters');

  const databaseUrl = nonEmpty(env.DATABASE_URL);
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// connection string');
  }

  const config: Config = {
    env: nodeEnv as Environment,
    production,
    port: integer('PORT', 4000, 0, 65535),
    databaseUrl,
    dataDir: path.resolve(nonEmpty(env.DATA_DIR) ?? 'data'),
    embeddedDbPort: integer('EMBEDDED_DB_PORT', 54329, 1024, 65535),
    jwtSecret,
    corsOrigins: parseOrigins(env.CORS_ORIGINS, production, problems),
    importMaxBytes: integer('IMPORT_MAX_BYTES', 512 * 1024 * 1024, 1024, Number.MAX_SAFE_INTEGER),
    logLevel: nonEmpty(env.LOG_LEVEL) ?? (nodeEnv === 'test' ? 'warn' : 'info'),
    dbPoolSize: integer('DB_POOL_SIZE', 10, 2, 200),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function parseOrigins(raw: string | undefined, production: boolean, problems: string[]): string[] | '*' {
  const value = nonEmpty(raw);
  if (!value) return production ? [] : '*';
  if (value === '*') return '*';
  const origins = value.split(',').map((origin) => origin.trim()).filter(Boolean);
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      problems.push(`CORS_ORIGINS entries must look like https://host[:port], not "${origin}"`);
    }
  }
  return origins;
}
