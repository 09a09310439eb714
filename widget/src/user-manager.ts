import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { UserManagerApi, type TokenProvider } from './api/client';
import type { BulkBarEvents } from './components/um-bulk-bar';
import type { RowAction, UserTableEvents } from './components/um-user-table';
import { formatCount, plural } from './components/format';
import { emit, type UserManagerEventDetails, type UserManagerEventName } from './events';
import { hasFilters, nextOrder, EMPTY_FILTERS, toUserFilter, type FilterState, type StatusTab } from './state/user-filters';
import { hasPreviousPage, pageNumber, rowRange } from './state/cursor-pages';
import { UserListController, type UserListHost } from './state/user-list';
import { controlStyles, themeTokens } from './styles/theme';
import type { ImportJobProgressQuery } from './api/generated';
import { datedFilename, saveDownload } from './components/download';
import './components/um-bulk-bar';
import './components/um-delete-dialog';
import './components/um-import-dialog';
import './components/um-profile-panel';
import './components/um-reset-password-dialog';
import './components/um-tag-manager';
import './components/um-toolbar';
import './components/um-user-table';

export type { TokenProvider } from './api/client';
export type { UserManagerEventDetails, UserManagerEvent, TagRef } from './events';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;
const NOTICE_MS = 6000;
const ROW_ACTIONS: readonly RowAction[] = ['reset-password', 'delete'];

const STATUS_TABS: Array<{ status: StatusTab; label: string; count: 'all' | 'active' | 'banned' }> = [
  { status: 'ALL', label: 'All', count: 'all' },
  { status: 'ACTIVE', label: 'Active', count: 'active' },
  { status: 'BANNED', label: 'Banned', count: 'banned' },
];

/**
 * `<user-manager>`: the whole user-management workflow for a host app's admin page.
 *
 * @attr endpoint - The GraphQL URL; defaults to `/graphql` beside the script's own origin.
 * @attr token - A bearer token (JWT) for the API.
 * @attr page-size - Users per page, 1–500 (50).
 * @attr theme - `light`, `dark`, or unset to follow the system.
 *
 * @fires um-status-change - detail `{ userIds, status, reason }`
 * @fires um-tags-change - detail `{ userIds, added, removed }`
 * @fires um-user-delete - detail `{ userId, email }`
 * @fires um-password-reset - detail `{ userId, delivery }`
 * @fires um-import-complete - detail `{ jobId, mode, status, totalRows, created, updated, failed }`
 * @fires um-error - detail `{ code, message, operation }`
 *
 * @cssproperty --um-color-bg - Background.
 * @cssproperty --um-color-surface - Header, toolbar and hover background.
 * @cssproperty --um-color-text - Text.
 * @cssproperty --um-color-muted - Secondary text.
 * @cssproperty --um-color-border - Borders.
 * @cssproperty --um-color-accent - Links, primary buttons, the selected tab.
 * @cssproperty --um-color-accent-text - Text on the accent colour.
 * @cssproperty --um-color-danger - Bans, deletes and errors.
 * @cssproperty --um-color-success - Confirmations.
 * @cssproperty --um-color-selected - Selected rows.
 * @cssproperty --um-color-focus - Focus ring.
 * @cssproperty --um-font-family - Font.
 * @cssproperty --um-font-size - Base font size.
 * @cssproperty --um-radius - Corner radius.
 * @cssproperty --um-space - Spacing unit.
 *
 * @csspart base - The element's frame.
 * @csspart toolbar - Search and filters.
 * @csspart search - The search box.
 * @csspart tabs - The status tabs.
 * @csspart tab - One status tab.
 * @csspart bulk-bar - The bulk actions bar.
 * @csspart table - The users table.
 * @csspart row - A user's row.
 * @csspart menu - The row menu.
 * @csspart pager - Paging.
 * @csspart notice - Confirmations and error messages.
 * @csspart dialog - Every dialog box (profile, tags, …).
 * @csspart profile - The profile panel's content.
 */
