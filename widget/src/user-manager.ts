import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { toApiError, UserManagerApi, type ApiError, type TokenProvider } from './api/client';
import type { ImportJobProgressQuery } from './api/generated';
import type { ApiErrorDetail } from './components/api-error';
import type { BanDialogEvents } from './components/ban-dialog/ban-dialog.component';
import type { BulkBarEvents } from './components/bulk-bar/bulk-bar.component';
import type { DeleteDialogEvents } from './components/delete-dialog/delete-dialog.component';
import type { ProfileEdit, ProfilePanelEvents } from './components/profile-panel/profile-panel.component';
import type { UserFormEvents } from './components/user-form/user-form.component';
import type { TagAdminEvents, TagAdminRefusal } from './components/tag-admin/tag-admin.component';
import { serverError, type FormErrors } from './state/user-form';
import { datedFilename, saveDownload } from './components/download';
import { LocaleProvider } from './i18n/provider';
import type { Localizer, Messages } from './i18n/localizer';
import type { ResetPasswordDialogEvents, ResetResult } from './components/reset-password-dialog/reset-password-dialog.component';
import type { TagManagerEvents, TagRefusal } from './components/tag-manager/tag-manager.component';
import type { ColumnChooserEvents } from './components/column-chooser/column-chooser.component';
import type { ViewBarEvents } from './components/view-bar/view-bar.component';
import { SavedViewsController, viewFilter, viewOrder } from './controllers/saved-views';
import { filterStateOf, readUrlState, writeUrlState } from './state/url-state';
import type { RowAction, UserTableEvents } from './components/user-table/user-table.component';
import { ReferenceDataController } from './controllers/reference-data';
import { UserMutations } from './controllers/user-mutations';
import { UserPageController } from './controllers/user-page';
import { emit, type UserManagerEventDetails, type UserManagerEventName } from './events';
import { hasPreviousPage, pageNumber, rowRange } from './state/cursor-pages';
import { explained, fieldInWords } from './state/messages';
import { permissionsOf } from './state/permissions';
import { dateRangeProblem, DEFAULT_ORDER, EMPTY_FILTERS, hasFilters, nextOrder, toUserFilter, type FilterState, type StatusTab } from './state/user-filters';
import { describeUsers, type UserRow } from './state/users';
import {
  availableColumns,
  browserStorage,
  chooserColumns,
  moveColumn,
  parseColumnList,
  resolveColumns,
  storedColumns,
  storeColumns,
  toggleColumn,
} from './state/columns';
import { sharedStyles } from './styles/shared.styles';
import { themeTokens } from './styles/theme';
import { userManagerStyles } from './user-manager.styles';
import './components/bulk-bar/bulk-bar.component';
import './components/column-chooser/column-chooser.component';
import './components/view-bar/view-bar.component';
import './components/profile-panel/profile-panel.component';
import './components/tag-manager/tag-manager.component';
import './components/toolbar/toolbar.component';
import './components/user-table/user-table.component';

export type { TokenProvider } from './api/client';
export type { UserManagerEventDetails, UserManagerEvent, TagRef } from './events';
export type { Messages, MessageKey, Message, PluralMessage } from './i18n/localizer';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;
/** When a page that failed on the way is read again by itself: first, then doubling up to. */
const RETRY_FIRST_MS = 5_000;
const RETRY_MAX_MS = 60_000;

/** How long a notice stays: a confirmation, one that offers Undo, an error. */
const NOTICE_MS = { success: 6_000, undo: 10_000, error: 15_000 };
const ROW_ACTIONS: readonly RowAction[] = ['reset-password', 'delete'];
const NO_ERRORS: FormErrors = {};

const STATUS_TABS: Array<{ status: StatusTab; count: 'all' | 'active' | 'banned' }> = [
  { status: 'ALL', count: 'all' },
  { status: 'ACTIVE', count: 'active' },
  { status: 'BANNED', count: 'banned' },
];

/**
 * The dialogs an admin opens now and then (ban, delete, reset, import, tag
 * admin, add user) are a module of their own, loaded when the first of them
 * opens, and ahead of that once the first page is shown and the browser is
 * idle: the first rows do not wait for them. Until it arrives a dialog's
 * element is undefined; Lit keeps what it was given and the dialog opens as
 * it upgrades.
 */
let laterDialogs: Promise<unknown> | undefined;
const loadLaterDialogs = (): Promise<unknown> => (laterDialogs ??= import('./components/later-dialogs').catch(() => (laterDialogs = undefined)));
/** How long after the first page the later dialogs load, when the browser has no idle callback. */
const PRELOAD_MS = 1_000;

/** The profile panel, open on a user (and on a section of it), with the edit in progress. */
interface ProfileDialog {
  kind: 'profile';
  userId: string;
  section?: 'activity';
  edit?: ProfileEdit;
}

/**
 * The dialog that is open, with what its owner has told it so far. The
 * user dialogs may open over the profile panel, which stays open beneath.
 */
type OpenDialog =
  | ProfileDialog
  | { kind: 'tags'; userId: string; over?: ProfileDialog; refusal?: TagRefusal }
  | { kind: 'reset'; userId: string; over?: ProfileDialog; busy?: boolean; error?: string; result?: ResetResult }
  | { kind: 'delete'; userId: string; over?: ProfileDialog; busy?: boolean; error?: string }
  | { kind: 'ban'; userIds: string[]; who: string; count: number; already?: number; byFilter?: boolean; over?: ProfileDialog }
  | { kind: 'import' }
  | { kind: 'add-user'; busy?: boolean; errors?: FormErrors }
  | { kind: 'tag-admin'; refusal?: TagAdminRefusal }
  | { kind: 'bulk-delete'; userIds: string[]; count: number; byFilter: boolean; estimated: boolean };

