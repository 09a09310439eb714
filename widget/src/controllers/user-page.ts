import { Task, TaskStatus, initialState } from '@lit/task';
import { isAbort, toApiError, type ApiError } from '../api/client';
import { UserCountsDocument, UserPageDocument, type UserOrder } from '../api/generated';
import { currentAfter, firstPage, nextPage, previousPage, type CursorPages } from '../state/cursor-pages';
import { countsFilter, dateRangeProblem, DEFAULT_ORDER, EMPTY_FILTERS, toUserFilter, withKnownTags, type FilterState } from '../state/user-filters';
import type { StatusCounts, UserRow } from '../state/users';
import type { ElementHost } from './element-host';

export type LoadState = 'loading' | 'ready' | 'error';

interface PageResult {
  rows: UserRow[];
  hasNextPage: boolean;
  endCursor: string | null;
}

const NO_USERS: PageResult = { rows: [], hasNextPage: false, endCursor: null };

/**
 * The page of users the element shows: filters, order, keyset paging and
 * selection, the rows and the status counts. The page and the counts are
 * Lit Tasks: a change of filter, order or page starts a new load and aborts
 * the one on its way, whose answer never lands.
 */
export class UserPageController {
  filters: FilterState = EMPTY_FILTERS;
  order: UserOrder = DEFAULT_ORDER;
  pages: CursorPages = firstPage();
  selection: ReadonlySet<string> = new Set();
  /** Every user the filter matches is selected, on every page (bulk work then goes by filter, not by ids). */
  allMatching = false;
  /** The rows shown: the last page loaded, with the changes made since (see replaceRows). */
  rows: UserRow[] = [];
  hasNextPage = false;
  private endCursor: string | null = null;
  private loadedOnce = false;

  private readonly pageTask: Task<readonly [ElementHost['api'], FilterState, UserOrder, string | null, number], PageResult>;
  private readonly countsTask: Task<readonly [ElementHost['api'], FilterState], StatusCounts | undefined>;

  constructor(private readonly host: ElementHost) {
    this.pageTask = new Task(host, {
      args: () => [host.api, this.filters, this.order, currentAfter(this.pages), host.effectivePageSize] as const,
      task: async ([api, filters, order, after, first], { signal }) => {
        if (!api) return initialState;
        // The toolbar names the problem; no user can match, so the server is not asked.
        if (dateRangeProblem(filters)) return NO_USERS;
        try {
          const { users } = await api.request(UserPageDocument, { filter: toUserFilter(filters), orderBy: order, first, after }, signal);
          return { rows: users.edges.map((edge) => edge.node), hasNextPage: users.pageInfo.hasNextPage, endCursor: users.pageInfo.endCursor };
        } catch (error) {
          throw isAbort(error) ? error : host.report('loadUsers', error);
        }
      },
      onComplete: (page) => this.show(page),
      // Rows of another filter or page would pass for the answer: show none with the error.
      onError: () => this.show(NO_USERS, false),
    });
    this.countsTask = new Task(host, {
      args: () => [host.api, this.filters] as const,
      task: async ([api, filters], { signal }) => {
        if (!api) return initialState;
        if (dateRangeProblem(filters)) return { all: 0, active: 0, banned: 0, estimated: false };
        try {
          return (await api.request(UserCountsDocument, { filter: countsFilter(filters) }, signal)).userCounts;
        } catch (error) {
          if (isAbort(error)) throw error;
          host.report('loadCounts', error);
          return undefined;
        }
      },
    });
  }

  get state(): LoadState {
    if (this.pageTask.status === TaskStatus.ERROR) return 'error';
    return this.pageTask.status === TaskStatus.COMPLETE ? 'ready' : 'loading';
  }

  /** Why the last page did not load. */
  get error(): ApiError | undefined {
    return this.pageTask.status === TaskStatus.ERROR ? toApiError(this.pageTask.error) : undefined;
  }