@customElement('user-manager')
export class UserManager extends LitElement implements UserListHost {
  static override styles = [
    themeTokens,
    controlStyles,
    css`
      :host {
        display: block;
        background: var(--um-color-bg);
        color: var(--um-color-text);
      }
      .base {
        display: flex;
        flex-direction: column;
        gap: calc(var(--um-space) * 1.5);
        padding: calc(var(--um-space) * 2);
      }
      [role='tablist'] {
        display: flex;
        gap: 2px;
        border-bottom: 1px solid var(--um-color-border);
      }
      [role='tab'] {
        border: 0;
        border-bottom: 2px solid transparent;
        background: none;
        padding: var(--um-space) calc(var(--um-space) * 1.5);
        cursor: pointer;
        color: var(--um-color-muted);
        display: inline-flex;
        gap: 6px;
        align-items: center;
      }
      [role='tab'][aria-selected='true'] {
        color: var(--um-color-text);
        border-bottom-color: var(--um-color-accent);
        font-weight: 600;
      }
      .tab-count {
        padding: 0 6px;
        border-radius: 999px;
        background: var(--um-color-surface);
        border: 1px solid var(--um-color-border);
        font-size: 0.85em;
        font-weight: normal;
        min-width: 2em;
        text-align: center;
      }
      .panel {
        display: flex;
        flex-direction: column;
        gap: calc(var(--um-space) * 1.5);
      }
      .pager {
        display: flex;
        align-items: center;
        justify-content: flex-end;
        gap: var(--um-space);
      }
      .pager .range {
        margin-inline-end: auto;
      }
      .load-error {
        display: flex;
        align-items: center;
        gap: var(--um-space);
        padding: var(--um-space) calc(var(--um-space) * 1.5);
        border: 1px solid var(--um-color-danger);
        border-radius: var(--um-radius);
        color: var(--um-color-danger);
      }
      .load-error p {
        margin: 0;
        flex: 1;
      }
      .notice {
        display: flex;
        align-items: center;
        gap: var(--um-space);
        padding: var(--um-space) calc(var(--um-space) * 1.5);
        border-radius: var(--um-radius);
        border: 1px solid var(--um-color-success);
      }
      .notice.error {
        border-color: var(--um-color-danger);
      }
      .notice p {
        margin: 0;
        flex: 1;
      }
      .notice:empty,
      .live:empty {
        display: none;
      }
      .empty {
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: var(--um-space);
      }
      .empty p {
        margin: 0;
      }
    `,
  ];

  /** The GraphQL endpoint; by default the `/graphql` of the server this script came from. */
  @property() accessor endpoint: string | undefined;
  /** A bearer token for the API (ignored when `tokenProvider` is set). */
  @property() accessor token: string | undefined;
  /** Called for a fresh token before the first request, and once more after UNAUTHENTICATED. */
  @property({ attribute: false }) accessor tokenProvider: TokenProvider | undefined;
  @property({ type: Number, attribute: 'page-size' }) accessor pageSize = DEFAULT_PAGE_SIZE;
  @property({ reflect: true }) accessor theme: 'light' | 'dark' | undefined;

  @state() private accessor profile: { userId: string; section?: 'activity' } | undefined;
  @state() private accessor tagManagerUserId: string | undefined;
  @state() private accessor resetUserId: string | undefined;
  @state() private accessor deleteUserId: string | undefined;
  @state() private accessor importOpen = false;
  @state() private accessor exporting = false;

  api: UserManagerApi | undefined;
  readonly list = new UserListController(this);
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  private shownNotice: unknown;
  private hasLoaded = false;

