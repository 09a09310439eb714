import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import type { UserOrder, UserOrderField, UserStatus } from '../../api/generated';
import { displayName, type UserRow } from '../../state/users';
import { DEFAULT_ORDER } from '../../state/user-filters';
import { sharedStyles } from '../../styles/shared.styles';
import { userTableStyles } from './user-table.styles';
import { formatDateTime, formatDay } from '../../state/format';
import { availableColumns, resolveColumns, type Column } from '../../state/columns';
import { formatProfileValue } from '../../state/profile-values';
import '../row-menu/row-menu.component';
import type { MenuItem, RowMenuEvents } from '../row-menu/row-menu.component';

export type RowAction = 'reset-password' | 'delete';

/** What the table asks its owner to do; the owner changes data and passes new rows back. */
export interface UserTableEvents {
  'sort-change': { field: UserOrderField };
  'selection-change': { userIds: string[] };
  'status-request': { userId: string; status: UserStatus };
  'open-profile': { userId: string; section?: 'activity' };
  'open-tags': { userId: string };
  'row-action': { userId: string; action: RowAction };
}

const DEFAULT_TABLE_COLUMNS = resolveColumns(undefined, availableColumns([]));
/** The select box's and the row menu's tracks around the chosen columns. */
const EDGE_TRACKS = { start: '40px', end: '56px' };

const ROW_ACTIONS: Array<MenuItem & { action: RowAction }> = [
  { action: 'reset-password', label: 'Reset password' },
  { action: 'delete', label: 'Delete user', danger: true },
];

/**
 * The users of one page: a select box, the chosen columns (see
 * state/columns: name opens the profile, status is a dropdown, tag count
 * opens the tag manager, tags shows their names, last access opens the
 * activity, profile fields show their values) and a row menu. The headers
 * of the indexed orders sort; the others say they do not. Rows render from
 * plain data with one delegated listener and lay out on their own (ARIA
 * table roles on a grid per row), so a page of 500 stays quick.
 *
 * @slot empty - What the table shows when it has no rows.
 * @csspart table - The table (role table).
 * @csspart row - Each user's row.
 * @csspart menu - The row menu.
 */
@customElement('um-user-table')
export class UmUserTable extends LitElement {
  static override styles = [sharedStyles, userTableStyles];

  @property({ attribute: false }) accessor rows: UserRow[] = [];
  @property({ attribute: false }) accessor selection: ReadonlySet<string> = new Set();
  @property({ attribute: false }) accessor order: UserOrder = DEFAULT_ORDER;
  /** The columns, in order (the name column among them). */
  @property({ attribute: false }) accessor columns: readonly Column[] = DEFAULT_TABLE_COLUMNS;
  /** A page is loading (rows are kept, dimmed). */
  @property({ type: Boolean }) accessor busy = false;
  /** Nothing has arrived yet: shows a loading row instead of "empty". */
  @property({ type: Boolean, attribute: 'first-load' }) accessor firstLoad = false;
  /** The caller may ban, unban and tag: the status control, the tag manager and selection are shown. */
  @property({ type: Boolean }) accessor moderate = false;
  /** Which row actions to offer (those the caller's role may use). */
  @property({ attribute: false }) accessor actions: readonly RowAction[] = ['reset-password', 'delete'];

  /** The row whose menu is open, and its button. */
  @state() private accessor menu: { userId: string; button: HTMLElement } | undefined;

  override render() {
    const allSelected = this.rows.length > 0 && this.rows.every((row) => this.selection.has(row.id));
    const someSelected = !allSelected && this.rows.some((row) => this.selection.has(row.id));
    return html`<div class="scroll">
        ${this.busy ? html`<div class="loading-bar" aria-hidden="true"></div>` : nothing}
        <div role="table" part="table" aria-busy=${this.busy ? 'true' : 'false'} aria-label="Users" style=${this.gridStyle()}>
          <div role="rowgroup" class="head">
            <div role="row">
              <div role="columnheader" class="check">
                ${
                  this.moderate
                    ? html`<input
                        type="checkbox"
                        aria-label="Select all users on this page"
                        .checked=${live(allSelected)}
                        .indeterminate=${someSelected}
                        ?disabled=${this.rows.length === 0}
                        @change=${this.onSelectAll}
                      />`
                    : nothing
                }
              </div>
              ${this.columns.map((column) => this.header(column))}
              <div role="columnheader"><span class="visually-hidden">Actions</span></div>
            </div>
          </div>
          <div role="rowgroup" class="rows" @click=${this.onBodyClick} @change=${this.onBodyChange} @keydown=${this.onBodyKeydown}>${this.renderBody()}</div>
        </div>
      </div>
      ${this.renderMenu()}`;
  }

