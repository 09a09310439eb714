import type { TypedDocumentString } from './generated';

/** Returns a fresh token; called before the first request and again once after UNAUTHENTICATED. */
export type TokenProvider = () => Promise<string> | string;

/** Where the client gets its credentials: read on every request, so attribute changes apply at once. */
export interface Credentials {
  token(): string | undefined;
  tokenProvider(): TokenProvider | undefined;
}

/** A failed call as the widget shows it: the server's code and message, or what went wrong on the way. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly status?: number,
    /** How many users a filter matches now, on a CONFLICT of startBulkJob. */
    readonly count?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isAbort = (error: unknown): boolean =>
  error instanceof DOMException ? error.name === 'AbortError' : (error as { name?: string } | null)?.name === 'AbortError';

/**
 * The GraphQL API and the CSV routes beside it, with the token handling of the
 * element: a token attribute, or a provider asked for a fresh token before the
 * first call and once more when the server answers UNAUTHENTICATED (several
 * calls failing together share one refresh).
 */
export class UserManagerApi {
  private providedToken: Promise<string> | undefined;

  constructor(
    readonly endpoint: string,
    private readonly credentials: Credentials,
  ) {}

  /**
   * Runs a typed operation (its text, as codegen wrote it) by POST; throws
   * ApiError from the first error the server gives, even beside data, or an
   * AbortError when `signal` aborts.
   */
  async request<Result, Variables extends object>(
    document: TypedDocumentString<Result, Variables>,
    variables: Variables,
    signal?: AbortSignal,
  ): Promise<Result> {
    const send = async (token: string | undefined): Promise<Result> => {
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      let response: Response;
      try {
        const query = document.toString();
        const body = JSON.stringify({ query, operationName: operationNameOf(query), variables });
        response = await fetch(this.endpoint, { method: 'POST', headers, body, ...(signal ? { signal } : {}) });
      } catch (error) {
        if (isAbort(error)) throw error;
        throw new ApiError('NETWORK', 'The server could not be reached');
      }
      let body: { data?: Result | null; errors?: ServerError[] } | undefined;
      try {
        body = (await response.json()) as typeof body;
      } catch (error) {
        if (isAbort(error)) throw error;
        body = undefined;
      }
      const first = body?.errors?.[0];
      if (first) throw serverError(first, response.status);
      if (!response.ok || !body?.data) {
        if (response.status === 401) throw new ApiError('UNAUTHENTICATED', 'The token was refused', undefined, response.status);
        throw new ApiError(`HTTP_${response.status}`, `The server answered ${response.status}`, undefined, response.status);
      }
      return body.data;
    };
    return this.withRefresh(send, (error) => error instanceof ApiError && error.code === 'UNAUTHENTICATED');
  }

  /** A request to one of the server's HTTP routes (CSV), e.g. `csv/export?filter=…`, with the same token handling. */
  async fetchRoute(route: string, init: RequestInit = {}): Promise<Response> {
    const url = new URL(route, this.endpoint);
    const send = async (token: string | undefined) => {
      const headers = new Headers(init.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      let response: Response;
      try {
        response = await fetch(url, { ...init, headers });
      } catch (error) {
        if (isAbort(error)) throw error;
        throw new ApiError('NETWORK', 'The server could not be reached');
      }
      if (!response.ok) throw await routeError(response);
      return response;
    };
    return this.withRefresh(send, (error) => error instanceof ApiError && error.code === 'UNAUTHENTICATED');
  }

  private async withRefresh<T>(send: (token: string | undefined) => Promise<T>, isUnauthenticated: (error: unknown) => boolean): Promise<T> {
    const provider = this.credentials.tokenProvider();
    if (!provider) return send(this.credentials.token());
    const used = this.currentProvidedToken(provider);
    try {
      return await send(await used);
    } catch (error) {
      if (!isUnauthenticated(error)) throw error;
      // Only the first of several calls failing on the same token asks for a new one.
      if (this.providedToken === used) this.providedToken = undefined;
      return send(await this.currentProvidedToken(provider));
    }
  }

  /** The provider's current token: one call shared by every request until it is refused. */
  private currentProvidedToken(provider: TokenProvider): Promise<string> {
    if (!this.providedToken) {
      const pending = Promise.resolve()
        .then(provider)
        .catch((error: unknown) => {
          // A provider that failed is asked again next time rather than remembered as failed.
          if (this.providedToken === pending) this.providedToken = undefined;
          throw new ApiError('UNAUTHENTICATED', `The token provider failed: ${error instanceof Error ? error.message : String(error)}`);
        });
      this.providedToken = pending;
    }
    return this.providedToken;
  }
}

interface ServerError {
  message?: string;
  extensions?: { code?: unknown; field?: unknown; count?: unknown };
}

/** The name of a document's operation (it comes first; fragments follow), for the server's logs. */
function operationNameOf(query: string): string | undefined {
  return /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query)?.[1];
}

/** A GraphQL error as an ApiError: its code, message, field and count. */
function serverError(first: ServerError, status: number): ApiError {
  const code = typeof first.extensions?.code === 'string' ? first.extensions.code : 'INTERNAL_SERVER_ERROR';
  const field = typeof first.extensions?.field === 'string' ? first.extensions.field : undefined;
  const count = typeof first.extensions?.count === 'number' ? first.extensions.count : undefined;
  return new ApiError(code, first.message ?? 'The server refused the request', field, status, count);
}

/** Whatever a call threw, as an ApiError (the one place errors are converted). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof TypeError) return new ApiError('NETWORK', 'The server could not be reached');
  return new ApiError('UNKNOWN', error instanceof Error ? error.message : String(error));
}

/** The `{"error": {code, message}}` body the HTTP routes answer with. */
async function routeError(response: Response): Promise<ApiError> {
  let body: { error?: { code?: string; message?: string; field?: string } } | undefined;
  try {
    body = (await response.json()) as typeof body;
  } catch {
    body = undefined;
  }
  const code = body?.error?.code ?? (response.status === 401 ? 'UNAUTHENTICATED' : response.status === 403 ? 'FORBIDDEN' : `HTTP_${response.status}`);
  return new ApiError(code, body?.error?.message ?? `The server answered ${response.status}`, body?.error?.field, response.status);
}
