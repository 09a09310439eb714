import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { html as staticHtml, unsafeStatic, type StaticValue } from 'lit/static-html.js';
import type { UserOrder, UserOrderField, UserStatus } from '../../api/generated';
import { displayName, type UserRow } from '../../state/users';
import { DEFAULT_ORDER } from '../../state/user-filters';
import { sharedStyles } from '../../styles/shared.styles';
import { userTableStyles } from './user-table.styles';
import { availableColumns, resolveColumns, type Column } from '../../state/columns';
import { formatProfileValue } from '../../state/profile-values';
import '../row-menu/row-menu.component';
import type { RowMenuEvents } from '../row-menu/row-menu.component';
import { ENGLISH } from '../../i18n/english';
import { LocalizedElement } from '../../i18n/localized';
import type { MessageKey } from '../../i18n/localizer';

export type RowAction = 'reset-password' | 'delete';

/** Every cell of the grid that takes focus. */
const CELL = '[role="gridcell"], [role="rowheader"], [role="columnheader"]';
/**
 * Users show as cards on a phone (under 640 px), and on a tablet (under
 * 1,024 px) when the chosen columns do not fit side by side; a desktop
 * scrolls a wide table sideways instead.
 */
export const cardsAt = (width: number, least: number): boolean => width < 640 || (width < 1024 && width < least);

/** Markup of the table's own, inlined into a row's one template (see renderRow); never data. */
const markup = new Map<string, StaticValue>();
function m(text: string): StaticValue {
  let value = markup.get(text);
  if (!value) markup.set(text, (value = unsafeStatic(text)));
  return value;
}

/** The template strings for a row of `values` pieces: all empty, the pieces carry the markup (one array per length, so Lit's cache holds). */
const blanks = new Map<number, TemplateStringsArray>();
function blankStrings(values: number): TemplateStringsArray {
  let strings = blanks.get(values);
  if (!strings) {
    const array = Array.from({ length: values + 1 }, () => '');
    strings = Object.assign(array, { raw: array });
    blanks.set(values, strings);
  }
  return strings;
}

/** How far Page Up and Page Down move. */
const PAGE_ROWS = 10;

/** What the table asks its owner to do; the owner changes data and passes new rows back. */
export interface UserTableEvents {
  'sort-change': { field: UserOrderField };
  'selection-change': { userIds: string[] };
  'status-request': { userId: string; status: UserStatus };
  'open-profile': { userId: string; section?: 'activity' };
  'open-tags': { userId: string };
  'row-action': { userId: string; action: RowAction };
}

const DEFAULT_TABLE_COLUMNS = resolveColumns(undefined, availableColumns([], ENGLISH));
/** The select box's and the row menu's tracks around the chosen columns. */
const EDGE_TRACKS = { start: '40px', end: '56px' };

const ROW_ACTIONS: Array<{ action: RowAction; label: MessageKey; danger?: boolean }> = [
  { action: 'reset-password', label: 'table.resetPassword' },
  { action: 'delete', label: 'table.deleteUser', danger: true },
];

/**
 * The users of one page: a select box, the chosen columns (see
 * state/columns: name opens the profile, status is a dropdown, tag count
 * opens the tag manager, tags shows their names, last access opens the
 * activity, profile fields show their values) and a row menu. The headers
 * of the indexed orders sort; the others say they do not. It is one Tab
 * stop with the ARIA grid pattern's keys (see onGridKeydown). Rows render
 * from plain data with one delegated listener and lay out on their own (a
 * CSS grid per row), so a page of 500 stays quick.
 *
 * @slot empty - What the table shows when it has no rows.
 * @csspart table - The table (role table).
 * @csspart row - Each user's row.
 * @csspart menu - The row menu.
 */
@customElement('um-user-table')
export class UmUserTable extends LocalizedElement {
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

  /** Each user as a card (see cardsAt), as the table's width and columns say. */
  @state() private accessor cards = false;
  private width = Number.POSITIVE_INFINITY;