  /** True before the first page arrived (what the loading state shows). */
  get firstLoad(): boolean {
    return !this.loadedOnce;
  }

  get counts(): StatusCounts | undefined {
    return this.countsTask.status === TaskStatus.COMPLETE ? this.countsTask.value : undefined;
  }

  /** The page and the counts again from the server. */
  reload(): void {
    void this.pageTask.run();
    this.reloadCounts();
  }

  reloadCounts(): void {
    void this.countsTask.run();
  }

  setFilters(filters: FilterState): void {
    this.filters = filters;
    this.restartPaging();
  }

  /** Drops tag filters of tags the app no longer has (after the tags were read again). */
  keepKnownTags(known: ReadonlySet<string>): void {
    const filters = withKnownTags(this.filters, known);
    if (filters !== this.filters) this.setFilters(filters);
  }

  setOrder(order: UserOrder): void {
    this.order = order;
    this.restartPaging();
  }

  /** Filters, order and page as a link or a saved view gave them, at once, with nothing selected. */
  restore(view: { filters: FilterState; order: UserOrder; pages?: CursorPages }): void {
    this.filters = view.filters;
    this.order = view.order;
    this.pages = view.pages ?? firstPage();
    this.clearSelection();
  }

  /** Back to page 1 with nothing selected (new filters, order or page size: other users). */
  restartPaging(): void {
    this.pages = firstPage();
    this.clearSelection();
  }

  /** The next page; the selection stays, so users can be picked across pages. */
  goToNextPage(): void {
    if (!this.hasNextPage) return;
    this.pages = nextPage(this.pages, this.endCursor);
    this.host.requestUpdate();
  }

  goToPreviousPage(): void {
    this.pages = previousPage(this.pages);
    this.host.requestUpdate();
  }

  /** The rows of this page now selected: others stay as they were (picked on other pages). */
  setPageSelection(ids: Iterable<string>): void {
    const onPage = new Set(this.rows.map((row) => row.id));
    const kept = [...this.selection].filter((id) => !onPage.has(id));
    this.selection = new Set([...kept, ...ids]);
    this.allMatching = false;
    this.host.requestUpdate();
  }

  clearSelection(): void {
    this.selection = new Set();
    this.allMatching = false;
    this.host.requestUpdate();
  }

  /** Every user the filter matches: the rows shown are all selected, and bulk work goes by the filter. */
  selectAllMatching(): void {
    this.selection = new Set(this.rows.map((row) => row.id));
    this.allMatching = true;
    this.host.requestUpdate();
  }

  /** Shows changed rows (an optimistic change, or its rollback) in place of the current ones. */
  replaceRows(rows: UserRow[]): void {
    this.rows = rows;
    this.host.requestUpdate();
  }

  /** Replaces a row with a newer copy from the server (the profile panel loads one). */
  updateRow(user: UserRow): void {
    if (!this.rows.some((row) => row.id === user.id)) return;
    this.replaceRows(this.rows.map((row) => (row.id === user.id ? { ...row, ...pickRow(user) } : row)));
  }

  /** Takes a deleted user off the page at once, then reads the page again so it is full. */
  removeRow(userId: string): void {
    if (this.selection.has(userId)) this.selection = new Set([...this.selection].filter((id) => id !== userId));
    this.replaceRows(this.rows.filter((row) => row.id !== userId));
    this.reload();
  }

  private show(page: PageResult, loaded = true): void {
    this.rows = page.rows;
    this.hasNextPage = page.hasNextPage;
    this.endCursor = page.endCursor;
    if (loaded) this.loadedOnce = true;
  }
}

function pickRow(user: UserRow): UserRow {
  const { id, email, name, status, signedUpAt, lastAccessAt, bannedAt, banReason, bannedUntil, tagCount, profile, tags } = user;
  return { id, email, name, status, signedUpAt, lastAccessAt, bannedAt, banReason, bannedUntil, tagCount, profile, tags };
}