  /** The page size the API is asked for, kept within 1–500. */
  get effectivePageSize(): number {
    const size = Math.trunc(Number(this.pageSize));
    return Number.isFinite(size) && size >= 1 ? Math.min(size, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  }

  emitEvent<Name extends UserManagerEventName>(name: Name, detail: UserManagerEventDetails[Name]): void {
    emit(this, name, detail);
  }

  /** Loads everything again from the server. */
  refresh(): Promise<void> {
    return this.list.reload();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.noticeTimer);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (!this.api || changed.has('endpoint')) {
      const endpoint = this.endpoint || new URL('../graphql', import.meta.url).href;
      this.api = new UserManagerApi(new URL(endpoint, document.baseURI).href, {
        token: () => this.token,
        tokenProvider: () => this.tokenProvider,
      });
    }
  }

  override updated(changed: PropertyValues<this>): void {
    const first = !this.hasLoaded;
    if (first || changed.has('endpoint') || changed.has('token')) {
      this.hasLoaded = true;
      void this.list.reload();
    } else if (changed.has('tokenProvider') && this.list.state === 'error') {
      void this.list.reload();
    } else if (changed.has('pageSize') && changed.get('pageSize') !== undefined) {
      this.list.setFilters(this.list.filters);
    }
    if (this.list.notice !== this.shownNotice) {
      this.shownNotice = this.list.notice;
      clearTimeout(this.noticeTimer);
      if (this.list.notice?.kind === 'success') this.noticeTimer = setTimeout(() => this.list.dismissNotice(), NOTICE_MS);
    }
  }

  override render() {
    const list = this.list;
    return html`<div class="base" part="base">
      <um-toolbar part="toolbar" exportparts="search" .filters=${list.filters} .tags=${list.tags} @filters-change=${this.onFiltersChange}>
        <button slot="actions" class="button" type="button" @click=${() => (this.importOpen = true)}>Import</button>
        <button slot="actions" class="button" type="button" ?disabled=${this.exporting} @click=${this.exportUsers}>
          ${this.exporting ? 'Exporting…' : 'Export'}
        </button>
      </um-toolbar>
      ${this.renderTabs()}
      <div class="panel" role="tabpanel" id="users-panel" aria-labelledby="tab-${list.filters.status}">
        ${list.state === 'error' ? this.renderLoadError() : nothing}
        ${list.selection.size > 0
          ? html`<um-bulk-bar
              part="bulk-bar"
              .count=${list.selection.size}
              .tags=${list.tags}
              @bulk-status=${(event: CustomEvent<BulkBarEvents['bulk-status']>) => this.list.setStatus([...list.selection], event.detail.status)}
              @bulk-tags=${this.onBulkTags}
              @clear-selection=${() => list.setSelection([])}
            ></um-bulk-bar>`
          : nothing}
        <um-user-table
          exportparts="table, row, menu"
          .rows=${list.rows}
          .selection=${list.selection}
          .order=${list.order}
          .actions=${ROW_ACTIONS}
          ?busy=${list.state === 'loading'}
          ?first-load=${list.firstLoad && list.state !== 'error'}
          @sort-change=${(event: CustomEvent<UserTableEvents['sort-change']>) => list.setOrder(nextOrder(list.order, event.detail.field))}
          @selection-change=${(event: CustomEvent<UserTableEvents['selection-change']>) => list.setSelection(event.detail.userIds)}
          @status-request=${(event: CustomEvent<UserTableEvents['status-request']>) => list.setStatus([event.detail.userId], event.detail.status)}
          @open-profile=${(event: CustomEvent<UserTableEvents['open-profile']>) => (this.profile = event.detail)}
          @open-tags=${(event: CustomEvent<UserTableEvents['open-tags']>) => (this.tagManagerUserId = event.detail.userId)}
          @row-action=${this.onRowAction}
        >
          <div slot="empty" class="empty">${this.renderEmpty()}</div>
        </um-user-table>
        ${this.renderPager()}
      </div>
      ${this.renderNotice()}
      <um-profile-panel
        exportparts="dialog, profile"
        .api=${this.api}
        .list=${list}
        .row=${list.rows.find((row) => row.id === this.profile?.userId)}
        .profileFields=${list.profileFields}
        .tags=${list.tags}
        .confirmedChanges=${list.confirmedChanges}
        user-id=${this.profile?.userId ?? nothing}
        .section=${this.profile?.section}
        ?open=${!!this.profile}
        @open-tags=${(event: CustomEvent<{ userId: string }>) => (this.tagManagerUserId = event.detail.userId)}
        @dialog-close=${() => (this.profile = undefined)}
      ></um-profile-panel>
      <um-tag-manager
        exportparts="dialog"
        .list=${list}
        .user=${list.rows.find((row) => row.id === this.tagManagerUserId)}
        .tags=${list.tags}
        ?open=${!!this.tagManagerUserId}
        @dialog-close=${() => (this.tagManagerUserId = undefined)}
      ></um-tag-manager>
      <um-reset-password-dialog
        exportparts="dialog"
        .list=${list}
        .user=${list.rows.find((row) => row.id === this.resetUserId)}
        ?open=${!!this.resetUserId}
        @dialog-close=${() => (this.resetUserId = undefined)}
      ></um-reset-password-dialog>
      <um-delete-dialog
        exportparts="dialog"
        .list=${list}
        .user=${list.rows.find((row) => row.id === this.deleteUserId)}
        ?open=${!!this.deleteUserId}
        @dialog-close=${() => (this.deleteUserId = undefined)}
      ></um-delete-dialog>
      <um-import-dialog
        exportparts="dialog"
        .list=${list}
        ?open=${this.importOpen}
        @dialog-close=${() => (this.importOpen = false)}
        @import-finished=${this.onImportFinished}
      ></um-import-dialog>
    </div>`;
  }

