import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { controlStyles } from '../styles/theme';
import { deepActiveElement, tabbableElements } from './focus';

/**
 * A modal dialog: native `<dialog>` opened with showModal (the page behind is
 * inert), Tab and Shift+Tab kept inside, Escape or Close closes it, focus
 * goes to the first `[autofocus]` (or first) control and back on close.
 *
 * @slot - The body.
 * @slot footer - The dialog's buttons.
 * @csspart dialog - The dialog box.
 * @fires dialog-close - When the dialog closed itself (Escape, Close, backdrop); not composed.
 */
@customElement('um-dialog')
export class UmDialog extends LitElement {
  static override styles = [
    controlStyles,
    css`
      dialog {
        padding: 0;
        border: 1px solid var(--um-color-border);
        border-radius: calc(var(--um-radius) * 1.5);
        background: var(--um-color-bg);
        color: var(--um-color-text);
        box-shadow: var(--um-shadow);
        width: min(560px, calc(100vw - 32px));
        max-height: calc(100vh - 32px);
      }
      dialog::backdrop {
        background: var(--um-color-backdrop);
      }
      :host([placement='end']) dialog {
        margin: 0 0 0 auto;
        height: 100vh;
        max-height: 100vh;
        border-radius: 0;
        width: min(600px, 100vw);
      }
      .frame {
        display: flex;
        flex-direction: column;
        max-height: inherit;
        height: 100%;
      }
      header {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: var(--um-space);
        padding: calc(var(--um-space) * 1.5) calc(var(--um-space) * 2);
        border-bottom: 1px solid var(--um-color-border);
      }
      h2 {
        margin: 0;
        font-size: 1.15em;
      }
      .body {
        padding: calc(var(--um-space) * 2);
        overflow: auto;
        flex: 1;
      }
      footer {
        display: flex;
        justify-content: flex-end;
        flex-wrap: wrap;
        gap: var(--um-space);
        padding: calc(var(--um-space) * 1.5) calc(var(--um-space) * 2);
        border-top: 1px solid var(--um-color-border);
      }
      footer[hidden] {
        display: none;
      }
      .close {
        font-size: 1.3em;
        line-height: 1;
        padding: 2px 8px;
      }
    `,
  ];

  /** The dialog's title and accessible name. */
  @property() accessor label = '';
  @property({ type: Boolean, reflect: true }) accessor open = false;
  /** `alertdialog` for confirmations of what cannot be undone. */
  @property() accessor kind: 'dialog' | 'alertdialog' = 'dialog';
  /** `end` makes a side panel. */
  @property({ reflect: true }) accessor placement: 'center' | 'end' = 'center';

  @query('dialog') private accessor dialog!: HTMLDialogElement;
  private returnFocusTo: HTMLElement | undefined;
  private hasFooter = false;

  override render() {
    return html`<dialog
      part="dialog"
      role=${this.kind === 'alertdialog' ? 'alertdialog' : nothing}
      aria-modal="true"
      aria-labelledby="title"
      @close=${this.onClose}
      @keydown=${this.onKeydown}
      @click=${this.onClick}
    >
      <div class="frame">
        <header>
          <h2 id="title">${this.label}</h2>
          <button class="button quiet close" type="button" aria-label="Close" @click=${() => this.close()}>×</button>
        </header>
        <div class="body"><slot></slot></div>
        <footer ?hidden=${!this.hasFooter}><slot name="footer" @slotchange=${this.onFooterChange}></slot></footer>
      </div>
    </dialog>`;
  }

  override updated(changed: Map<string, unknown>): void {
    if (!changed.has('open')) return;
    if (this.open && !this.dialog.open) {
      const active = deepActiveElement();
      this.returnFocusTo = active instanceof HTMLElement ? active : undefined;
      this.dialog.showModal();
      this.focusInitial();
    } else if (!this.open && this.dialog.open) {
      this.dialog.close();
    }
  }

  close(): void {
    if (this.dialog?.open) this.dialog.close();
  }

  /** Moves focus to the `[autofocus]` control, else the first control of the body, else Close. */
  focusInitial(): void {
    const tabbable = tabbableElements(this.dialog);
    const target = tabbable.find((element) => element.hasAttribute('autofocus')) ?? tabbable[1] ?? tabbable[0];
    target?.focus();
  }

  private onFooterChange(event: Event) {
    this.hasFooter = (event.target as HTMLSlotElement).assignedElements().length > 0;
    this.requestUpdate();
  }

  private onClose() {
    if (!this.open) return;
    this.open = false;
    this.dispatchEvent(new Event('dialog-close', { bubbles: true }));
    const target = this.returnFocusTo;
    this.returnFocusTo = undefined;
    if (target?.isConnected) target.focus();
  }

  private onKeydown(event: KeyboardEvent) {
    if (event.key !== 'Tab') return;
    const tabbable = tabbableElements(this.dialog);
    if (tabbable.length === 0) return;
    const active = deepActiveElement();
    const index = tabbable.indexOf(active as HTMLElement);
    const next = event.shiftKey ? (index <= 0 ? tabbable.length - 1 : index - 1) : index === tabbable.length - 1 || index < 0 ? 0 : index + 1;
    event.preventDefault();
    tabbable[next]!.focus();
  }

  /** A click on the backdrop (outside the box) closes a plain dialog; a confirmation must be answered. */
  private onClick(event: MouseEvent) {
    if (event.target !== this.dialog || this.kind === 'alertdialog') return;
    const box = this.dialog.getBoundingClientRect();
    const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
    if (!inside) this.close();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'um-dialog': UmDialog;
  }
}
