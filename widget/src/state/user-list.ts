import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError, isAbort, type UserManagerApi } from '../api/client';
import {
  AddTagsToUsersDocument,
  CreateTagDocument,
  ProfileFieldsDocument,
  RemoveTagsFromUsersDocument,
  SetUsersStatusDocument,
  SetUserStatusDocument,
  TagsDocument,
  UserCountsDocument,
  UserPageDocument,
  type ProfileFieldsQuery,
  type TagChipFragment,
  type TagsQuery,
  type UserCountsQuery,
  type UserOrder,
  type UserRowFragment,
  type UserStatus,
} from '../api/generated';
import type { UserManagerEventDetails, UserManagerEventName } from '../events';
import { applyOptimistic } from './optimistic';
import { currentAfter, firstPage, nextPage, previousPage, type CursorPages } from './cursor-pages';
import { countsFilter, dateRangeProblem, DEFAULT_ORDER, EMPTY_FILTERS, toUserFilter, withKnownTags, type FilterState } from './user-filters';

export type UserRow = UserRowFragment;
export type TagWithCount = TagsQuery['tags'][number];
export type ProfileField = ProfileFieldsQuery['profileFields'][number];
export type StatusCounts = UserCountsQuery['userCounts'];
export type LoadState = 'loading' | 'ready' | 'error';

export interface Notice {
  kind: 'success' | 'error';
  message: string;
}

export interface UserListHost extends ReactiveControllerHost {
  readonly api: UserManagerApi | undefined;
  readonly pageSize: number;
  emitEvent<Name extends UserManagerEventName>(name: Name, detail: UserManagerEventDetails[Name]): void;
}

/** The user's name, or the email when there is none: how the widget names a user to people. */
export const displayName = (user: Pick<UserRow, 'name' | 'email'>): string => user.name?.trim() || user.email;

/**
 * The list of users the element shows and every change made to it: filters,
 * order and keyset page; the rows, counts, tags and profile fields; and the
 * optimistic changes (status and tags) that are shown at once and taken back,
 * with a message, when the server refuses them. Stale loads are aborted.
 */
export class UserListController implements ReactiveController {
  filters: FilterState = EMPTY_FILTERS;
  order: UserOrder = DEFAULT_ORDER;
  pages: CursorPages = firstPage();
  rows: UserRow[] = [];
  hasNextPage = false;
  endCursor: string | null = null;
  state: LoadState = 'loading';
  error: ApiError | undefined;
  counts: StatusCounts | undefined;
  tags: TagWithCount[] = [];
  profileFields: ProfileField[] = [];
  selection: ReadonlySet<string> = new Set();
  notice: Notice | undefined;
  /** Counts the changes the server confirmed, so views that show history know to read it again. */
  confirmedChanges = 0;

  private pageLoad: AbortController | undefined;
  private countsLoad: AbortController | undefined;
  private loadedOnce = false;

  constructor(private readonly host: UserListHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.pageLoad?.abort();
    this.countsLoad?.abort();
  }

  /** The element's API client (for components that call the server themselves). */
  get api(): UserManagerApi | undefined {
    return this.host.api;
  }

  emitEvent<Name extends UserManagerEventName>(name: Name, detail: UserManagerEventDetails[Name]): void {
    this.host.emitEvent(name, detail);
  }

  get selectedRows(): UserRow[] {
    return this.rows.filter((row) => this.selection.has(row.id));
  }

  /** Everything from the server again (first load, new endpoint or credentials, "Try again"). */
  async reload(): Promise<void> {
    await Promise.all([this.loadPage(), this.loadCounts(), this.loadTags(), this.loadProfileFields()]);
  }

  setFilters(filters: FilterState): void {
    this.filters = filters;
    this.pages = firstPage();
    this.selection = new Set();
    void this.loadPage();
    void this.loadCounts();
  }

  setOrder(order: UserOrder): void {
    this.order = order;
    this.pages = firstPage();
    this.selection = new Set();
    void this.loadPage();
  }

  goToNextPage(): void {
    if (!this.hasNextPage) return;
    this.pages = nextPage(this.pages, this.endCursor);
    this.selection = new Set();
    void this.loadPage();
  }

  goToPreviousPage(): void {
    this.pages = previousPage(this.pages);
    this.selection = new Set();
    void this.loadPage();
  }

  setSelection(ids: Iterable<string>): void {
    this.selection = new Set(ids);
    this.host.requestUpdate();
  }

  dismissNotice(): void {
    this.notice = undefined;
    this.host.requestUpdate();
  }