  private renderBody() {
    if (this.rows.length === 0) {
      return html`<div role="row" class="message">
        <div role="cell">${this.firstLoad ? html`<span class="muted">Loading users…</span>` : html`<slot name="empty"></slot>`}</div>
      </div>`;
    }
    return repeat(
      this.rows,
      (row) => row.id,
      (row) => {
        const name = displayName(row);
        const selected = this.selection.has(row.id);
        return html`<div role="row" part="row" class=${selected ? 'selected' : ''} data-id=${row.id}>
          <div role="cell" class="check">
            ${this.moderate ? html`<input type="checkbox" data-action="select" aria-label="Select ${name}" .checked=${live(selected)} />` : nothing}
          </div>
          ${this.columns.map((column) => this.cell(column, row, name))}
          <div role="cell" class="actions">
            ${
              this.actions.length > 0
                ? html`<button
                    class="button quiet menu-button"
                    type="button"
                    data-action="menu"
                    aria-haspopup="menu"
                    aria-expanded=${this.menu?.userId === row.id ? 'true' : 'false'}
                    aria-label="Actions for ${name}"
                  >
                    ⋮
                  </button>`
                : nothing
            }
          </div>
        </div>`;
      },
    );
  }

  /** The grid tracks (and the width below which the table scrolls) of the chosen columns. */
  private gridStyle(): string {
    const tracks = [EDGE_TRACKS.start, ...this.columns.map((column) => column.width), EDGE_TRACKS.end];
    const least = tracks.reduce((sum, track) => sum + Number(/(\d+)px/.exec(track)?.[1] ?? 0), 0);
    return `--um-columns: ${tracks.join(' ')}; min-width: ${least + 16 * this.columns.length}px`;
  }

  private header(column: Column) {
    if (column.sort) return this.sortHeader(column.sort, column.label);
    return html`<div role="columnheader" title="${column.label}: not sortable">
      <span class="clip">${column.label}</span><span class="visually-hidden"> (not sortable)</span>
    </div>`;
  }

  private cell(column: Column, row: UserRow, name: string) {
    switch (column.id) {
      case 'name':
        return html`<div role="rowheader">
          <button class="link clip ${row.name ? '' : 'no-name'}" type="button" data-action="profile" title=${name}>${name}</button>
        </div>`;
      case 'email':
        return html`<div role="cell" class="email" title=${row.email}>${row.email}</div>`;
      case 'status':
        return html`<div role="cell">
          ${
            this.moderate
              ? html`<select
                  class="field status ${row.status === 'BANNED' ? 'banned' : ''}"
                  data-action="status"
                  aria-label="Status for ${name}"
                  .value=${live(row.status)}
                >
                  <option value="ACTIVE">Active</option>
                  <option value="BANNED">Banned</option>
                </select>`
              : html`<span class="status-text ${row.status === 'BANNED' ? 'banned' : ''}">${row.status === 'BANNED' ? 'Banned' : 'Active'}</span>`
          }
        </div>`;
      case 'tag-count':
        return html`<div role="cell">
          ${
            this.moderate
              ? html`<button class="button tags" type="button" data-action="tags" aria-label="Tags for ${name}: ${row.tagCount}">${row.tagCount}</button>`
              : html`<span aria-label="Tags of ${name}: ${row.tagCount}">${row.tagCount}</span>`
          }
        </div>`;
      case 'tags': {
        const names = row.tags.map((tag) => tag.name).join(', ');
        return row.tags.length === 0
          ? html`<div role="cell"><span class="muted">—</span></div>`
          : html`<div role="cell" class="chips" title=${names}>
              ${row.tags.map((tag) => html`<span class="chip"><span class="swatch" style="background:${tag.color}"></span>${tag.name}</span>`)}
            </div>`;
      }
      case 'signed-up':
        return html`<div role="cell"><time datetime=${row.signedUpAt}>${formatDay(row.signedUpAt)}</time></div>`;
      case 'last-access':
        return html`<div role="cell">
          ${
            row.lastAccessAt
              ? html`<button class="link subtle" type="button" data-action="activity" aria-label="Last access of ${name}: ${formatDateTime(row.lastAccessAt)}">
                  <time datetime=${row.lastAccessAt}>${formatDateTime(row.lastAccessAt)}</time>
                </button>`
              : html`<span class="muted">Never</span>`
          }
        </div>`;
      default: {
        const text = formatProfileValue(column.field, row.profile[column.id]);
        return text === '—' ? html`<div role="cell"><span class="muted">—</span></div>` : html`<div role="cell" class="value" title=${text}>${text}</div>`;
      }
    }
  }

