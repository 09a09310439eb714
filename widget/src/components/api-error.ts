import { toApiError, type ApiError } from '../api/client';

/** The `api-error` event a component sends when one of its calls failed: the element reports it as `um-error`. */
export interface ApiErrorDetail {
  operation: string;
  error: ApiError;
}

/** Tells the element that a call failed and gives back the ApiError to show. */
export function reportFailure(from: EventTarget, operation: string, error: unknown): ApiError {
  const failure = toApiError(error);
  from.dispatchEvent(new CustomEvent<ApiErrorDetail>('api-error', { detail: { operation, error: failure }, bubbles: true }));
  return failure;
}
