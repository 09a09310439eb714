import { isIP } from 'node:net';
import path from 'node:path';

export type Environment = 'development' | 'production' | 'test';

/**
 * What an imported CSV file may hold, far beyond any spreadsheet: a cell, a
 * row (its bytes as written, quotes included) and the cells of a row.
 * Without them one quoted cell of 50 MB is a single value to hold and
 * decode, and a header of a million commas makes every failed row a million
 * cells wide.
 */
export interface CsvLimits {
  /** IMPORT_MAX_CELL_BYTES */
  maxCellBytes: number;
  /** IMPORT_MAX_ROW_BYTES */
  maxRowBytes: number;
  maxColumns: number;
}

export const DEFAULT_CSV_LIMITS: CsvLimits = { maxCellBytes: 64 * 1024, maxRowBytes: 1024 * 1024, maxColumns: 1000 };

export interface Config {
  env: Environment;
  production: boolean;
  port: number;
  /** The interface the server listens on (HOST): development and tests this machine only, production every one. */
  host: string;
  /** Postgres connection string; undefined means the embedded cluster. */
  databaseUrl: string | undefined;
  /** Where the embedded cluster and development secrets live. */
  dataDir: string;
  embeddedDbPort: number;
  /** HS256 secret; undefined in development means "generate one and keep it in dataDir". */
  jwtSecret: string | undefined;
  /** Browser origins allowed to call the API; '*' allows any. */
  corsOrigins: string[] | '*';
  /**
   * Which proxies' X-Forwarded-For is believed for the client address (TRUST_PROXY):
   * none (false), the nearest n hops, or the proxies at these addresses and subnets.
   */
  trustProxy: false | number | string[];
  importMaxBytes: number;
  /** The largest cell and row (bytes) and the most cells a row of an imported CSV may hold. */
  importLimits: CsvLimits;
  logLevel: string;
  dbPoolSize: number;
  /** CSV uploads, exports and errors files at once: in this process, and per app (CSV_MAX_CONCURRENT, CSV_MAX_CONCURRENT_PER_APP). */
  csvMaxConcurrent: number;
  csvMaxConcurrentPerApp: number;
  /** GraphQL operations of one app and role at once (GRAPHQL_MAX_CONCURRENT_PER_APP); more wait in line up to GRAPHQL_QUEUE_TIMEOUT. */
  graphqlMaxConcurrentPerApp: number;
  graphqlQueueTimeoutSeconds: number;
  /** A CSV transfer that moves no byte for this long is aborted (CSV_IDLE_TIMEOUT). */
  csvIdleTimeoutSeconds: number;
  /** A CSV transfer is aborted after this long in all (CSV_MAX_DURATION). */
  csvMaxDurationSeconds: number;
  /** The longest a token may live from its iat (AUTH_MAX_TOKEN_LIFETIME); longer ones are refused. */
  authMaxTokenLifetimeSeconds: number;
  /** How long a request waits for a pool connection before it is answered 503 (DB_ACQUIRE_TIMEOUT). */
  dbAcquireTimeoutSeconds: number;
  /** Where password-reset mail goes (smtp:// or smtps://); undefined: written to the log outside production. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The link a reset token is appended to; undefined: the server's own /reset-password?token=. */
  resetUrl: string | undefined;
  resetTokenTtlSeconds: number;
  /** Where user events are POSTed; undefined: no webhooks. */
  webhookUrl: string | undefined;
  webhookSecret: string | undefined;
  activityRetentionDays: number;
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