  private sortHeader(field: UserOrderField, label: string) {
    const active = this.order.field === field;
    const direction = active ? (this.order.direction === 'ASC' ? 'ascending' : 'descending') : 'none';
    return html`<div role="columnheader" aria-sort=${direction}>
      <button class="sort" type="button" @click=${() => this.send('sort-change', { field })}>
        ${label}<span class="arrow" aria-hidden="true">${active ? (this.order.direction === 'ASC' ? '▲' : '▼') : '↕'}</span>
      </button>
    </div>`;
  }

  private renderMenu() {
    const menu = this.menu;
    const row = menu && this.rows.find((candidate) => candidate.id === menu.userId);
    return html`<um-row-menu
      exportparts="menu"
      .items=${ROW_ACTIONS.filter(({ action }) => this.actions.includes(action))}
      label=${row ? `Actions for ${displayName(row)}` : ''}
      .anchor=${menu?.button}
      ?open=${!!row}
      @menu-select=${(event: CustomEvent<RowMenuEvents['menu-select']>) => this.chooseAction(event.detail.action as RowAction)}
      @menu-close=${(event: CustomEvent<RowMenuEvents['menu-close']>) => this.closeMenu(event.detail.returnFocus)}
    ></um-row-menu>`;
  }

  /** Focuses the menu button of a row (after its menu closed). */
  private focusMenuButton(userId: string): void {
    this.rowControl(userId, 'menu')?.focus();
  }

  private rowControl(userId: string, action: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`[role="row"][data-id="${CSS.escape(userId)}"] [data-action="${action}"]`);
  }

  private send<Name extends keyof UserTableEvents>(name: Name, detail: UserTableEvents[Name]) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true }));
  }

  private target(event: Event): { userId: string; action: string; element: HTMLElement } | undefined {
    const element = (event.target as HTMLElement).closest<HTMLElement>('[data-action]');
    const userId = element?.closest<HTMLElement>('[role="row"][data-id]')?.dataset.id;
    if (!element || !userId) return undefined;
    return { userId, action: element.dataset.action!, element };
  }

  private onBodyClick(event: MouseEvent) {
    const target = this.target(event);
    if (!target) return;
    switch (target.action) {
      case 'profile':
        this.send('open-profile', { userId: target.userId });
        break;
      case 'activity':
        this.send('open-profile', { userId: target.userId, section: 'activity' });
        break;
      case 'tags':
        this.send('open-tags', { userId: target.userId });
        break;
      case 'menu':
        if (this.menu?.userId === target.userId) this.closeMenu(false);
        else this.menu = { userId: target.userId, button: target.element };
        break;
    }
  }

  private onBodyChange(event: Event) {
    const target = this.target(event);
    if (!target) return;
    if (target.action === 'select') {
      const checked = (target.element as HTMLInputElement).checked;
      const ids = new Set(this.selection);
      if (checked) ids.add(target.userId);
      else ids.delete(target.userId);
      this.send('selection-change', { userIds: this.rows.filter((row) => ids.has(row.id)).map((row) => row.id) });
    } else if (target.action === 'status') {
      const select = target.element as HTMLSelectElement;
      this.send('status-request', { userId: target.userId, status: select.value as UserStatus });
      // The select shows the status the user has: a ban asked for here is only a request (its dialog may be cancelled).
      select.value = this.rows.find((row) => row.id === target.userId)?.status ?? select.value;
    }
  }

  private onBodyKeydown(event: KeyboardEvent) {
    const target = this.target(event);
    if (target?.action === 'menu' && event.key === 'ArrowDown') {
      event.preventDefault();
      this.menu = { userId: target.userId, button: target.element };
    }
  }

  private onSelectAll(event: Event) {
    const checked = (event.target as HTMLInputElement).checked;
    this.send('selection-change', { userIds: checked ? this.rows.map((row) => row.id) : [] });
  }

  private closeMenu(returnFocus: boolean) {
    const userId = this.menu?.userId;
    this.menu = undefined;
    if (returnFocus && userId) void this.updateComplete.then(() => this.focusMenuButton(userId));
  }

  private async chooseAction(action: RowAction) {
    const userId = this.menu?.userId;
    if (!userId) return;
    this.closeMenu(true);
    await this.updateComplete;
    this.send('row-action', { userId, action });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'um-user-table': UmUserTable;
  }
}