  private renderTabs() {
    const { filters, counts } = this.list;
    return html`<div role="tablist" aria-label="Status" part="tabs" @keydown=${this.onTabKeydown}>
      ${STATUS_TABS.map(({ status, label, count }) => {
        const selected = filters.status === status;
        return html`<button
          role="tab"
          part="tab"
          id="tab-${status}"
          type="button"
          aria-selected=${selected ? 'true' : 'false'}
          aria-controls="users-panel"
          tabindex=${selected ? 0 : -1}
          data-status=${status}
          @click=${() => this.selectTab(status)}
        >
          ${label} <span class="tab-count">${counts ? `${counts.estimated ? '≈' : ''}${formatCount(counts[count])}` : '…'}</span>
        </button>`;
      })}
    </div>`;
  }

  private renderLoadError() {
    const error = this.list.error;
    const hint =
      error?.code === 'UNAUTHENTICATED'
        ? ' Check the token the page gives this element.'
        : error?.code === 'FORBIDDEN'
          ? ' This token may not read users.'
          : '';
    return html`<div class="load-error" role="alert">
      <p>Could not load users: ${error?.message}.${hint}</p>
      <button class="button" type="button" @click=${() => this.list.reload()}>Try again</button>
    </div>`;
  }

  private renderEmpty() {
    const { filters } = this.list;
    if (this.list.state === 'error') return html`<p class="muted">No users to show.</p>`;
    if (!hasFilters(filters) && filters.status === 'ALL') return html`<p>No users yet.</p>`;
    return html`<p>No users match these filters.</p>
      <button class="button" type="button" @click=${() => this.list.setFilters(EMPTY_FILTERS)}>Show all users</button>`;
  }

  private renderPager() {
    const { pages, rows, counts, filters, hasNextPage, firstLoad } = this.list;
    if (firstLoad) return nothing;
    const { from, to } = rowRange(pages, this.effectivePageSize, rows.length);
    const total = counts ? counts[filters.status === 'ALL' ? 'all' : filters.status === 'ACTIVE' ? 'active' : 'banned'] : undefined;
    const about = counts?.estimated ? 'about ' : '';
    return html`<nav class="pager" part="pager" aria-label="Pages">
      <span class="range muted"
        >${rows.length > 0 ? `Showing ${formatCount(from)}–${formatCount(to)}${total !== undefined ? ` of ${about}${formatCount(total)}` : ''}` : ''}
        · Page ${pageNumber(pages)}</span
      >
      <button class="button" type="button" ?disabled=${!hasPreviousPage(pages)} @click=${() => this.list.goToPreviousPage()}>Previous page</button>
      <button class="button" type="button" ?disabled=${!hasNextPage} @click=${() => this.list.goToNextPage()}>Next page</button>
    </nav>`;
  }

