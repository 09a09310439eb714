import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import type { UserOrder, UserOrderField, UserStatus } from '../api/generated';
import { displayName, type UserRow } from '../state/user-list';
import { DEFAULT_ORDER } from '../state/user-filters';
import { controlStyles } from '../styles/theme';
import { formatDateTime, formatDay } from './format';

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

const SORTABLE: Array<{ field: UserOrderField; label: string }> = [
  { field: 'NAME', label: 'Name' },
  { field: 'EMAIL', label: 'Email' },
];

const ROW_ACTIONS: Array<{ action: RowAction; label: string; danger?: boolean }> = [
  { action: 'reset-password', label: 'Reset password' },
  { action: 'delete', label: 'Delete user', danger: true },
];

/**
 * The users of one page: select box, name (opens the profile), email, status
 * dropdown, tag count (opens the tag manager), signup, last access (opens the
 * activity) and a row menu. Column headers sort. Rows render from plain data
 * with one delegated listener and lay out on their own (ARIA table roles on
 * a grid per row), so a page of 500 stays quick.
 *
 * @slot empty - What the table shows when it has no rows.
 * @csspart table - The table (role table).
 * @csspart row - Each user's row.
 * @csspart menu - The row menu.
 */
@customElement('um-user-table')
export class UmUserTable extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      .scroll {
        overflow-x: auto;
        border: 1px solid var(--um-color-border);
        border-radius: var(--um-radius);
      }
      [role='table'] {
        min-width: 980px;
        font-variant-numeric: tabular-nums;
      }
      .scroll {
        position: relative;
      }
      /* A page on its way: a thin moving bar over the header; rows keep full contrast. */
      .loading-bar {
        position: absolute;
        inset: 0 0 auto 0;
        height: 3px;
        z-index: 2;
        overflow: hidden;
      }
      .loading-bar::before {
        content: '';
        position: absolute;
        inset: 0;
        width: 30%;
        background: var(--um-color-accent);
        animation: um-loading 1s ease-in-out infinite;
      }
      @keyframes um-loading {
        from {
          transform: translateX(-100%);
        }
        to {
          transform: translateX(340%);
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .loading-bar::before {
          animation: none;
          width: 100%;
          opacity: 0.6;
        }
      }
      /* Every row lays out alone on the same column template, so rows off screen
         skip style and layout (content-visibility): a page of 500 stays quick. */
      [role='row'] {
        display: grid;
        grid-template-columns: 40px minmax(150px, 1.3fr) minmax(170px, 1.5fr) 112px 64px 116px 200px 56px;
        align-items: center;
        border-bottom: 1px solid var(--um-color-border);
      }
      .rows [role='row'] {
        content-visibility: auto;
        contain-intrinsic-size: auto 45px;
      }
      [role='columnheader'],
      [role='cell'],
      [role='rowheader'] {
        padding: calc(var(--um-space) * 0.75) var(--um-space);
        text-align: start;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
        min-width: 0;
      }
      .head {
        position: sticky;
        top: 0;
        z-index: 1;
        background: var(--um-color-surface);
        font-weight: 600;
        font-size: 0.9em;
      }
      .rows [role='row']:last-child {
        border-bottom: 0;
      }
      .rows [role='row']:hover {
        background: var(--um-color-surface);
      }
      .rows [role='row'].selected {
        background: var(--um-color-selected);
      }
      .check {
        width: 36px;
      }
      .sort {
        border: 0;
        background: none;
        padding: 0;
        font-weight: inherit;
        cursor: pointer;
        display: inline-flex;
        gap: 4px;
        align-items: center;
      }
      .arrow {
        color: var(--um-color-muted);
        font-size: 0.8em;
      }
      .email {
        color: var(--um-color-muted);
      }
      .status {
        max-width: 100%;
        min-height: 28px;
        padding: 2px 6px;
      }
      .status.banned {
        color: var(--um-color-danger);
        border-color: var(--um-color-danger);
      }
      .tags {
        min-width: 2.5em;
        justify-content: center;
        padding: 2px 8px;
      }
      .link.subtle {
        color: inherit;
        text-decoration-style: dotted;
        text-decoration-color: var(--um-color-muted);
      }
      .no-name {
        font-style: italic;
      }
      .message {
        display: block;
      }
      .message [role='cell'] {
        padding: calc(var(--um-space) * 4) var(--um-space);
        text-align: center;
        white-space: normal;
      }
      [role='cell'].actions {
        overflow: visible;
        padding-inline: 4px;
      }
      .menu-button {
        padding: 2px 8px;
        font-size: 1.1em;
        line-height: 1;
      }
      [role='menu'] {
        position: fixed;
        z-index: 10;
        min-width: 170px;
        padding: 4px;
        border: 1px solid var(--um-color-border);
        border-radius: var(--um-radius);
        background: var(--um-color-bg);
        box-shadow: var(--um-shadow);
      }
      [role='menuitem'] {
        display: block;
        width: 100%;
        padding: 6px 10px;
        border: 0;
        border-radius: calc(var(--um-radius) - 2px);
        background: none;
        text-align: start;
        cursor: pointer;
      }
      [role='menuitem']:hover,
      [role='menuitem']:focus {
        background: var(--um-color-selected);
      }
      [role='menuitem'].danger {
        color: var(--um-color-danger);
      }
    `,
  ];

  @property({ attribute: false }) accessor rows: UserRow[] = [];
  @property({ attribute: false }) accessor selection: ReadonlySet<string> = new Set();
  @property({ attribute: false }) accessor order: UserOrder = DEFAULT_ORDER;
  /** A page is loading (rows are kept, dimmed). */
  @property({ type: Boolean }) accessor busy = false;
  /** Nothing has arrived yet: shows a loading row instead of "empty". */
  @property({ type: Boolean, attribute: 'first-load' }) accessor firstLoad = false;
  /** Which row actions to offer (those the server supports). */
  @property({ attribute: false }) accessor actions: readonly RowAction[] = ['reset-password', 'delete'];

  @state() private accessor menu: { userId: string; top: number; left: number } | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.onOutsidePointer, true);
  }

  override render() {
    const allSelected = this.rows.length > 0 && this.rows.every((row) => this.selection.has(row.id));
    const someSelected = !allSelected && this.rows.some((row) => this.selection.has(row.id));
    return html`<div class="scroll">
        ${this.busy ? html`<div class="loading-bar" aria-hidden="true"></div>` : nothing}
        <div role="table" part="table" aria-busy=${this.busy ? 'true' : 'false'} aria-label="Users">
          <div role="rowgroup" class="head">
            <div role="row">
              <div role="columnheader" class="check">
                <input
                  type="checkbox"
                  aria-label="Select all users on this page"
                  .checked=${live(allSelected)}
                  .indeterminate=${someSelected}
                  ?disabled=${this.rows.length === 0}
                  @change=${this.onSelectAll}
                />
              </div>
              ${SORTABLE.map(({ field, label }) => this.sortHeader(field, label))}
              <div role="columnheader">Status</div>
              <div role="columnheader">Tags</div>
              ${this.sortHeader('SIGNED_UP_AT', 'Signed up')}${this.sortHeader('LAST_ACCESS_AT', 'Last access')}
              <div role="columnheader"><span class="visually-hidden">Actions</span></div>
            </div>
          </div>
          <div role="rowgroup" class="rows" @click=${this.onBodyClick} @change=${this.onBodyChange} @keydown=${this.onBodyKeydown}>
            ${this.renderBody()}
          </div>
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
          <div role="cell" class="check"><input type="checkbox" data-action="select" aria-label="Select ${name}" .checked=${live(selected)} /></div>
          <div role="rowheader">
            <button class="link ${row.name ? '' : 'no-name'}" type="button" data-action="profile">${row.name?.trim() || row.email}</button>
          </div>
          <div role="cell" class="email">${row.email}</div>
          <div role="cell">
            <select class="field status ${row.status === 'BANNED' ? 'banned' : ''}" data-action="status" aria-label="Status for ${name}" .value=${live(row.status)}>
              <option value="ACTIVE">Active</option>
              <option value="BANNED">Banned</option>
            </select>
          </div>
          <div role="cell">
            <button class="button tags" type="button" data-action="tags" aria-label="Tags for ${name}: ${row.tagCount}">${row.tagCount}</button>
          </div>
          <div role="cell"><time datetime=${row.signedUpAt}>${formatDay(row.signedUpAt)}</time></div>
          <div role="cell">
            ${row.lastAccessAt
              ? html`<button class="link subtle" type="button" data-action="activity" aria-label="Last access of ${name}: ${formatDateTime(row.lastAccessAt)}">
                  <time datetime=${row.lastAccessAt}>${formatDateTime(row.lastAccessAt)}</time>
                </button>`
              : html`<span class="muted">Never</span>`}
          </div>
          <div role="cell" class="actions">
            ${this.actions.length > 0
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
              : nothing}
          </div>
        </div>`;
      },
    );
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
    if (!menu || !row) return nothing;
    return html`<div
      role="menu"
      part="menu"
      aria-label="Actions for ${displayName(row)}"
      style="top:${menu.top}px;left:${menu.left}px"
      @keydown=${this.onMenuKeydown}
    >
      ${ROW_ACTIONS.filter(({ action }) => this.actions.includes(action)).map(
        ({ action, label, danger }) =>
          html`<button role="menuitem" tabindex="-1" class=${danger ? 'danger' : ''} type="button" @click=${() => this.chooseAction(action)}>${label}</button>`,
      )}
    </div>`;
  }

  /** Focuses a row control, e.g. after a dialog about that row closed. */
  focusRowControl(userId: string, action: 'menu' | 'tags' | 'profile'): void {
    this.rowControl(userId, action)?.focus();
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
        else this.openMenu(target.userId, target.element);
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
      this.send('status-request', { userId: target.userId, status: (target.element as HTMLSelectElement).value as UserStatus });
    }
  }

  private onBodyKeydown(event: KeyboardEvent) {
    const target = this.target(event);
    if (target?.action === 'menu' && event.key === 'ArrowDown') {
      event.preventDefault();
      this.openMenu(target.userId, target.element);
    }
  }

  private onSelectAll(event: Event) {
    const checked = (event.target as HTMLInputElement).checked;
    this.send('selection-change', { userIds: checked ? this.rows.map((row) => row.id) : [] });
  }

  /** Opens the row menu under its button and moves focus to the first item (the menu button pattern). */
  private async openMenu(userId: string, button: HTMLElement) {
    const box = button.getBoundingClientRect();
    const width = 180;
    this.menu = { userId, top: box.bottom + 4, left: Math.max(8, Math.min(box.right - width, window.innerWidth - width - 8)) };
    document.addEventListener('pointerdown', this.onOutsidePointer, true);
    await this.updateComplete;
    this.menuItems()[0]?.focus();
  }

  private closeMenu(returnFocus: boolean) {
    const userId = this.menu?.userId;
    this.menu = undefined;
    document.removeEventListener('pointerdown', this.onOutsidePointer, true);
    if (returnFocus && userId) this.updateComplete.then(() => this.focusRowControl(userId, 'menu'));
  }

  private menuItems(): HTMLElement[] {
    return Array.from(this.renderRoot.querySelectorAll<HTMLElement>('[role="menuitem"]'));
  }

  private async chooseAction(action: RowAction) {
    const userId = this.menu?.userId;
    if (!userId) return;
    this.closeMenu(true);
    await this.updateComplete;
    this.send('row-action', { userId, action });
  }

  private onMenuKeydown(event: KeyboardEvent) {
    const items = this.menuItems();
    const index = items.indexOf(this.renderRoot.querySelector(':focus') as HTMLElement);
    const focus = (next: number) => items[(next + items.length) % items.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        focus(index + 1);
        break;
      case 'ArrowUp':
        focus(index - 1);
        break;
      case 'Home':
        focus(0);
        break;
      case 'End':
        focus(items.length - 1);
        break;
      case 'Escape':
      case 'Tab':
        this.closeMenu(true);
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  private onOutsidePointer = (event: PointerEvent) => {
    const menu = this.renderRoot.querySelector('[role="menu"]');
    const path = event.composedPath();
    if (menu && path.includes(menu)) return;
    if (path.some((node) => node instanceof HTMLElement && node.dataset.action === 'menu')) return;
    this.closeMenu(false);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'um-user-table': UmUserTable;
  }
}
