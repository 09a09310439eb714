import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError, isAbort } from '../api/client';

export interface Page<Item> {
  items: Item[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/**
 * A list read page by page with keyset cursors ("Load more"): the first page
 * again whenever `reset()` is called (a new user), the next one appended on
 * `more()`; a stale load is aborted and never lands.
 */
export class PagedList<Item> implements ReactiveController {
  items: Item[] = [];
  hasNextPage = false;
  loading = false;
  error: ApiError | undefined;
  private endCursor: string | null = null;
  private load: AbortController | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly fetchPage: (after: string | null, signal: AbortSignal) => Promise<Page<Item>>,
    private readonly onError: (error: unknown) => ApiError,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.load?.abort();
  }

  reset(): Promise<void> {
    this.items = [];
    this.endCursor = null;
    this.hasNextPage = false;
    return this.fetch(null);
  }

  more(): Promise<void> {
    return this.hasNextPage ? this.fetch(this.endCursor) : Promise.resolve();
  }

  private async fetch(after: string | null): Promise<void> {
    this.load?.abort();
    const load = new AbortController();
    this.load = load;
    this.loading = true;
    this.error = undefined;
    this.host.requestUpdate();
    try {
      const page = await this.fetchPage(after, load.signal);
      this.items = after ? [...this.items, ...page.items] : page.items;
      this.hasNextPage = page.hasNextPage;
      this.endCursor = page.endCursor;
    } catch (error) {
      if (isAbort(error)) return;
      this.error = this.onError(error);
    } finally {
      if (this.load === load) {
        this.loading = false;
        this.load = undefined;
        this.host.requestUpdate();
      }
    }
  }
}