  /** Loads the current page; a newer load aborts this one. */
  async loadPage(): Promise<void> {
    const api = this.host.api;
    if (!api) return;
    this.pageLoad?.abort();
    if (dateRangeProblem(this.filters)) {
      // The toolbar names the problem; no user can match, so the server is not asked.
      this.showPage([], false, null);
      return;
    }
    const load = new AbortController();
    this.pageLoad = load;
    this.state = 'loading';
    this.host.requestUpdate();
    try {
      const { users } = await api.request(
        UserPageDocument,
        { filter: toUserFilter(this.filters), orderBy: this.order, first: this.host.pageSize, after: currentAfter(this.pages) },
        load.signal,
      );
      this.showPage(
        users.edges.map((edge) => edge.node),
        users.pageInfo.hasNextPage,
        users.pageInfo.endCursor,
      );
    } catch (error) {
      if (isAbort(error)) return;
      // Rows of another filter or page would pass for the answer: show none with the error.
      this.rows = [];
      this.hasNextPage = false;
      this.state = 'error';
      this.error = this.failed('loadUsers', error);
    } finally {
      if (this.pageLoad === load) this.pageLoad = undefined;
      this.host.requestUpdate();
    }
  }

  private showPage(rows: UserRow[], hasNextPage: boolean, endCursor: string | null): void {
    this.rows = rows;
    this.hasNextPage = hasNextPage;
    this.endCursor = endCursor;
    this.state = 'ready';
    this.error = undefined;
    this.loadedOnce = true;
    this.host.requestUpdate();
  }

  /** True before the first page arrived (what the loading state shows). */
  get firstLoad(): boolean {
    return !this.loadedOnce;
  }

  async loadCounts(): Promise<void> {
    const api = this.host.api;
    if (!api) return;
    this.countsLoad?.abort();
    if (dateRangeProblem(this.filters)) {
      this.counts = { all: 0, active: 0, banned: 0, estimated: false };
      this.host.requestUpdate();
      return;
    }
    const load = new AbortController();
    this.countsLoad = load;
    try {
      const { userCounts } = await api.request(UserCountsDocument, { filter: countsFilter(this.filters) }, load.signal);
      this.counts = userCounts;
    } catch (error) {
      if (isAbort(error)) return;
      this.counts = undefined;
      this.failed('loadCounts', error);
    } finally {
      this.host.requestUpdate();
    }
  }

  async loadTags(): Promise<void> {
    const api = this.host.api;
    if (!api) return;
    try {
      const { tags } = await api.request(TagsDocument, {});
      this.tags = tags;
      const known = new Set(tags.map((tag) => tag.id));
      const filters = withKnownTags(this.filters, known);
      if (filters !== this.filters) this.setFilters(filters);
    } catch (error) {
      this.failed('loadTags', error);
    } finally {
      this.host.requestUpdate();
    }
  }

  async loadProfileFields(): Promise<void> {
    const api = this.host.api;
    if (!api) return;
    try {
      const { profileFields } = await api.request(ProfileFieldsDocument, {});
      this.profileFields = profileFields;
    } catch (error) {
      this.failed('loadProfileFields', error);
    } finally {
      this.host.requestUpdate();
    }
  }

  /** Bans or unbans users: shown at once, undone with a message if the server refuses. */
  async setStatus(userIds: readonly string[], status: UserStatus, reason: string | null = null): Promise<boolean> {
    const api = this.host.api;
    const targets = this.rows.filter((row) => userIds.includes(row.id) && row.status !== status);
    if (!api || targets.length === 0) return true;
    const ids = targets.map((row) => row.id);
    const now = new Date().toISOString();
    const change = applyOptimistic(this.rows, new Set(ids), (row) => ({
      ...row,
      status,
      bannedAt: status === 'BANNED' ? now : null,
      banReason: status === 'BANNED' ? reason : null,
    }));
    this.rows = change.rows;
    this.host.requestUpdate();
    const verb = status === 'BANNED' ? 'ban' : 'unban';
    const who = describeUsers(targets);
    try {
      if (ids.length === 1) {
        const { setUserStatus } = await api.request(SetUserStatusDocument, { id: ids[0]!, status, reason });
        this.rows = this.rows.map((row) => (row.id === setUserStatus.id ? setUserStatus : row));
      } else {
        await api.request(SetUsersStatusDocument, { ids, status, reason });
      }
      this.confirmedChanges += 1;
      this.host.emitEvent('um-status-change', { userIds: ids, status, reason });
      this.say('success', `${status === 'BANNED' ? 'Banned' : 'Unbanned'} ${who}`);
      void this.loadCounts();
      return true;
    } catch (error) {
      this.rows = change.rollback(this.rows);
      const failure = this.failed(verb === 'ban' ? 'banUsers' : 'unbanUsers', error);
      this.say('error', `Could not ${verb} ${who}: ${failure.message}. The change was undone.`);
      return false;
    } finally {
      this.host.requestUpdate();
    }
  }

  /** Puts tags on users: shown at once, undone with a message if the server refuses. */
  async addTags(userIds: readonly string[], tags: readonly TagChipFragment[]): Promise<boolean> {
    return this.changeTags(userIds, tags, 'add');
  }

