import type { ReactiveControllerHost } from 'lit';
import type { ApiError, UserManagerApi } from '../api/client';
import type { UserManagerEventDetails, UserManagerEventName } from '../events';
import type { Localizer } from '../i18n/localizer';

/** What the element's controllers need of it: the API, the page size, and its public events. */
export interface ElementHost extends ReactiveControllerHost {
  readonly api: UserManagerApi | undefined;
  /** Users per page, within the API's bounds. */
  readonly effectivePageSize: number;
  /** The words and formats of the locale shown. */
  readonly l: Localizer;
  emitEvent<Name extends UserManagerEventName>(name: Name, detail: UserManagerEventDetails[Name]): void;
  /** Reports a failed call as an `um-error` event and gives it back as the ApiError to show. */
  report(operation: string, error: unknown): ApiError;
}
