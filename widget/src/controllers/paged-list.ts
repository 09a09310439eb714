import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { isAbort, toApiError, type ApiError } from '../api/client';

export interface Page<Item> {
  items: Item[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** What a paged list says in each state. */
export interface PagedListText {
  loading: string;
  /** What failed, with the reason. */
  failed: (message: string) => string;
  empty: string;
  more: string;
  retry: string;
}

/**
 * A list read page by page with keyset cursors ("Load more"), on a Lit Task:
 * the first page again on `reset()` (a new user), the next one appended on
 * `more()`; a load that a newer one supersedes is aborted and never lands.
 */
export class PagedList<Item> {
  items: Item[] = [];
  hasNextPage = false;
  private endCursor: string | null = null;
  private readonly task: Task<readonly [string | null], { after: string | null; page: Page<Item> }>;

  constructor(
    host: ReactiveControllerHost,
    fetchPage: (after: string | null, signal: AbortSignal) => Promise<Page<Item>>,
    /** Reports a failure (as the element's um-error) and gives back what to show. */
    onError: (error: unknown) => ApiError,
  ) {
    this.task = new Task(host, {
      autoRun: false,
      task: async ([after], { signal }) => {
        try {
          return { after, page: await fetchPage(after, signal) };
        } catch (error) {
          throw isAbort(error) ? error : onError(error);
        }
      },
      onComplete: ({ after, page }) => {
        this.items = after ? [...this.items, ...page.items] : page.items;
        this.hasNextPage = page.hasNextPage;
        this.endCursor = page.endCursor;
      },
    });
  }

  get loading(): boolean {
    return this.task.status === TaskStatus.PENDING;
  }

  get error(): ApiError | undefined {
    return this.task.status === TaskStatus.ERROR ? toApiError(this.task.error) : undefined;
  }

  reset(): Promise<void> {
    this.items = [];
    this.endCursor = null;
    this.hasNextPage = false;
    return this.task.run([null]);
  }

  more(): Promise<void> {
    return this.hasNextPage ? this.task.run([this.endCursor]) : Promise.resolve();
  }

  /** Everything below the items: "nothing yet", loading, the failure with Try again, Load more. */
  renderStatus(text: PagedListText): TemplateResult {
    const { loading, error } = this;
    return html`${!loading && !error && this.items.length === 0 ? html`<p class="muted">${text.empty}</p>` : nothing}
    ${loading ? html`<p class="muted" role="status">${text.loading}</p>` : nothing}
    ${
      error
        ? html`<p class="error" role="alert">${text.failed(error.message)}</p>
            <button class="button" type="button" @click=${() => this.reset()}>${text.retry}</button>`
        : nothing
    }
    ${this.hasNextPage && !loading ? html`<button class="button" type="button" @click=${() => this.more()}>${text.more}</button>` : nothing}`;
  }
}
