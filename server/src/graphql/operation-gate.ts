import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { AppError, ErrorCode, RETRY_AFTER_SECONDS } from '../common/app-error';
import { checkOperationCost } from './complexity';
import type { RequestContext } from './context';

/**
 * How many GraphQL operations of one app and role run at once. The cost
 * limit bounds one operation; this bounds how many an app can keep going, so
 * that a tenant sending requests as fast as it can gets its share of the CPU
 * and the pool and no more. Operations past the limit wait their turn in
 * order; one that waits longer than `maxWaitMs`, or finds `maxWaiting`
 * ahead of it, is answered RATE_LIMITED with Retry-After.
 */
export class OperationGate {
  private readonly running = new Map<string, number>();
  private readonly queues = new Map<string, Array<() => void>>();

  constructor(
    private readonly maxRunning: number,
    private readonly maxWaitMs: number,
    private readonly maxWaiting = 100,
  ) {}

  /** A slot for the key (call the release once), or undefined when none came in time. */
  async enter(key: string): Promise<(() => void) | undefined> {
    const running = this.running.get(key) ?? 0;
    if (running < this.maxRunning) {
      this.running.set(key, running + 1);
      return this.releaser(key);
    }
    const queue = this.queues.get(key) ?? [];
    if (queue.length >= this.maxWaiting) return undefined;
    this.queues.set(key, queue);
    const admitted = await new Promise<boolean>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        const at = queue.indexOf(wake);
        if (at >= 0) queue.splice(at, 1);
        if (queue.length === 0 && this.queues.get(key) === queue) this.queues.delete(key);
        resolve(false);
      }, this.maxWaitMs);
      queue.push(wake);
    });
    return admitted ? this.releaser(key) : undefined;
  }

  /** Operations of the key running now (for tests and the log). */
  runningOf(key: string): number {
    return this.running.get(key) ?? 0;
  }

  private releaser(key: string): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const queue = this.queues.get(key);
      const next = queue?.shift();
      if (queue?.length === 0) this.queues.delete(key);
      // The slot passes straight to the next in line: the running count stays.
      if (next) return next();
      const left = (this.running.get(key) ?? 1) - 1;
      if (left > 0) this.running.set(key, left);
      else this.running.delete(key);
    };
  }
}

/** The key operations share a limit under: the caller's app and role, or the public (token-less) operations together. */
const gateKeyOf = (context: RequestContext): string => (context.principal ? `${context.principal.appId}\u0000${context.principal.role}` : '\u0000public');

/**
 * The limits an operation meets once it is parsed and validated, in order:
 * its cost (refused before it waits for anything), then a slot of its app
 * and role, held until the response is sent.
 */
export function operationLimitsPlugin(schema: GraphQLSchema, gate: OperationGate): ApolloServerPlugin<RequestContext> {
  return {
    requestDidStart: () => {
      let release: (() => void) | undefined;
      return Promise.resolve({
        didResolveOperation: async ({ request, document, operation, contextValue }) => {
          const error = checkOperationCost(schema, document, operation ?? undefined, request);
          if (error) throw error;
          release = await gate.enter(gateKeyOf(contextValue));
          if (!release) {
            throw new AppError(
              ErrorCode.RATE_LIMITED,
              `Too many requests of this app and role are running; try again in ${RETRY_AFTER_SECONDS} seconds`,
              undefined,
              {
                retryAfter: RETRY_AFTER_SECONDS,
              },
            );
          }
        },
        willSendResponse: ({ errors, response }) => {
          release?.();
          release = undefined;
          if (errors?.some((error) => error instanceof AppError && error.code === ErrorCode.RATE_LIMITED)) {
            response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
          }
          return Promise.resolve();
        },
      });
    },
  };
}
