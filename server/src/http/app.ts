import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import cors from 'cors';
import express, { type ErrorRequestHandler } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { bearerToken, type TokenService } from '../auth/token-service';
import type { Config } from '../config/config';
import type { Principal } from '../auth/principal';
import { type CsvRouteDependencies, csvRoutes } from '../csv/csv.routes';
import type { Database } from '../db/database';
import type { RequestContext, RequestLoaders } from '../graphql/context';
import { createErrorFormatter } from '../graphql/errors';
import { OperationGate, operationLimitsPlugin } from '../graphql/operation-gate';
import { unwrapResolverError } from '@apollo/server/errors';
import { RETRY_AFTER_SECONDS } from '../common/app-error';
import { sendUnavailable } from '../common/unavailable';
import { isUnavailable } from '../db/pg-errors';
import type { PasswordResetService } from '../password-reset/password-reset.service';
import { resetPasswordRoutes } from '../password-reset/reset-page';
import { enterRequestScope, requestLog } from './request-log';
import { widgetRoutes } from './widget-routes';
import { checkUtf8, wellFormedJson } from './well-formed-json';

export interface AppDependencies {
  config: Config;
  db: Database;
  schema: GraphQLSchema;
  tokens: TokenService;
  logger: Logger;
  /** The token the development demo page embeds. */
  demoToken?: string;
  renewDemoToken?: () => Promise<string>;
  /** This request's DataLoaders, made anew for each. */
  loaders: (principal: Principal | undefined) => RequestLoaders;
  passwordReset: PasswordResetService;
  csv: Omit<CsvRouteDependencies, 'config' | 'db' | 'tokens' | 'logger'>;
}

export interface App {
  handler: express.Express;
  stop(): Promise<void>;
}

const GRAPHQL_BODY_LIMIT = '1mb';
const MAX_QUERY_TOKENS = 10_000;

export async function createApp(deps: AppDependencies): Promise<App> {
  const { config, db, schema, tokens, logger } = deps;
  const armor = new ApolloArmor({
    maxDepth: { n: 10 },
    maxAliases: { n: 20 },
    maxDirectives: { n: 20 },
    // Its token limit throws from a parsing hook, which Apollo answers with a
    // 500; graphql-js enforces the same limit as a plain syntax error instead.
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: config.production },
  });
  const protection = armor.protect();
  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection: !config.production,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: MAX_QUERY_TOKENS },
    formatError: createErrorFormatter(logger, { production: config.production }),
    validationRules: protection.validationRules,
    // Compact JSON: Apollo indents responses by default, which costs time and bytes on pages of 500 users.
    stringifyResult: (result) => JSON.stringify(result),
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // We send no cache hints; without this plugin no resolver is wrapped for them.
      ApolloServerPluginCacheControlDisabled(),
      ...protection.plugins,
      operationLimitsPlugin(schema, new OperationGate(config.graphqlMaxConcurrentPerApp, config.graphqlQueueTimeoutSeconds * 1000)),
      {
        // What the request log line says of the operation: its name and its error codes.
        requestDidStart: () =>
          Promise.resolve({
            didResolveOperation: ({ contextValue, request, operation }) => {
              const scope = contextValue.scope;
              if (scope) scope.operationName = request.operationName ?? operation?.name?.value ?? undefined;
              return Promise.resolve();
            },
            willSendResponse: ({ contextValue, errors, response }) => {
              // The database could not serve it (no connection free in time, or gone): 503, and when to try again.
              if (errors?.some((error) => isUnavailable(unwrapResolverError(error)))) {
                response.http.status = 503;
                response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
              }
              if (contextValue.scope && errors?.length) {
                contextValue.scope.errorCodes = errors.map((error) => {
                  const code = error.extensions?.code;
                  return typeof code === 'string' ? code : 'UNKNOWN';
                });
              }
              return Promise.resolve();
            },
          }),
      },
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  // req.ip: the socket's address, or with TRUST_PROXY the client address the trusted proxies report.
  app.set('trust proxy', config.trustProxy);
  app.set('etag', false);
  app.use(requestLog(logger));
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });
  // The API only: the demo page, its token and the reset page are for this origin alone.
  app.use(
    ['/graphql', '/csv'],
    cors({
      origin: config.corsOrigins === '*' ? '*' : config.corsOrigins,
      allowedHeaders: ['Authorization', 'Content-Type', 'Apollo-Require-Preflight'],
      maxAge: 600,
    }),
  );

  app.get('/healthz', async (_req, res) => {
    try {
      await db.query('SELECT 1');
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', message: 'The database does not answer' });
    }
  });

  app.use(
    '/graphql',
    express.json({ limit: GRAPHQL_BODY_LIMIT, verify: checkUtf8 }),
    wellFormedJson,
    enterRequestScope,
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const token = bearerToken(req.headers.authorization);
        const principal = token ? await tokens.verify(token) : undefined;
        res.locals.scope.principal = principal;
        const clientAddress = req.ip ?? req.socket.remoteAddress;
        return { principal, loaders: deps.loaders(principal), scope: res.locals.scope, clientAddress };
      },
    }),
  );
  app.use(resetPasswordRoutes(deps.passwordReset));

  app.use(widgetRoutes({ production: config.production, demoToken: deps.demoToken, renewDemoToken: deps.renewDemoToken }));
  app.use('/csv', enterRequestScope, csvRoutes({ config, db, tokens, logger, ...deps.csv }));

  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: 'No such route' } });
  });
  app.use(httpErrors(logger));

  return { handler: app, stop: () => apollo.stop() };
}

/** Errors raised before a route answers: bodies too large or not JSON, or our own bugs. */
function httpErrors(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    // body-parser's errors carry the HTTP status and their kind.
    const { status: raw, type } = (typeof error === 'object' && error !== null ? error : {}) as { status?: unknown; type?: unknown };
    const status = typeof raw === 'number' ? raw : 500;
    if (isUnavailable(error)) {
      sendUnavailable(res);
    } else if (status === 413) {
      res.status(413).json({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' } });
    } else if (status >= 400 && status < 500) {
      const message = type === 'entity.parse.failed' ? 'The request body is not valid JSON' : 'The request is malformed';
      res.status(status).json({ error: { code: 'BAD_REQUEST', message } });
    } else {
      logger.error({ err: error }, 'unexpected error in an HTTP route');
      res.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } });
    }
  };
}