  async removeTags(userIds: readonly string[], tags: readonly TagChipFragment[]): Promise<boolean> {
    return this.changeTags(userIds, tags, 'remove');
  }

  /** The app's tag of that name (ignoring case), created when there is none. */
  async tagNamed(name: string): Promise<TagChipFragment | undefined> {
    const wanted = name.trim();
    const existing = this.tags.find((tag) => tag.name.toLocaleLowerCase() === wanted.toLocaleLowerCase());
    if (existing) return existing;
    const api = this.host.api;
    if (!api) return undefined;
    try {
      const { createTag } = await api.request(CreateTagDocument, { input: { name: wanted } });
      this.tags = [...this.tags, { ...createTag, userCount: 0 }].sort((a, b) => a.name.localeCompare(b.name));
      return createTag;
    } catch (error) {
      const failure = this.failed('createTag', error);
      this.say('error', `Could not create the tag "${wanted}": ${failure.message}`);
      return undefined;
    } finally {
      this.host.requestUpdate();
    }
  }

  private async changeTags(userIds: readonly string[], tags: readonly TagChipFragment[], how: 'add' | 'remove'): Promise<boolean> {
    const api = this.host.api;
    if (!api || userIds.length === 0 || tags.length === 0) return true;
    const tagIds = new Set(tags.map((tag) => tag.id));
    const targets = this.rows.filter((row) => userIds.includes(row.id));
    const change = applyOptimistic(this.rows, new Set(userIds), (row) => {
      const kept = row.tags.filter((tag) => !tagIds.has(tag.id));
      const next = how === 'add' ? [...kept, ...tags].sort((a, b) => a.name.localeCompare(b.name)) : kept;
      return { ...row, tags: next, tagCount: next.length };
    });
    this.rows = change.rows;
    this.host.requestUpdate();
    const tagNames = tags.map((tag) => `"${tag.name}"`).join(', ');
    const who = targets.length > 0 ? describeUsers(targets) : `${userIds.length} users`;
    try {
      const variables = { userIds: [...userIds], tagIds: [...tagIds] };
      if (how === 'add') await api.request(AddTagsToUsersDocument, variables);
      else await api.request(RemoveTagsFromUsersDocument, variables);
      this.confirmedChanges += 1;
      const refs = tags.map(({ id, name }) => ({ id, name }));
      this.host.emitEvent('um-tags-change', { userIds: [...userIds], added: how === 'add' ? refs : [], removed: how === 'remove' ? refs : [] });
      this.say('success', how === 'add' ? `Tagged ${who} with ${tagNames}` : `Removed ${tagNames} from ${who}`);
      void this.loadTags();
      if (Object.keys(this.filters.tags).length > 0) void this.loadCounts();
      return true;
    } catch (error) {
      this.rows = change.rollback(this.rows);
      const failure = this.failed(how === 'add' ? 'addTags' : 'removeTags', error);
      this.say('error', `Could not ${how === 'add' ? `tag ${who} with ${tagNames}` : `remove ${tagNames} from ${who}`}: ${failure.message}. The change was undone.`);
      return false;
    } finally {
      this.host.requestUpdate();
    }
  }

  /** Replaces a row with a newer copy from the server (the profile panel loads one). */
  updateRow(user: UserRow): void {
    if (!this.rows.some((row) => row.id === user.id)) return;
    this.rows = this.rows.map((row) => (row.id === user.id ? { ...row, ...pickRow(user) } : row));
    this.host.requestUpdate();
  }

  /** Takes a deleted user off the page. */
  removeRow(userId: string): void {
    this.rows = this.rows.filter((row) => row.id !== userId);
    if (this.selection.has(userId)) this.selection = new Set([...this.selection].filter((id) => id !== userId));
    void this.loadCounts();
    this.host.requestUpdate();
  }

  say(kind: Notice['kind'], message: string): void {
    this.notice = { kind, message };
    this.host.requestUpdate();
  }

  /** Reports a failed call as an `um-error` event and gives it back as an ApiError. */
  failed(operation: string, error: unknown): ApiError {
    const failure = error instanceof ApiError ? error : new ApiError('UNKNOWN', error instanceof Error ? error.message : String(error));
    this.host.emitEvent('um-error', { code: failure.code, message: failure.message, operation });
    return failure;
  }
}

function pickRow(user: UserRow): UserRow {
  const { id, email, name, status, signedUpAt, lastAccessAt, bannedAt, banReason, tagCount, tags } = user;
  return { id, email, name, status, signedUpAt, lastAccessAt, bannedAt, banReason, tagCount, tags };
}

/** "Ada Lovelace" for one user, "3 users" for more. */
export function describeUsers(users: ReadonlyArray<Pick<UserRow, 'name' | 'email'>>): string {
  return users.length === 1 ? displayName(users[0]!) : `${users.length} users`;
}