  /** The cell in the Tab order (roving tabindex: the grid is one Tab stop). */
  private activeCell: HTMLElement | undefined;
  /** Focus has been in the grid: its cell stays the Tab stop (until its row goes). */
  private cellChosen = false;

  /** The row whose menu is open, and its button. */
  @state() private accessor menu: { userId: string; button: HTMLElement } | undefined;

  /** Words every row repeats, looked up once a render. */
  private words = { active: '', banned: '', never: '' };

  override render() {
    this.words = { active: this.t('status.ACTIVE'), banned: this.t('status.BANNED'), never: this.t('table.never') };
    const allSelected = this.rows.length > 0 && this.rows.every((row) => this.selection.has(row.id));
    const someSelected = !allSelected && this.rows.some((row) => this.selection.has(row.id));
    return html`<div class="scroll ${this.cards ? 'cards' : ''}">
        ${this.busy ? html`<div class="loading-bar" aria-hidden="true"></div>` : nothing}
        <div
          role="grid"
          part="table"
          aria-busy=${this.busy ? 'true' : 'false'}
          aria-label=${this.t('table.label')}
          style=${this.gridStyle()}
          @keydown=${this.onGridKeydown}
          @focusin=${this.onGridFocusin}
        >
          <div role="rowgroup" class="head">
            <div role="row">
              <div role="columnheader" tabindex="-1" class="check">
                ${
                  this.moderate
                    ? html`<input
                        type="checkbox"
                        tabindex="-1"
                        aria-label=${this.t('table.selectAll')}
                        .checked=${live(allSelected)}
                        .indeterminate=${someSelected}
                        ?disabled=${this.rows.length === 0}
                        @change=${this.onSelectAll}
                      />`
                    : nothing
                }
              </div>
              ${this.columns.map((column) => this.header(column))}
              <div role="columnheader" tabindex="-1"><span class="visually-hidden">${this.t('table.actions')}</span></div>
            </div>
          </div>
          <div role="rowgroup" class="rows" @click=${this.onBodyClick} @change=${this.onBodyChange}>${this.renderBody()}</div>
        </div>
      </div>
      ${this.renderMenu()}`;
  }

  private renderBody() {
    if (this.rows.length === 0) {
      return html`<div role="row" class="message">
        <div role="gridcell" tabindex="-1">
          ${this.firstLoad ? html`<span class="muted">${this.t('table.loading')}</span>` : html`<slot name="empty"></slot>`}
        </div>
      </div>`;
    }
    return repeat(
      this.rows,
      (row) => row.id,
      (row) => this.renderRow(row),
    );
  }

  /**
   * One row as one template instance, whatever the columns: the row's
   * markup is put together from the cells' static pieces (our own markup,
   * never data: every value stays a binding) and Lit caches the template of
   * each shape. A template per cell cost a clone and a walk each, which
   * made a page of 500 twice as slow to render.
   */
  private renderRow(row: UserRow) {
    const name = displayName(row);
    const { t } = this;
    const selected = this.selection.has(row.id);
    const pieces: unknown[] = [
      m('<div role="row" part="row" class="'),
      selected ? 'selected' : '',
      m('" data-id="'),
      row.id,
      m('"><div role="gridcell" tabindex="-1" class="check">'),
    ];
    if (this.moderate)
      pieces.push(
        m('<input type="checkbox" tabindex="-1" data-action="select" aria-label="'),
        t('table.select', { name }),
        m('" .checked='),
        live(selected),
        m(' />'),
      );
    pieces.push(m('</div>'));
    for (const column of this.columns) this.cellPieces(pieces, column, row, name);
    pieces.push(m('<div role="gridcell" tabindex="-1" class="actions">'));
    if (this.actions.length > 0) {
      pieces.push(
        m('<button class="button quiet menu-button" type="button" tabindex="-1" data-action="menu" aria-haspopup="menu" aria-expanded="'),
        this.menu?.userId === row.id ? 'true' : 'false',
        m('" aria-label="'),
        t('table.actionsFor', { name }),
        m('">⋮</button>'),
      );
    }
    pieces.push(m('</div></div>'));
    return staticHtml(blankStrings(pieces.length), ...pieces);
  }

