import { toApiError, type ApiError } from '../api/client';
import type { Localizer } from '../i18n/localizer';
import { explained } from '../state/messages';

/** The `api-error` event a component sends when one of its calls failed: the element reports it as `um-error`. */
export interface ApiErrorDetail {
  operation: string;
  error: ApiError;
}

/** Tells the element that a call failed and gives back the ApiError to show, as the admin reads it. */
export function reportFailure(from: EventTarget, operation: string, error: unknown, l: Localizer): ApiError {
  const failure = toApiError(error);
  from.dispatchEvent(new CustomEvent<ApiErrorDetail>('api-error', { detail: { operation, error: failure }, bubbles: true }));
  return explained(failure, operation, l);
}