/**
 * `<user-manager>`: the whole user-management workflow for a host app's admin page.
 *
 * @attr endpoint - The GraphQL URL; defaults to `/graphql` beside the script's own origin.
 * @attr token - A bearer token (JWT) for the API.
 * @attr page-size - Users per page, 1–500 (50).
 * @attr theme - `light`, `dark`, or unset to follow the system.
 * @attr url-state - Mirror the filters, order, columns, page and open saved view into the page's query string (`um-` keys, replaceState) and restore them on load and on back/forward.
 * @attr locale - The language and formats, as a BCP 47 tag (`de`, `ar`, `en-GB`); by default the closest `lang` up the tree, then the browser's. English, German and Arabic words ship (others in English, with that locale's dates and numbers, unless `messages` gives the words); set here, it also sets the direction (`ar` is right to left) unless the element has a `dir`.
 * @attr columns - The table's columns, in order, by id: `name`, `email`, `status`, `tags` (names), `tag-count`, `signed-up`, `last-access`, or a profile field's key (`columns="name,email,plan,tags,last-access"`). An admin's own choice in "Columns", kept per app in the browser, goes before it until they reset it.
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
export class UserManager extends LitElement {
  static override styles = [themeTokens, sharedStyles, userManagerStyles];

  /** The GraphQL endpoint; by default the `/graphql` of the server this script came from. */
  @property() accessor endpoint: string | undefined;
  /** A bearer token for the API (ignored when `tokenProvider` is set). */
  @property() accessor token: string | undefined;
  /** Called for a fresh token before the first request, and once more after UNAUTHENTICATED. */
  @property({ attribute: false }) accessor tokenProvider: TokenProvider | undefined;
  @property({ type: Number, attribute: 'page-size' }) accessor pageSize = DEFAULT_PAGE_SIZE;
  @property({ reflect: true }) accessor theme: 'light' | 'dark' | undefined;
  /** The host's columns (see the `columns` attribute). */
  @property() accessor columns: string | undefined;
  /** The locale (see the `locale` attribute); changing it shows the new words at once, once its catalogue has loaded. */
  @property() accessor locale: string | undefined;
  /**
   * A host's own words for any message, by key (see the English catalogue,
   * `i18n/en.ts`): `{ 'app.addUser': 'Invite user' }`, or a plural with
   * `one`/`other`. They replace the shipped words in whatever locale is shown.
   */
  @property({ attribute: false }) accessor messages: Messages | undefined;
  /** Keep what is shown in the page's query string (see state/url-state). */
  @property({ type: Boolean, attribute: 'url-state' }) accessor urlState = false;

  @state() private accessor dialog: OpenDialog | undefined;
  @state() private accessor exporting = false;
  /** The columns the admin chose in "Columns" for this app (kept in the browser), when they did. */
  @state() private accessor chosenColumns: string[] | undefined;
  /** The app whose kept choice `chosenColumns` holds. */
  private columnsApp: string | undefined;
  /** The columns came from the page's URL (or a saved view): the choice kept in the browser does not replace them. */
  private columnsGiven = false;
  /** The saved view opened last (the filters may have changed since: "Update" saves them into it), until it is deleted. */
  @state() private accessor activeView: string | undefined;
  /** Why the last "Save view" was refused. */
  @state() private accessor viewError = '';
  private restoredFromUrl = false;
  private dialogsPreloaded = false;
  /** A page change asked for: its first row takes focus when it arrives. */
  private focusNewPage = false;

  /** @internal The API client the element's controllers share. */
  api: UserManagerApi | undefined;
  private readonly i18n = new LocaleProvider(this);
  private readonly page = new UserPageController(this);
  private readonly reference = new ReferenceDataController(this, (known) => this.page.keepKnownTags(known));
  private readonly mutations = new UserMutations(this, this.page, this.reference);
  private readonly views = new SavedViewsController(this);
  /** Tags asked for in the tag manager are added one after another, in the order asked. */
  private tagWork: Promise<void> = Promise.resolve();
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryDelay = RETRY_FIRST_MS;
  private shownNotice: unknown;

  /** @internal The words and formats of the locale shown. */
  get l(): Localizer {
    return this.i18n.current;
  }

  /** The page size the API is asked for, kept within 1–500. */
  get effectivePageSize(): number {
    const size = Math.trunc(Number(this.pageSize));
    return Number.isFinite(size) && size >= 1 ? Math.min(size, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  }

  /** @internal Fires one of the element's public events (the only place that does). */
  emitEvent<Name extends UserManagerEventName>(name: Name, detail: UserManagerEventDetails[Name]): void {
    emit(this, name, detail);
  }

  /**
   * @internal Reports a failed call as an `um-error` event (with the server's
   * own words, for the host's logs) and gives it back as the admin reads it.
   */
  report(operation: string, error: unknown): ApiError {
    const failure = toApiError(error);
    this.emitEvent('um-error', { code: failure.code, message: failure.message, operation });
    return explained(failure, operation, this.l);
  }

  /** Loads everything again from the server. */
  refresh(): Promise<void> {
    this.reloadAll();
    return this.updateComplete.then(() => undefined);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('online', this.onOnline);
    window.addEventListener('popstate', this.onPopState);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.noticeTimer);
    clearTimeout(this.retryTimer);
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('popstate', this.onPopState);
  }

  /** Back or forward in the host page's history: show what its URL holds. */
  private onPopState = () => {
    if (this.urlState) this.restoreFromUrl();
  };

  /** The filters, order, columns, page and view the page's URL holds. */
  private restoreFromUrl() {
    const state = readUrlState(window.location.search);
    this.page.restore(state);
    this.columnsGiven = state.columns !== undefined;
    this.chosenColumns = state.columns ?? this.keptColumns(this.columnsApp);
    this.activeView = state.view;
  }

  /** What is shown, into the page's URL (replaceState: no new history entry, no reload). */
  private mirrorToUrl() {
    const { page } = this;
    const search = writeUrlState(window.location.search, {
      filters: page.filters,
      order: page.order,
      columns: this.columnsGiven || this.chosenColumns ? this.chosenColumns : undefined,
      pages: page.pages,
      view: this.activeView,
    });
    if (search !== window.location.search) {
      window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
    }
  }

  /** The network is back: whatever failed is read again at once. */
  private onOnline = () => {
    if (this.page.state === 'error') this.reloadAll();
  };

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('locale') || changed.has('messages')) this.i18n.update();
    if (this.dialog && this.dialog.kind !== 'profile' && this.dialog.kind !== 'tags') void loadLaterDialogs();
    if (this.urlState && !this.restoredFromUrl) {
      this.restoredFromUrl = true;
      this.restoreFromUrl();
    }
    const app = this.reference.app;
    if (app !== this.columnsApp) {
      this.columnsApp = app;
      if (!this.columnsGiven) this.chosenColumns = this.keptColumns(app);
    } else if (changed.has('columns') && this.hasUpdated) {
      // The host set new columns while the element runs: they replace the admin's choice.
      this.chooseColumns(undefined);
    }
    // A new client makes every load start again (their tasks follow the API).
    if (!this.api || changed.has('endpoint')) {
      const endpoint = this.endpoint || new URL('../graphql', import.meta.url).href;
      this.api = new UserManagerApi(new URL(endpoint, document.baseURI).href, {
        token: () => this.token,
        tokenProvider: () => this.tokenProvider,
      });
      return;
    }
    if (changed.has('token')) this.reloadAll();
    else if (changed.has('tokenProvider') && this.page.state === 'error') this.reloadAll();
    else if (changed.has('pageSize') && changed.get('pageSize') !== undefined) this.page.restartPaging();
  }

  override updated(): void {
    this.retryWhenUnreachable();
    if (!this.dialogsPreloaded && this.page.state === 'ready') {
      this.dialogsPreloaded = true;
      const preload = () => void loadLaterDialogs();
      if (typeof requestIdleCallback === 'function') requestIdleCallback(preload, { timeout: PRELOAD_MS * 5 });
      else setTimeout(preload, PRELOAD_MS);
    }
    if (this.focusNewPage && this.page.state !== 'loading') {
      this.focusNewPage = false;
      const table = this.renderRoot.querySelector('um-user-table');
      void table?.updateComplete.then(() => table.focusFirstRow());
    }
    if (this.urlState) this.mirrorToUrl();
    const notice = this.mutations.notice;
    if (notice !== this.shownNotice) {
      this.shownNotice = notice;
      clearTimeout(this.noticeTimer);
      // Something changed users: the views' counts are read again.
      if (notice?.kind === 'success') this.views.recount();
      if (notice) {
        // Work going on keeps its notice until it is done.
        const ms = notice.ongoing ? undefined : notice.kind === 'error' ? NOTICE_MS.error : notice.action ? NOTICE_MS.undo : NOTICE_MS.success;
        if (ms !== undefined) {
          this.noticeTimer = setTimeout(() => {
            if (this.mutations.notice === notice) this.mutations.dismissNotice();
          }, ms);
        }
      }
    }
  }

  override render() {
    const { page, reference } = this;
    const may = permissionsOf(reference.role);
    const available = availableColumns(reference.profileFields, this.l);
    const columns = resolveColumns(this.chosenColumns ?? parseColumnList(this.columns), available);
    const columnIds = columns.map((column) => column.id);
    const l = this.l;
    // A locale set on the element brings its direction, unless the element has a dir of its own.
    const dir = this.i18n.fromAttribute && !this.hasAttribute('dir') ? l.dir : nothing;
    return html`<div class="base" part="base" lang=${l.lang} dir=${dir} @api-error=${this.onApiError}>
      ${this.renderNotice()}
      <um-toolbar part="toolbar" exportparts="search" .filters=${page.filters} .tags=${reference.tags} @filters-change=${this.onFiltersChange}>
        <a slot="after-search" class="skip-link" href="#pages" @click=${this.skipToPages}>${l.t('app.skipToPages')}</a>
        <um-column-chooser
          slot="actions"
          .columns=${chooserColumns(columns, available)}
          @column-toggle=${(event: CustomEvent<ColumnChooserEvents['column-toggle']>) =>
            this.chooseColumns(toggleColumn(columnIds, event.detail.id, event.detail.visible))}
          @column-move=${(event: CustomEvent<ColumnChooserEvents['column-move']>) => this.chooseColumns(moveColumn(columnIds, event.detail.id, event.detail.by))}
          @columns-reset=${() => this.chooseColumns(undefined)}
        ></um-column-chooser>
        ${may.moderate ? html`<button slot="actions" class="button" type="button" @click=${() => (this.dialog = { kind: 'tag-admin' })}>${l.t('app.manageTags')}</button>` : nothing}
        ${
          may.administer
            ? html`<button slot="actions" class="button primary" type="button" @click=${() => (this.dialog = { kind: 'add-user' })}>
                  ${l.t('app.addUser')}
                </button>
                <button slot="actions" class="button" type="button" @click=${() => (this.dialog = { kind: 'import' })}>${l.t('app.import')}</button>
                <button slot="actions" class="button" type="button" ?disabled=${this.exporting} @click=${this.exportUsers}>
                  ${this.exporting ? l.t('app.exporting') : l.t('app.export')}
                </button>`
            : nothing
        }
      </um-toolbar>
      ${this.renderTabs()}
      <um-view-bar
        .views=${this.views.views}
        .counts=${this.views.counts}
        active=${this.activeView ?? nothing}
        error=${this.viewError}
        ?can-save=${may.moderate}
        @view-open=${(event: CustomEvent<ViewBarEvents['view-open']>) => this.openView(event.detail.id)}
        @view-save=${(event: CustomEvent<ViewBarEvents['view-save']>) => void this.saveView(event.detail.name)}
        @view-update=${(event: CustomEvent<ViewBarEvents['view-update']>) => void this.updateView(event.detail.id)}
        @view-delete=${(event: CustomEvent<ViewBarEvents['view-delete']>) => void this.deleteView(event.detail.id)}
      ></um-view-bar>
      <div class="panel" role="tabpanel" id="users-panel" aria-labelledby="tab-${page.filters.status}">
        ${page.state === 'error' ? this.renderLoadError() : nothing}
        ${
          may.moderate
            ? html`<div class="bulk-slot">${page.selection.size > 0 ? this.renderBulkBar() : html`<p class="muted bulk-hint">${l.t('app.bulkHint')}</p>`}</div>`
            : nothing
        }
        <um-user-table
          exportparts="table, row, menu"
          .rows=${page.rows}
          .selection=${page.allMatching ? new Set(page.rows.map((row) => row.id)) : page.selection}
          .order=${page.order}
          .columns=${columns}
          .actions=${may.administer ? ROW_ACTIONS : []}
          ?moderate=${may.moderate}
          ?busy=${page.state === 'loading'}
          ?first-load=${page.firstLoad && page.state !== 'error'}
          @sort-change=${(event: CustomEvent<UserTableEvents['sort-change']>) => page.setOrder(nextOrder(page.order, event.detail.field))}
          @selection-change=${(event: CustomEvent<UserTableEvents['selection-change']>) => page.setPageSelection(event.detail.userIds)}
          @status-request=${(event: CustomEvent<UserTableEvents['status-request']>) => this.changeStatus([event.detail.userId], event.detail.status)}
          @open-profile=${(event: CustomEvent<UserTableEvents['open-profile']>) => (this.dialog = { kind: 'profile', ...event.detail })}
          @open-tags=${(event: CustomEvent<UserTableEvents['open-tags']>) => this.openOver('tags', event.detail.userId)}
          @row-action=${this.onRowAction}
        >
          <div slot="empty" class="empty">${this.renderEmpty()}</div>
        </um-user-table>
        ${this.renderPager()}
      </div>
      ${this.renderDialogs()}
    </div>`;
  }

  /** The columns an admin of this app chose before, as the browser kept them. */
  private keptColumns(app: string | undefined): string[] | undefined {
    return app ? storedColumns(browserStorage(), app) : undefined;
  }

  /** The admin's columns for this app, kept in the browser; undefined goes back to the host's. */
  private chooseColumns(ids: string[] | undefined) {
    this.chosenColumns = ids;
    this.columnsGiven = false;
    if (this.columnsApp) storeColumns(browserStorage(), this.columnsApp, ids);
  }

  /** Shows a saved view: its filter, order and columns (the columns for as long as it is open, not kept). */
  private openView(id: string) {
    const view = this.views.find(id);
    if (!view) return;
    this.page.restore({ filters: filterStateOf(viewFilter(view)), order: viewOrder(view) ?? DEFAULT_ORDER });
    this.columnsGiven = view.columns !== null;
    this.chosenColumns = view.columns ?? this.keptColumns(this.columnsApp);
    this.activeView = id;
  }

  /** What is shown now, as a view's contents. */
  private shownAsView(name: string) {
    return { name, filter: toUserFilter(this.page.filters) ?? {}, orderBy: this.page.order, columns: this.chosenColumns ?? null };
  }

  private async saveView(name: string) {
    this.viewError = '';
    try {
      const saved = await this.views.save(this.shownAsView(name));
      this.viewError = '';
      this.activeView = saved.id;
      this.mutations.say('success', this.l.t('app.viewSaved', { name: saved.name }));
    } catch (error) {
      this.viewError = this.report('saveView', error).message;
    }
  }

  private async updateView(id: string) {
    const view = this.views.find(id);
    if (!view) return;
    try {
      await this.views.update(id, this.shownAsView(view.name));
      this.mutations.say('success', this.l.t('app.viewUpdated', { name: view.name }));
    } catch (error) {
      this.mutations.say('error', this.l.t('app.viewUpdateFailed', { name: view.name, message: this.report('updateSavedView', error).message }));
    }
  }

  /** Deletes a view (never users); Undo saves it again as it was. */
  private async deleteView(id: string) {
    const view = this.views.find(id);
    if (!view) return;
    try {
      await this.views.remove(id);
      if (this.activeView === id) this.activeView = undefined;
      const again = { name: view.name, filter: viewFilter(view), orderBy: viewOrder(view) ?? null, columns: view.columns };
      this.mutations.say('success', this.l.t('app.viewDeleted', { name: view.name }), {
        label: this.l.t('app.undo'),
        run: () => void this.views.save(again).then((saved) => (this.activeView = saved.id)),
      });
    } catch (error) {
      this.mutations.say('error', this.l.t('app.viewDeleteFailed', { name: view.name, message: this.report('deleteSavedView', error).message }));
    }
  }

  private renderDialogs() {
    const { page, reference, mutations } = this;
    const dialog = this.dialog;
    const profile = dialog?.kind === 'profile' ? dialog : dialog && 'over' in dialog ? dialog.over : undefined;
    const rowOf = (kind: OpenDialog['kind']) => (dialog?.kind === kind && 'userId' in dialog ? page.rows.find((row) => row.id === dialog.userId) : undefined);
    const tags = dialog?.kind === 'tags' ? dialog : undefined;
    const ban = dialog?.kind === 'ban' ? dialog : undefined;
    const reset = dialog?.kind === 'reset' ? dialog : undefined;
    const remove = dialog?.kind === 'delete' ? dialog : undefined;
    const adding = dialog?.kind === 'add-user' ? dialog : undefined;
    const may = permissionsOf(reference.role);
    return html`<um-profile-panel
        exportparts="dialog, profile"
        .api=${this.api}
        .row=${page.rows.find((row) => row.id === profile?.userId)}
        .profileFields=${reference.profileFields}
        .tags=${reference.tags}
        .confirmedChanges=${mutations.confirmedChanges}
        ?can-tag=${may.moderate}
        ?can-administer=${may.administer}
        .edit=${profile?.edit}
        user-id=${profile?.userId ?? nothing}
        .section=${profile?.section}
        ?open=${!!profile}
        @open-tags=${(event: CustomEvent<{ userId: string }>) => this.openOver('tags', event.detail.userId)}
        @edit-start=${() => this.tellProfile({ edit: { errors: {}, busy: false } })}
        @edit-cancel=${() => this.tellProfile({ edit: undefined })}
        @user-save=${this.onUserSave}
        @status-request=${(event: CustomEvent<ProfilePanelEvents['status-request']>) => this.changeStatus([event.detail.userId], event.detail.status)}
        @row-action=${this.onRowAction}
        @user-loaded=${(event: CustomEvent<UserRow>) => page.updateRow(event.detail)}
        @dialog-close=${() => this.closeDialog('profile')}
      >
        ${this.renderNotice('profile')}
      </um-profile-panel>
      <um-tag-manager
        exportparts="dialog"
        .user=${rowOf('tags')}
        .tags=${reference.tags}
        .refusal=${tags?.refusal}
        ?open=${!!tags}
        @tag-add=${this.onTagAdd}
        @tag-remove=${this.onTagRemove}
        @dialog-close=${() => this.closeDialog('tags')}
      >
        ${this.renderNotice('tags')}
      </um-tag-manager>
      <um-reset-password-dialog
        exportparts="dialog"
        .user=${rowOf('reset')}
        ?open=${!!reset}
        ?busy=${reset?.busy ?? false}
        error=${reset?.error ?? ''}
        .result=${reset?.result}
        @reset-password=${this.onResetPassword}
        @dialog-close=${() => this.closeDialog('reset')}
      >
        ${this.renderNotice('reset')}
      </um-reset-password-dialog>
      <um-delete-dialog
        exportparts="dialog"
        .user=${rowOf('delete')}
        ?open=${!!remove}
        ?busy=${remove?.busy ?? false}
        error=${remove?.error ?? ''}
        @delete-user=${this.onDeleteUser}
        @ban-user=${this.onBanInstead}
        @dialog-close=${() => this.closeDialog('delete')}
      >
        ${this.renderNotice('delete')}
      </um-delete-dialog>
      <um-ban-dialog
        exportparts="dialog"
        who=${ban?.who ?? ''}
        .count=${ban?.count ?? 0}
        .already=${ban?.already ?? 0}
        ?open=${!!ban}
        @ban-confirm=${this.onBanConfirm}
        @dialog-close=${() => this.closeDialog('ban')}
      >
        ${this.renderNotice('ban')}
      </um-ban-dialog>
      <um-import-dialog
        exportparts="dialog"
        .api=${this.api}
        ?open=${dialog?.kind === 'import'}
        @dialog-close=${() => this.closeDialog('import')}
        @import-finished=${this.onImportFinished}
      >
        ${this.renderNotice('import')}
      </um-import-dialog>
      <um-tag-admin
        exportparts="dialog"
        .tags=${reference.tags}
        .refusal=${dialog?.kind === 'tag-admin' ? dialog.refusal : undefined}
        ?open=${dialog?.kind === 'tag-admin'}
        @tag-update=${this.onTagUpdate}
        @tag-delete=${this.onTagDelete}
        @dialog-close=${() => this.closeDialog('tag-admin')}
      >
        ${this.renderNotice('tag-admin')}
      </um-tag-admin>
      <um-bulk-delete-dialog
        exportparts="dialog"
        .count=${dialog?.kind === 'bulk-delete' ? dialog.count : 0}
        ?estimated=${dialog?.kind === 'bulk-delete' && dialog.estimated}
        ?open=${dialog?.kind === 'bulk-delete'}
        @bulk-delete-confirm=${this.onBulkDeleteConfirm}
        @bulk-ban-instead=${() => this.changeStatus(dialog?.kind === 'bulk-delete' ? dialog.userIds : [], 'BANNED', true)}
        @dialog-close=${() => this.closeDialog('bulk-delete')}
      >
        ${this.renderNotice('bulk-delete')}
      </um-bulk-delete-dialog>
      <um-add-user-dialog
        exportparts="dialog"
        .fields=${reference.profileFields}
        .tags=${reference.tags}
        .errors=${adding?.errors ?? NO_ERRORS}
        ?busy=${adding?.busy ?? false}
        ?open=${!!adding}
        @user-create=${this.onUserCreate}
        @dialog-close=${() => this.closeDialog('add-user')}
      >
        ${this.renderNotice('add-user')}
      </um-add-user-dialog>`;
  }

  /** The selected users' actions; once a whole page is picked, the offer to pick every user that matches. */
  private renderBulkBar() {
    const { page, reference } = this;
    const matching = this.matchingCount();
    const wholePage = page.rows.length > 0 && page.rows.every((row) => page.selection.has(row.id));
    const offer = wholePage && matching && matching.count > page.selection.size ? matching.count : 0;
    return html`<um-bulk-bar
      part="bulk-bar"
      .count=${page.allMatching ? (matching?.count ?? 0) : page.selection.size}
      ?matching=${page.allMatching}
      .offer=${offer}
      ?estimated=${matching?.estimated ?? false}
      .tags=${reference.tags}
      @bulk-status=${(event: CustomEvent<BulkBarEvents['bulk-status']>) => this.changeStatus([...page.selection], event.detail.status, true)}
      @bulk-tags=${this.onBulkTags}
      ?can-delete=${permissionsOf(reference.role).administer}
      @bulk-delete=${this.onBulkDelete}
      @select-matching=${() => page.selectAllMatching()}
      @clear-selection=${() => page.clearSelection()}
    ></um-bulk-bar>`;
  }

  /** How many users the filters (and status tab) match, as the tabs count them, and how many of those are banned. */
  private matchingCount(): { count: number; banned: number; estimated: boolean } | undefined {
    const { counts, filters } = this.page;
    if (!counts) return undefined;
    return {
      count: counts[filters.status === 'ALL' ? 'all' : filters.status === 'ACTIVE' ? 'active' : 'banned'],
      banned: filters.status === 'ACTIVE' ? 0 : counts.banned,
      estimated: counts.estimated,
    };
  }

  private renderTabs() {
    const { filters, counts } = this.page;
    const l = this.l;
    return html`<div role="tablist" aria-label=${l.t('app.statusTabs')} part="tabs" @keydown=${this.onTabKeydown}>
      ${STATUS_TABS.map(({ status, count }) => {
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
          ${l.t(`app.tab.${status}`)}
          <span class="tab-count">${counts ? l.count(counts[count], counts.estimated) : '…'}</span>
        </button>`;
      })}
    </div>`;
  }

  private renderLoadError() {
    const error = this.page.error;
    return html`<div class="load-error" role="alert">
      <p>${this.l.t('app.loadError', { message: error?.message ?? '' })}</p>
      <button class="button" type="button" @click=${() => this.reloadAll()}>${this.l.t('common.tryAgain')}</button>
    </div>`;
  }

  private renderEmpty() {
    const { filters } = this.page;
    const l = this.l;
    if (this.page.state === 'error') return html`<p class="muted">${l.t('app.noUsersToShow')}</p>`;
    const problem = dateRangeProblem(filters);
    if (problem) {
      return html`<p>${l.t('app.datesCannotMatch', { problem: l.t(problem) })}</p>
        <button class="button" type="button" @click=${() => this.page.setFilters({ ...filters, signedUpFrom: '', signedUpTo: '' })}>
          ${l.t('app.clearDates')}
        </button>`;
    }
    if (!hasFilters(filters) && filters.status === 'ALL') return html`<p>${l.t('app.noUsersYet')}</p>`;
    return html`<p>${l.t('app.noMatches')}</p>
      <button class="button" type="button" @click=${() => this.page.setFilters(EMPTY_FILTERS)}>${l.t('app.showAll')}</button>`;
  }

  /** A page change: once the new page is shown, focus and scroll go to its top. */
  private turnPage(turn: () => void) {
    turn();
    this.focusNewPage = true;
  }

  /** "Skip to pages": from the search to the pager in one step. */
  private skipToPages(event: Event) {
    event.preventDefault();
    this.renderRoot.querySelector<HTMLButtonElement>('.pager button:not([disabled])')?.focus();
  }

  private renderPager() {
    const { pages, rows, hasNextPage, firstLoad } = this.page;
    if (firstLoad) return nothing;
    const { from, to } = rowRange(pages, this.effectivePageSize, rows.length);
    const matching = this.matchingCount();
    const total = matching?.count;
    const l = this.l;
    const shown = { from, to, page: pageNumber(pages) };
    // An empty page says nothing here: the table says why it is empty.
    const range =
      rows.length === 0
        ? ''
        : total === undefined
          ? l.t('app.range', shown)
          : l.t(matching?.estimated ? 'app.rangeOfAbout' : 'app.rangeOf', { ...shown, total });
    return html`<nav class="pager" part="pager" id="pages" aria-label=${l.t('app.pages')}>
      <span class="range muted">${range}</span>
      <button class="button" type="button" ?disabled=${!hasPreviousPage(pages)} @click=${() => this.turnPage(() => this.page.goToPreviousPage())}>
        ${l.t('app.previousPage')}
      </button>
      <button class="button" type="button" ?disabled=${!hasNextPage} @click=${() => this.turnPage(() => this.page.goToNextPage())}>
        ${l.t('app.nextPage')}
      </button>
    </nav>`;
  }

  /**
   * The notices sit at the top of the element and stay in view while the
   * page scrolls (sticky), whatever the admin acted on; while a dialog is
   * open they show at the top of it instead (the page behind a modal dialog
   * is inert: unseen by screen readers, out of reach of the mouse). Both
   * live regions stay in place so screen readers announce what appears in them.
   */
  private renderNotice(place: OpenDialog['kind'] | 'element' = 'element') {
    const shown = place === (this.dialog?.kind ?? 'element');
    if (place !== 'element' && !shown) return nothing;
    const notice = shown ? this.mutations.notice : undefined;
    const body = (kind: 'success' | 'error') =>
      notice?.kind === kind
        ? html`<div class="notice ${kind === 'error' ? 'error' : ''}">
            <p>${notice.message}</p>
            ${notice.action ? html`<button class="button" type="button" @click=${() => this.act(notice.action!.run)}>${notice.action.label}</button>` : nothing}
            <button class="button quiet" type="button" @click=${() => this.mutations.dismissNotice()}>${this.l.t('app.dismiss')}</button>
          </div>`
        : nothing;
    return html`<div class="notices" slot=${place === 'element' ? nothing : 'notice'}>
      <div class="live" role="status" part="notice">${body('success')}</div>
      <div class="live" role="alert" part="notice">${body('error')}</div>
    </div>`;
  }

  private act(run: () => void) {
    this.mutations.dismissNotice();
    run();
  }

  /**
   * A page that failed because the server could not be reached (or had a
   * passing problem) is read again by itself, after 5 s, then 10 s, up to a
   * minute; once it loads, its error goes.
   */
  private retryWhenUnreachable() {
    const error = this.page.state === 'error' ? this.page.error : undefined;
    const passing = error && (error.code === 'NETWORK' || error.code === 'INTERNAL_SERVER_ERROR' || error.code.startsWith('HTTP_5'));
    if (!passing) {
      if (this.page.state === 'ready') this.retryDelay = RETRY_FIRST_MS;
      return;
    }
    if (this.retryTimer !== undefined) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MAX_MS);
      this.reloadAll();
    }, this.retryDelay);
  }

  private reloadAll() {
    this.page.reload();
    this.reference.reload();
    this.views.reload();
  }

  /** Opens a dialog about a user, over the profile panel when that is open. */
  private openOver(kind: 'tags' | 'reset' | 'delete', userId: string) {
    const current = this.dialog;
    const over = current?.kind === 'profile' ? current : current && 'over' in current ? current.over : undefined;
    this.dialog = { kind, userId, ...(over ? { over } : {}) };
  }

  /** A dialog closed itself: the one beneath it (the profile panel) is what is open now. */
  private closeDialog(kind: OpenDialog['kind']) {
    const current = this.dialog;
    if (!current) return;
    if (current.kind === kind) this.dialog = 'over' in current ? current.over : undefined;
    else if (kind === 'profile' && 'over' in current && current.over) this.dialog = undefined;
  }

  /** Updates what the open dialog shows, if it is still the one that asked. */
  private tellDialog<Kind extends 'tags' | 'reset' | 'delete'>(kind: Kind, userId: string, patch: Partial<Extract<OpenDialog, { kind: Kind }>>) {
    const current = this.dialog;
    if (current?.kind === kind && current.userId === userId) this.dialog = { ...current, ...patch };
  }

  /** Updates the profile panel's state, if it is what is open (not under another dialog). */
  private tellProfile(patch: Partial<ProfileDialog>) {
    const current = this.dialog;
    if (current?.kind === 'profile') this.dialog = { ...current, ...patch };
  }

  private onTagUpdate = async (event: CustomEvent<TagAdminEvents['tag-update']>) => {
    const { tagId, ...change } = event.detail;
    const tag = this.reference.tags.find((known) => known.id === tagId);
    if (!tag) return;
    const outcome = await this.mutations.updateTag(tag, change);
    if (!outcome.ok && this.dialog?.kind === 'tag-admin') {
      const label = this.l.t(outcome.field === 'input.color' ? 'app.theColour' : 'app.theName');
      this.dialog = { kind: 'tag-admin', refusal: { tagId, message: fieldInWords(outcome.message, outcome.field, label) } };
    }
  };

  private onTagDelete = async (event: CustomEvent<TagAdminEvents['tag-delete']>) => {
    const tag = this.reference.tags.find((known) => known.id === event.detail.tagId);
    if (!tag) return;
    const outcome = await this.mutations.deleteTag(tag);
    if (!outcome.ok && this.dialog?.kind === 'tag-admin') this.dialog = { kind: 'tag-admin', refusal: { tagId: tag.id, message: outcome.message } };
  };

  /** "Delete selected…": the selected users, or every user the filter matches, after the dialog. */
  private onBulkDelete = () => {
    const matching = this.page.allMatching ? this.matchingCount() : undefined;
    const userIds = [...this.page.selection];
    this.dialog = matching
      ? { kind: 'bulk-delete', userIds: [], count: matching.count, byFilter: true, estimated: matching.estimated }
      : { kind: 'bulk-delete', userIds, count: userIds.length, byFilter: false, estimated: false };
  };

  private onBulkDeleteConfirm = () => {
    const dialog = this.dialog;
    if (dialog?.kind !== 'bulk-delete') return;
    this.dialog = undefined;
    const confirmAgain = (count: number) => (this.dialog = { ...dialog, count, estimated: false });
    if (dialog.byFilter) void this.mutations.byFilter({ action: 'DELETE', filter: toUserFilter(this.page.filters), confirmAgain }, dialog.count);
    else void this.mutations.deleteUsers(dialog.userIds);
  };

  /** "Add user": the dialog closes once the user exists; a refusal lands on the field it names. */
  private onUserCreate = async (event: CustomEvent<UserFormEvents['user-create']>) => {
    if (this.dialog?.kind !== 'add-user') return;
    this.dialog = { kind: 'add-user', busy: true };
    const outcome = await this.mutations.createUser(event.detail.input);
    if (this.dialog?.kind !== 'add-user') return;
    this.dialog = outcome.ok
      ? undefined
      : { kind: 'add-user', busy: false, errors: serverError(this.reference.profileFields, outcome.field, outcome.message, this.l) };
  };

  /** An edit in the profile panel: saved, the panel shows the user again; refused, the form shows why. */
  private onUserSave = async (event: CustomEvent<ProfilePanelEvents['user-save']>) => {
    const { userId, input } = event.detail;
    const editing = () => (this.dialog?.kind === 'profile' && this.dialog.userId === userId ? this.dialog : undefined);
    if (!editing()) return;
    this.tellProfile({ edit: { errors: {}, busy: true } });
    const outcome = await this.mutations.updateUser(userId, input);
    if (!editing()) return;
    this.tellProfile({
      edit: outcome.ok ? undefined : { errors: serverError(this.reference.profileFields, outcome.field, outcome.message, this.l), busy: false },
    });
  };

  /** A ban goes through the ban dialog (reason, how long, what happens); an unban happens at once. */
  private changeStatus(userIds: string[], status: 'ACTIVE' | 'BANNED', fromSelection = false) {
    const matching = fromSelection && this.page.allMatching ? this.matchingCount() : undefined;
    const filter = toUserFilter(this.page.filters);
    if (status === 'ACTIVE') {
      if (matching) void this.mutations.byFilter({ action: 'UNBAN', filter }, matching.count);
      else void this.mutations.setStatus(userIds, status);
      return;
    }
    const current = this.dialog;
    const over = current?.kind === 'profile' ? current : current && 'over' in current ? current.over : undefined;
    if (matching) {
      // Users banned already keep the ban they have: the dialog names only the others.
      const toBan = matching.count - matching.banned;
      if (toBan <= 0) return this.mutations.say('success', this.l.t('app.allBannedAlready'));
      const who = this.l.t(matching.estimated ? 'users.about' : 'users.count', { count: toBan });
      this.dialog = { kind: 'ban', userIds: [], who, count: matching.count, already: matching.banned, byFilter: true };
      return;
    }
    const shown = new Set(this.page.rows.map((row) => row.id));
    const targets = this.page.rows.filter((row) => userIds.includes(row.id) && row.status !== 'BANNED');
    const elsewhere = userIds.filter((id) => !shown.has(id));
    const ids = [...targets.map((row) => row.id), ...elsewhere];
    if (ids.length === 0) return;
    const who = elsewhere.length === 0 ? describeUsers(targets, this.l) : this.l.t('users.count', { count: ids.length });
    this.dialog = { kind: 'ban', userIds: ids, who, count: ids.length, ...(over ? { over } : {}) };
  }

  /** A confirmed ban shows at once (the dialog closes) and its notice says how it went, with Undo. */
  private onBanConfirm(event: CustomEvent<BanDialogEvents['ban-confirm']>) {
    const dialog = this.dialog;
    if (dialog?.kind !== 'ban') return;
    this.dialog = dialog.over;
    const { reason, bannedUntil } = event.detail;
    if (dialog.byFilter) void this.mutations.byFilter({ action: 'BAN', filter: toUserFilter(this.page.filters), reason, bannedUntil }, dialog.count);
    else void this.mutations.setStatus(dialog.userIds, 'BANNED', reason, bannedUntil);
  }

  private selectTab(status: StatusTab) {
    if (this.page.filters.status !== status) this.page.setFilters({ ...this.page.filters, status });
  }

  /** Arrow keys, Home and End move between the tabs (and select them), as in every tab list. */
  private onTabKeydown(event: KeyboardEvent) {
    const index = STATUS_TABS.findIndex(({ status }) => status === this.page.filters.status);
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: STATUS_TABS.length - 1 };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const status = STATUS_TABS[(next + STATUS_TABS.length) % STATUS_TABS.length]!.status;
    this.selectTab(status);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${status}`)?.focus());
  }

  private onFiltersChange(event: CustomEvent<FilterState>) {
    this.page.setFilters(event.detail);
  }

  private onApiError(event: CustomEvent<ApiErrorDetail>) {
    this.report(event.detail.operation, event.detail.error);
  }

  private onRowAction(event: CustomEvent<UserTableEvents['row-action']>) {
    this.openOver(event.detail.action === 'reset-password' ? 'reset' : 'delete', event.detail.userId);
  }

  private onTagAdd(event: CustomEvent<TagManagerEvents['tag-add']>) {
    const { userId, name } = event.detail;
    const refuse = (message: string) => this.tellDialog('tags', userId, { refusal: { name, message } });
    this.tagWork = this.tagWork.then(async () => {
      const tag = await this.mutations.tagNamed(name);
      if (!tag) refuse(this.mutations.notice?.message ?? this.l.t('app.tagCreateFailed', { name }));
      else if (!(await this.mutations.addTags([userId], [tag]))) refuse(this.mutations.notice?.message ?? this.l.t('app.tagAddFailed'));
    });
  }

  private async onTagRemove(event: CustomEvent<TagManagerEvents['tag-remove']>) {
    const { userId, tagId } = event.detail;
    const tag = this.page.rows.find((row) => row.id === userId)?.tags.find((candidate) => candidate.id === tagId);
    if (!tag) return;
    if (!(await this.mutations.removeTags([userId], [tag]))) {
      this.tellDialog('tags', userId, { refusal: { message: this.mutations.notice?.message ?? this.l.t('app.tagRemoveFailed') } });
    }
  }

  private async onResetPassword(event: CustomEvent<ResetPasswordDialogEvents['reset-password']>) {
    const { userId, delivery } = event.detail;
    const user = this.page.rows.find((row) => row.id === userId);
    if (!user) return;
    this.tellDialog('reset', userId, { busy: true, error: '' });
    const outcome = await this.mutations.sendPasswordReset(user, delivery);
    this.tellDialog('reset', userId, outcome.ok ? { busy: false, result: outcome.value } : { busy: false, error: outcome.message });
  }

  private async onDeleteUser(event: CustomEvent<DeleteDialogEvents['delete-user']>) {
    const user = this.page.rows.find((row) => row.id === event.detail.userId);
    if (!user) return;
    this.tellDialog('delete', user.id, { busy: true, error: '' });
    // Once deleted, the row is gone and the dialog closes with it.
    const outcome = await this.mutations.deleteUser(user);
    // Deleted, the user's dialogs all close, the profile panel beneath too.
    if (outcome.ok) this.dialog = undefined;
    else this.tellDialog('delete', user.id, { busy: false, error: outcome.message });
  }

  /** "Ban instead" swaps the delete dialog for the ban dialog. */
  private onBanInstead(event: CustomEvent<DeleteDialogEvents['ban-user']>) {
    this.changeStatus([event.detail.userId], 'BANNED');
  }

  /** Downloads the CSV of everyone the current filters (and status tab) show. */
  private exportUsers = async () => {
    const api = this.api;
    if (!api) return;
    const filter = toUserFilter(this.page.filters);
    const filename = datedFilename('users');
    this.exporting = true;
    try {
      const response = await api.fetchRoute(`csv/export${filter ? `?filter=${encodeURIComponent(JSON.stringify(filter))}` : ''}`);
      await saveDownload(response, filename);
      this.mutations.say('success', this.l.t(filter ? 'app.exportedFiltered' : 'app.exported', { file: filename }));
    } catch (error) {
      this.mutations.say('error', this.l.t('app.exportFailed', { message: this.report('exportUsers', error).message }));
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
      const l = this.l;
      this.mutations.say(
        'success',
        `${l.t('app.imported', { count: job.created, updated: job.updated })}${job.failed ? l.t('app.importedFailed', { count: job.failed }) : ''}`,
      );
      this.reloadAll();
    }
  }

  private onBulkTags(event: CustomEvent<BulkBarEvents['bulk-tags']>) {
    const tag = this.reference.tags.find((candidate) => candidate.id === event.detail.tagId);
    if (!tag) return;
    const matching = this.page.allMatching ? this.matchingCount() : undefined;
    if (matching) {
      const action = event.detail.how === 'add' ? 'ADD_TAGS' : 'REMOVE_TAGS';
      void this.mutations.byFilter({ action, filter: toUserFilter(this.page.filters), tags: [tag] }, matching.count);
      return;
    }
    const ids = [...this.page.selection];
    if (event.detail.how === 'add') void this.mutations.addTags(ids, [tag]);
    else void this.mutations.removeTags(ids, [tag]);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'user-manager': UserManager;
  }
}