  /** The grid tracks of the chosen columns. */
  private tracks(): string[] {
    return [EDGE_TRACKS.start, ...this.columns.map((column) => column.width), EDGE_TRACKS.end];
  }

  /** The width the chosen columns need side by side (their least tracks and padding). */
  private leastWidth(): number {
    return this.tracks().reduce((sum, track) => sum + Number(/(\d+)px/.exec(track)?.[1] ?? 0), 0) + 16 * this.columns.length;
  }

  private gridStyle(): string {
    return `--um-columns: ${this.tracks().join(' ')}; --um-table-min-width: ${this.leastWidth()}px`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizes.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizes.disconnect();
  }

  override willUpdate(): void {
    this.cards = cardsAt(this.width, this.leastWidth());
  }

  private readonly resizes = new ResizeObserver(([entry]) => {
    this.width = entry?.contentRect.width ?? this.width;
    const cards = cardsAt(this.width, this.leastWidth());
    if (cards !== this.cards) this.cards = cards;
  });

  private header(column: Column) {
    if (column.sort) return this.sortHeader(column.sort, column.label);
    return html`<div role="columnheader" tabindex="-1" title=${this.t('table.notSortable', { column: column.label })}>
      <span class="clip">${column.label}</span><span class="visually-hidden">${this.t('table.notSortableHidden')}</span>
    </div>`;
  }

  /** A cell's pieces for renderRow: static markup (m) and bound values, by column. */
  private cellPieces(pieces: unknown[], column: Column, row: UserRow, name: string): void {
    const banned = row.status === 'BANNED' ? 'banned' : '';
    const { t, words } = this;
    const labelled = () => [m('<div role="gridcell" tabindex="-1" data-label="'), column.label, m('">')];
    switch (column.id) {
      case 'name':
        pieces.push(
          m('<div role="rowheader" tabindex="-1"><button class="link clip '),
          row.name ? '' : 'no-name',
          m('" type="button" tabindex="-1" data-action="profile" title="'),
          name,
          m('">'),
          name,
          m('</button></div>'),
        );
        return;
      case 'email':
        pieces.push(m('<div role="gridcell" tabindex="-1" class="email" title="'), row.email, m('">'), row.email, m('</div>'));
        return;
      case 'status':
        pieces.push(...labelled());
        if (this.moderate) {
          pieces.push(
            m('<select class="field status '),
            banned,
            m('" tabindex="-1" data-action="status" aria-label="'),
            t('table.statusFor', { name }),
            m('" .value='),
            live(row.status),
            m('><option value="ACTIVE">'),
            words.active,
            m('</option><option value="BANNED">'),
            words.banned,
            m('</option></select>'),
          );
        } else {
          pieces.push(m('<span class="status-text '), banned, m('">'), row.status === 'BANNED' ? words.banned : words.active, m('</span>'));
        }
        pieces.push(m('</div>'));
        return;
      case 'tag-count':
        pieces.push(...labelled());
        if (this.moderate)
          pieces.push(
            m('<button class="button tags" type="button" tabindex="-1" data-action="tags" aria-label="'),
            t('table.tagsFor', { name, count: row.tagCount }),
            m('">'),
            this.l.count(row.tagCount),
            m('</button>'),
          );
        else pieces.push(m('<span aria-label="'), t('table.tagsFor', { name, count: row.tagCount }), m('">'), this.l.count(row.tagCount), m('</span>'));
        pieces.push(m('</div>'));
        return;
      case 'tags':
        if (row.tags.length === 0) {
          pieces.push(...labelled(), m('<span class="muted">—</span></div>'));
          return;
        }
        pieces.push(
          m('<div role="gridcell" tabindex="-1" class="chips" data-label="'),
          column.label,
          m('" title="'),
          this.l.list(
            row.tags.map((tag) => tag.name),
            'unit',
          ),
          m('">'),
          row.tags.map((tag) => html`<span class="chip"><span class="swatch" style="background:${tag.color}"></span>${tag.name}</span>`),
          m('</div>'),
        );
        return;
      case 'signed-up':
        pieces.push(...labelled(), m('<time datetime="'), row.signedUpAt, m('">'), this.l.day(row.signedUpAt), m('</time></div>'));
        return;
      case 'last-access':
        pieces.push(...labelled());
        if (row.lastAccessAt) {
          const at = this.l.dateTime(row.lastAccessAt);
          pieces.push(
            m('<button class="link subtle" type="button" tabindex="-1" data-action="activity" aria-label="'),
            t('table.lastAccessOf', { name, at }),
            m('"><time datetime="'),
            row.lastAccessAt,
            m('">'),
            at,
            m('</time></button>'),
          );
        } else {
          pieces.push(m('<span class="muted">'), words.never, m('</span>'));
        }
        pieces.push(m('</div>'));
        return;
      default: {
        const text = formatProfileValue(column.field, row.profile[column.id], this.l);
        if (text === '—') pieces.push(...labelled(), m('<span class="muted">—</span></div>'));
        else pieces.push(m('<div role="gridcell" tabindex="-1" class="value" data-label="'), column.label, m('" title="'), text, m('">'), text, m('</div>'));
      }
    }
  }