  const smtpUrl = nonEmpty(env.SMTP_URL);
  if (smtpUrl && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl)) problems.push('SMTP_URL must look like smtp://user:pass@host:587 or smtps://host:465');
  const resetUrl = nonEmpty(env.RESET_URL);
  if (resetUrl && !isHttpUrl(resetUrl)) problems.push('RESET_URL must be an http(s) URL the token is appended to');
  if (production && !resetUrl) {
    problems.push(
      'RESET_URL is required when NODE_ENV=production: the link a password-reset mail carries, at an address users reach ' +
        "(for example https://admin.example.com/reset-password?token= for this server's own page)",
    );
  }
  const webhookUrl = nonEmpty(env.WEBHOOK_URL);
  if (webhookUrl && !isHttpUrl(webhookUrl)) problems.push('WEBHOOK_URL must be an http(s) URL');
  const webhookSecret = nonEmpty(env.WEBHOOK_SECRET);
  if (webhookUrl && !webhookSecret) problems.push('WEBHOOK_SECRET is required with WEBHOOK_URL (deliveries are signed with it)');
  if (webhookSecret && webhookSecret.length < 16) problems.push('WEBHOOK_SECRET must be at least 16 characters');

  const config: Config = {
    env: nodeEnv as Environment,
    production,
    port: integer('PORT', 4000, 0, 65535),
    host: nonEmpty(env.HOST) ?? (production ? '0.0.0.0' : '127.0.0.1'),
    databaseUrl,
    dataDir: path.resolve(nonEmpty(env.DATA_DIR) ?? 'data'),
    embeddedDbPort: integer('EMBEDDED_DB_PORT', 54329, 1024, 65535),
    jwtSecret,
    corsOrigins: parseOrigins(env.CORS_ORIGINS, production, problems),
    trustProxy: parseTrustProxy(env.TRUST_PROXY, problems),
    importMaxBytes: integer('IMPORT_MAX_BYTES', 512 * 1024 * 1024, 1024, Number.MAX_SAFE_INTEGER),
    importLimits: {
      maxCellBytes: integer('IMPORT_MAX_CELL_BYTES', DEFAULT_CSV_LIMITS.maxCellBytes, 1024, 16 * 1024 * 1024),
      maxRowBytes: integer('IMPORT_MAX_ROW_BYTES', DEFAULT_CSV_LIMITS.maxRowBytes, 1024, 64 * 1024 * 1024),
      maxColumns: DEFAULT_CSV_LIMITS.maxColumns,
    },
    logLevel: nonEmpty(env.LOG_LEVEL) ?? (nodeEnv === 'test' ? 'warn' : 'info'),
    dbPoolSize: integer('DB_POOL_SIZE', 10, 2, 200),
    // Development's demo token lives 30 days; everywhere else a day is the most.
    authMaxTokenLifetimeSeconds: duration(
      'AUTH_MAX_TOKEN_LIFETIME',
      env.AUTH_MAX_TOKEN_LIFETIME,
      nodeEnv === 'development' ? 31 * 86_400 : 86_400,
      60,
      365 * 86_400,
      problems,
    ),
    csvMaxConcurrent: integer('CSV_MAX_CONCURRENT', 4, 1, 100),
    csvMaxConcurrentPerApp: integer('CSV_MAX_CONCURRENT_PER_APP', 2, 1, 100),
    graphqlMaxConcurrentPerApp: integer('GRAPHQL_MAX_CONCURRENT_PER_APP', 4, 1, 100),
    graphqlQueueTimeoutSeconds: duration('GRAPHQL_QUEUE_TIMEOUT', env.GRAPHQL_QUEUE_TIMEOUT, 10, 1, 120, problems),
    csvIdleTimeoutSeconds: duration('CSV_IDLE_TIMEOUT', env.CSV_IDLE_TIMEOUT, 30, 1, 3600, problems),
    csvMaxDurationSeconds: duration('CSV_MAX_DURATION', env.CSV_MAX_DURATION, 3600, 10, 2 * 3600, problems),
    dbAcquireTimeoutSeconds: duration('DB_ACQUIRE_TIMEOUT', env.DB_ACQUIRE_TIMEOUT, 5, 1, 120, problems),
    smtpUrl,
    mailFrom: nonEmpty(env.MAIL_FROM) ?? 'User Manager <no-reply@localhost>',
    resetUrl,
    resetTokenTtlSeconds: duration('RESET_TOKEN_TTL', env.RESET_TOKEN_TTL, 30 * 60, 60, 7 * 86_400, problems),
    webhookUrl,
    webhookSecret,
    activityRetentionDays: integer('ACTIVITY_RETENTION_DAYS', 365, 1, 36_500),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A lifetime such as `30m`, `2h`, `900s` or `900` (seconds), in seconds. */
/** 5 seconds, 1 minute, 7 days. */
function durationInWords(seconds: number): string {
  const [count, unit] = seconds % 86_400 === 0 ? [seconds / 86_400, 'day'] : seconds % 60 === 0 ? [seconds / 60, 'minute'] : [seconds, 'second'];
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

function duration(name: string, raw: string | undefined, fallback: number, min: number, max: number, problems: string[]): number {
  const value = nonEmpty(raw);
  if (!value) return fallback;
  const match = /^(\d+)\s*(s|m|min|h|d)?$/i.exec(value);
  const unit = { s: 1, m: 60, min: 60, h: 3600, d: 86_400 }[(match?.[2] ?? 's').toLowerCase() as 's' | 'm' | 'min' | 'h' | 'd'];
  const seconds = match ? Number(match[1]) * unit : Number.NaN;
  if (!Number.isSafeInteger(seconds) || seconds < min || seconds > max) {
    problems.push(`${name} must be a duration such as 30m, 2h or 900s, from ${durationInWords(min)} to ${durationInWords(max)}, not "${value}"`);
    return fallback;
  }
  return seconds;
}

/** Express's names for the private address ranges, allowed beside addresses and subnets. */
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function parseTrustProxy(raw: string | undefined, problems: string[]): false | number | string[] {
  const value = nonEmpty(raw);
  if (!value || value === 'false' || value === '0') return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10) problems.push(`TRUST_PROXY must be a hop count from 0 to 10 or a list of proxy addresses, not "${value}"`);
    return hops;
  }
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (!PROXY_RANGES.has(entry) && (family === 0 || !prefixOk || rest.length > 0)) {
      problems.push(
        `TRUST_PROXY entries must be IP addresses, subnets (10.0.0.0/8) or loopback, linklocal, uniquelocal, not "${entry}"` +
          (entry === 'true' ? ': trusting every hop would let any client choose its address; give the hop count or the proxy addresses' : ''),
      );
    }
  }
  return entries;
}

function parseOrigins(raw: string | undefined, production: boolean, problems: string[]): string[] | '*' {
  const value = nonEmpty(raw);
  if (!value) return production ? [] : '*';
  if (value === '*') return '*';
  const origins = value
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      problems.push(`CORS_ORIGINS entries must look like https://host[:port], not "${origin}"`);
    }
  }
  return origins;
}