  private renderNotice() {
    const notice = this.list.notice;
    // Both live regions stay in the page so screen readers announce what appears in them.
    return html`<div class="live" role="status" part="notice">
        ${notice?.kind === 'success'
          ? html`<div class="notice"><p>${notice.message}</p><button class="button quiet" type="button" @click=${() => this.list.dismissNotice()}>Dismiss</button></div>`
          : nothing}
      </div>
      <div class="live" role="alert" part="notice">
        ${notice?.kind === 'error'
          ? html`<div class="notice error"><p>${notice.message}</p><button class="button quiet" type="button" @click=${() => this.list.dismissNotice()}>Dismiss</button></div>`
          : nothing}
      </div>`;
  }

  private selectTab(status: StatusTab) {
    if (this.list.filters.status !== status) this.list.setFilters({ ...this.list.filters, status });
  }

  /** Arrow keys, Home and End move between the tabs (and select them), as in every tab list. */
  private onTabKeydown(event: KeyboardEvent) {
    const index = STATUS_TABS.findIndex(({ status }) => status === this.list.filters.status);
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: STATUS_TABS.length - 1 };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const status = STATUS_TABS[(next + STATUS_TABS.length) % STATUS_TABS.length]!.status;
    this.selectTab(status);
    this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${status}`)?.focus());
  }

  private onFiltersChange(event: CustomEvent<FilterState>) {
    this.list.setFilters(event.detail);
  }

  private onRowAction(event: CustomEvent<UserTableEvents['row-action']>) {
    if (event.detail.action === 'reset-password') this.resetUserId = event.detail.userId;
    else this.deleteUserId = event.detail.userId;
  }

  /** Downloads the CSV of everyone the current filters (and status tab) show. */
  private exportUsers = async () => {
    const api = this.api;
    if (!api) return;
    const filter = toUserFilter(this.list.filters);
    const filename = datedFilename('users');
    this.exporting = true;
    try {
      const response = await api.fetchRoute(`csv/export${filter ? `?filter=${encodeURIComponent(JSON.stringify(filter))}` : ''}`);
      await saveDownload(response, filename);
      this.list.say('success', `Exported ${filter ? 'the filtered users' : 'every user'} to ${filename}`);
    } catch (error) {
      this.list.say('error', `Could not export: ${this.list.failed('exportUsers', error).message}`);
    } finally {
      this.exporting = false;
    }
  };

  private onImportFinished(event: CustomEvent<NonNullable<ImportJobProgressQuery['importJob']>>) {
    const job = event.detail;
    this.emitEvent('um-import-complete', {
      jobId: job.id,
      mode: job.mode,
      status: job.status,
      totalRows: job.totalRows,
      created: job.created,
      updated: job.updated,
      failed: job.failed,
    });
    if (job.status === 'SUCCEEDED' && job.mode !== 'DRY_RUN') {
      this.list.say('success', `Imported ${plural(job.created, 'new user')} and updated ${formatCount(job.updated)}${job.failed ? `; ${plural(job.failed, 'row')} failed` : ''}`);
      void this.list.reload();
    }
  }

  private onBulkTags(event: CustomEvent<BulkBarEvents['bulk-tags']>) {
    const tag = this.list.tags.find((candidate) => candidate.id === event.detail.tagId);
    if (!tag) return;
    const ids = [...this.list.selection];
    if (event.detail.how === 'add') void this.list.addTags(ids, [tag]);
    else void this.list.removeTags(ids, [tag]);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'user-manager': UserManager;
  }
}