  private sortHeader(field: UserOrderField, label: string) {
    const active = this.order.field === field;
    const direction = active ? (this.order.direction === 'ASC' ? 'ascending' : 'descending') : 'none';
    return html`<div role="columnheader" tabindex="-1" aria-sort=${direction}>
      <button class="sort" type="button" tabindex="-1" @click=${() => this.send('sort-change', { field })}>
        ${label}<span class="arrow" aria-hidden="true">${active ? (this.order.direction === 'ASC' ? '▲' : '▼') : '↕'}</span>
      </button>
    </div>`;
  }

  private renderMenu() {
    const menu = this.menu;
    const row = menu && this.rows.find((candidate) => candidate.id === menu.userId);
    return html`<um-row-menu
      exportparts="menu"
      .items=${ROW_ACTIONS.filter(({ action }) => this.actions.includes(action)).map((item) => ({ ...item, label: this.t(item.label as 'table.resetPassword') }))}
      label=${row ? this.t('table.actionsFor', { name: displayName(row) }) : ''}
      .anchor=${menu?.button}
      ?open=${!!row}
      @menu-select=${(event: CustomEvent<RowMenuEvents['menu-select']>) => this.chooseAction(event.detail.action as RowAction)}
      @menu-close=${(event: CustomEvent<RowMenuEvents['menu-close']>) => this.closeMenu(event.detail.returnFocus)}
    ></um-row-menu>`;
  }

  /** Focuses the cell of a row's menu button (after its menu closed). */
  private focusMenuButton(userId: string): void {
    const cell = this.rowControl(userId, 'menu')?.closest<HTMLElement>(CELL);
    if (cell) this.focusCell(cell);
  }

  /** The first user's name, scrolled to the top of the table: where a new page starts. */
  focusFirstRow(): void {
    const first = this.renderRoot.querySelector<HTMLElement>('.rows [role="row"][data-id] [role="rowheader"]');
    if (!first) return;
    this.focusCell(first);
    this.renderRoot.querySelector('.scroll')?.scrollIntoView({ block: 'start' });
  }

  override updated(): void {
    // One cell of the grid is in the Tab order: the last one focused while it is still shown, else the first user's name.
    const grid = this.renderRoot.querySelector('[role="grid"]');
    if (!grid) return;
    if (!this.cellChosen || !this.activeCell?.isConnected || !grid.contains(this.activeCell)) {
      this.activeCell = grid.querySelector<HTMLElement>('.rows [role="row"] > [role="rowheader"]') ?? grid.querySelector<HTMLElement>(CELL) ?? undefined;
    }
    for (const cell of grid.querySelectorAll<HTMLElement>('[tabindex="0"]')) if (cell !== this.activeCell) cell.tabIndex = -1;
    if (this.activeCell) this.activeCell.tabIndex = 0;
  }

