import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { Role } from '../../src/auth/roles';
import { TokenService } from '../../src/auth/token-service';
import { type Config, loadConfig } from '../../src/config/config';
import type { Clock } from '../../src/common/clock';
import { type LifecycleOptions, type RunningServer, startServer } from '../../src/server';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long';
export const tokens = new TokenService(TEST_SECRET);

/** A log line the server wrote, parsed. */
export type LogLine = Record<string, unknown>;

export interface TestServer extends RunningServer {
  logs: LogLine[];
  /** A client of this server for an app and role. */
  client(appId: string, role?: Role): Promise<GraphQLClient>;
  /** A client without a token. */
  anonymous(): GraphQLClient;
}

/**
 * A real server on a free port against the shared test database (or
 * `databaseUrl`, see createOwnDatabase), its log kept in memory.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  {
    databaseUrl = process.env.DATABASE_URL!,
    ...options
  }: { clock?: Clock; lifecycle?: LifecycleOptions; databaseUrl?: string; demoToken?: string; renewDemoToken?: () => Promise<string> } = {},
): Promise<TestServer> {
  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  // Production needs the public reset link; tests that are about it set their own.
  const resetUrl = env.NODE_ENV === 'production' ? { RESET_URL: 'https://admin.example.com/reset-password?token=' } : {};
  const config: Config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, AUTH_JWT_SECRET: TEST_SECRET, ...resetUrl, ...env });
  const server = await startServer({ config, databaseUrl, jwtSecret: TEST_SECRET, logger: pino({ level: 'info' }, sink), ...options }, 0);
  return {
    ...server,
    logs,
    client: async (appId, role = 'admin') => new GraphQLClient(`${server.url}/graphql`, await tokens.sign({ subject: `${role}@test`, appId, role })),
    anonymous: () => new GraphQLClient(`${server.url}/graphql`, undefined),
  };
}

/** An app of this test's own, so tests sharing the database never see each other. */
export const newAppId = (): string => `test-${randomUUID()}`;

export interface GraphQLResponse<T = any> {
  status: number;
  headers: Headers;
  data?: T;
  errors?: Array<{ message: string; path?: string[]; extensions?: { code?: string; field?: string; [key: string]: unknown } }>;
}

export class GraphQLClient {
  constructor(
    readonly url: string,
    readonly token: string | undefined,
  ) {}

  /** Sends one operation over HTTP and returns the status and body as they came. */
  async request<T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status' | 'headers'>;
    return { status: response.status, headers: response.headers, ...body };
  }

  /** Sends one operation and fails the test if it did not succeed. */
  async ok<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const response = await this.request<T>(query, variables);
    if (response.errors?.length || response.status !== 200) {
      throw new Error(`GraphQL operation failed (${response.status}): ${JSON.stringify(response.errors)}`);
    }
    return response.data as T;
  }

  /** Sends one operation that must fail, and returns its first error. */
  async error(query: string, variables?: Record<string, unknown>) {
    const response = await this.request(query, variables);
    const error = response.errors?.[0];
    if (!error) throw new Error(`Expected an error, got ${JSON.stringify(response.data)}`);
    return { ...error, status: response.status, data: response.data };
  }
}
