import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { sharedStyles } from '../../styles/shared.styles';
import { rowMenuStyles } from './row-menu.styles';

export interface MenuItem {
  action: string;
  label: string;
  danger?: boolean;
}

/** What the menu tells its owner. */
export interface RowMenuEvents {
  'menu-select': { action: string };
  /** The menu wants to close: Escape or Tab (focus goes back to its button) or a click elsewhere. */
  'menu-close': { returnFocus: boolean };
}

const WIDTH = 180;
/** About one item's height, to tell whether the menu fits below its button. */
const ITEM_HEIGHT = 36;

/**
 * A row's menu of actions, opened under its button (the menu button
 * pattern): focus moves to the first item, arrow keys, Home and End move
 * between items, Enter chooses, Escape and Tab close it, and so does a click
 * anywhere else. The owner opens and closes it with `open`.
 *
 * @fires menu-select - detail { action }; not composed.
 * @fires menu-close - detail { returnFocus }; not composed.
 * @csspart menu - The menu.
 */
@customElement('um-row-menu')
export class UmRowMenu extends LitElement {
  static override styles = [sharedStyles, rowMenuStyles];

  @property({ attribute: false }) accessor items: readonly MenuItem[] = [];
  /** The menu's accessible name, such as "Actions for Ada Lovelace". */
  @property() accessor label = '';
  /** The button that opened it: the menu opens under it, and a click on it is the owner's to handle. */
  @property({ attribute: false }) accessor anchor: HTMLElement | undefined;
  @property({ type: Boolean }) accessor open = false;
  @state() private accessor position: { top: number; left: number } | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.onOutsidePointer, true);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('open') || changed.has('anchor')) && this.open && this.anchor) {
      // Under its button, its end aligned with the button's end (the right, or the left right to left), always inside the viewport;
      // above the button when there is no room below.
      const box = this.anchor.getBoundingClientRect();
      const rtl = getComputedStyle(this.anchor).direction === 'rtl';
      const height = this.items.length * ITEM_HEIGHT + 10;
      const below = box.bottom + 4;
      const top = below + height > window.innerHeight - 8 && box.top - height - 4 >= 8 ? box.top - height - 4 : below;
      const left = rtl ? box.left : box.right - WIDTH;
      this.position = { top, left: Math.max(8, Math.min(left, window.innerWidth - WIDTH - 8)) };
    }
  }

  override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open') && !changed.has('anchor')) return;
    if (this.open) {
      document.addEventListener('pointerdown', this.onOutsidePointer, true);
      this.menuItems()[0]?.focus();
    } else {
      document.removeEventListener('pointerdown', this.onOutsidePointer, true);
    }
  }

  override render() {
    if (!this.open || !this.position) return nothing;
    return html`<div
      role="menu"
      part="menu"
      aria-label=${this.label}
      style="top:${this.position.top}px;left:${this.position.left}px"
      @keydown=${this.onKeydown}
    >
      ${this.items.map(
        ({ action, label, danger }) =>
          html`<button role="menuitem" tabindex="-1" class=${danger ? 'danger' : ''} type="button" @click=${() => this.send('menu-select', { action })}>
            ${label}
          </button>`,
      )}
    </div>`;
  }

  private menuItems(): HTMLElement[] {
    return Array.from(this.renderRoot.querySelectorAll<HTMLElement>('[role="menuitem"]'));
  }

  private onKeydown(event: KeyboardEvent) {
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
        this.send('menu-close', { returnFocus: true });
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  private onOutsidePointer = (event: PointerEvent) => {
    const path = event.composedPath();
    if (path.includes(this) || (this.anchor && path.includes(this.anchor))) return;
    this.send('menu-close', { returnFocus: false });
  };

  private send<Name extends keyof RowMenuEvents>(name: Name, detail: RowMenuEvents[Name]) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'um-row-menu': UmRowMenu;
  }
}