  private rowsOfGrid(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('[role="grid"] [role="row"]')];
  }

  private focusCell(cell: HTMLElement): void {
    this.cellChosen = true;
    if (this.activeCell && this.activeCell !== cell) this.activeCell.tabIndex = -1;
    this.activeCell = cell;
    cell.tabIndex = 0;
    cell.focus();
  }

  /** A cell, or a control in one, got focus (by a click, or back from a dialog): its cell is the one in the Tab order now. */
  private onGridFocusin(event: FocusEvent) {
    const cell = (event.target as HTMLElement).closest<HTMLElement>(CELL);
    if (!cell) return;
    this.cellChosen = true;
    if (cell === this.activeCell) return;
    if (this.activeCell) this.activeCell.tabIndex = -1;
    this.activeCell = cell;
    cell.tabIndex = 0;
  }

  /**
   * The grid's keys (the ARIA grid pattern): arrows move between cells
   * (mirrored right to left), Home and End to the row's ends, Ctrl+Home and
   * Ctrl+End to the grid's corners, Page Up and Page Down ten rows; Enter,
   * F2 or Space acts on the cell's control (a list such as the status takes
   * focus, to change with its own arrows), and Escape gives focus back to
   * the cell.
   */
  private onGridKeydown(event: KeyboardEvent) {
    const target = event.target as HTMLElement;
    const cell = target.closest<HTMLElement>(CELL);
    if (!cell || event.altKey || event.metaKey) return;
    const inControl = target !== cell;
    if (inControl) {
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        this.focusCell(cell);
        return;
      }
      // A list keeps its own keys; from a button or a box, the grid's keys still move.
      if (target.tagName === 'SELECT' || event.key === 'Enter' || event.key === ' ') return;
    } else if (event.key === 'Enter' || event.key === 'F2' || event.key === ' ') {
      event.preventDefault();
      this.act(cell);
      return;
    }
    const rows = this.rowsOfGrid();
    const rowIndex = rows.findIndex((row) => row.contains(cell));
    const cells = (row: HTMLElement) => [...row.children].filter((child): child is HTMLElement => child.matches(CELL));
    const column = cells(rows[rowIndex]!).indexOf(cell);
    const rtl = getComputedStyle(this).direction === 'rtl';
    const at = (row: number, col: number) => {
      const target = rows[Math.max(0, Math.min(rows.length - 1, row))]!;
      const line = cells(target);
      return line[Math.max(0, Math.min(line.length - 1, col))];
    };
    let next: HTMLElement | undefined;
    switch (event.key) {
      case 'ArrowRight':
        next = at(rowIndex, column + (rtl ? -1 : 1));
        break;
      case 'ArrowLeft':
        next = at(rowIndex, column + (rtl ? 1 : -1));
        break;
      case 'ArrowDown':
        next = at(rowIndex + 1, column);
        break;
      case 'ArrowUp':
        next = at(rowIndex - 1, column);
        break;
      case 'PageDown':
        next = at(rowIndex + PAGE_ROWS, column);
        break;
      case 'PageUp':
        next = at(rowIndex - PAGE_ROWS, column);
        break;
      case 'Home':
        next = event.ctrlKey ? at(0, 0) : at(rowIndex, 0);
        break;
      case 'End':
        next = event.ctrlKey ? at(rows.length - 1, Number.MAX_SAFE_INTEGER) : at(rowIndex, Number.MAX_SAFE_INTEGER);
        break;
      default:
        return;
    }
    event.preventDefault();
    if (next) {
      this.focusCell(next);
      next.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  }

  /** What Enter does on a cell: its button or box is pressed, its list takes focus. */
  private act(cell: HTMLElement) {
    const control = cell.querySelector<HTMLElement>('button, input, select');
    if (!control) return;
    if (control.tagName === 'SELECT') control.focus();
    else control.click();
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
