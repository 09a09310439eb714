import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from '../auth/principal';

/** What is learnt about one HTTP request while it runs, for its log line. */
export interface RequestScope {
  sqlStatements: number;
  principal?: Principal;
  operationName?: string;
  errorCodes?: string[];
}

const storage = new AsyncLocalStorage<RequestScope>();

export const runInRequestScope = <T>(scope: RequestScope, work: () => T): T => storage.run(scope, work);

export const currentRequest = (): RequestScope | undefined => storage.getStore();
