import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { LocalizerConsumer } from '../../i18n/localized';
import { containsComposed, deepActiveElement, tabbableElements } from '../focus';

/**
 * A modal dialog a component renders in its own shadow root (so its content
 * is inside the dialog for the accessibility tree and for tests alike):
 * native `<dialog>` opened with showModal (the page behind is inert), Tab
 * and Shift+Tab kept inside, Escape or Close closes it, focus goes to the
 * `[autofocus]` control (else Close) and back where it was on close. When
 * it closes, the host fires `dialog-close` (bubbling, not composed) for the
 * element that opened it.
 */
export class DialogController implements ReactiveController {
  private returnFocusTo: HTMLElement | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    /** Called when the dialog closed itself (Escape, Close, backdrop, or `close()`), before `dialog-close` fires. */
    private readonly onClosed: () => void = () => undefined,
  ) {
    host.addController(this);
    this.words = new LocalizerConsumer(host);
  }

  /** The element's words, for the close button. */
  private readonly words: LocalizerConsumer;

  private get dialog(): HTMLDialogElement | null {
    return this.host.shadowRoot?.querySelector('dialog') ?? null;
  }

  hostDisconnected(): void {
    this.returnFocusTo = undefined;
  }

  /** Opens or closes the native dialog to match `open`; call from the host's `updated()`. */
  sync(open: boolean): void {
    const dialog = this.dialog;
    if (!dialog) return;
    if (open && !dialog.open) {
      const active = deepActiveElement();
      this.returnFocusTo = active instanceof HTMLElement ? active : undefined;
      dialog.showModal();
      this.focusInitial();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }

  close(): void {
    if (this.dialog?.open) this.dialog.close();
  }

  focusInitial(): void {
    const dialog = this.dialog;
    if (!dialog) return;
    const tabbable = tabbableElements(dialog);
    (tabbable.find((element) => element.hasAttribute('autofocus')) ?? tabbable[0])?.focus();
  }

  /**
   * The dialog frame with its title (its accessible name), Close button, body
   * and footer. Its `notice` slot takes the element's notices while the
   * dialog is open: the page behind a modal dialog is inert, so they show,
   * are announced and can be acted on (Undo) inside it.
   */
  render(options: { label: string; body: unknown; footer?: unknown; kind?: 'dialog' | 'alertdialog'; placement?: 'center' | 'end' }): TemplateResult {
    const kind = options.kind ?? 'dialog';
    return html`<dialog
      part="dialog"
      class=${options.placement ?? 'center'}
      role=${kind === 'alertdialog' ? 'alertdialog' : nothing}
      aria-labelledby="dialog-title"
      @close=${this.onClose}
      @keydown=${this.onKeydown}
      @click=${(event: MouseEvent) => this.onClick(event, kind)}
    >
      <div class="frame">
        <header>
          <h2 id="dialog-title">${options.label}</h2>
          <button class="button quiet close" type="button" aria-label=${this.words.current.t('common.close')} @click=${() => this.close()}>×</button>
        </header>
        <div class="body"><slot name="notice"></slot>${options.body}</div>
        ${options.footer ? html`<footer>${options.footer}</footer>` : nothing}
      </div>
    </dialog>`;
  }

  private onClose = () => {
    const target = this.returnFocusTo;
    this.returnFocusTo = undefined;
    this.onClosed();
    this.host.dispatchEvent(new Event('dialog-close', { bubbles: true }));
    // The close event comes a task after the dialog closed (later still on a busy machine), and the browser may have
    // given focus back already: only focus left nowhere, or still in the dialog, goes back, never a control since chosen.
    const active = deepActiveElement();
    const lost = !active || active === document.body || (!!this.dialog && containsComposed(this.dialog, active));
    if (lost && target?.isConnected) target.focus();
  };

  private onKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'Tab' || !this.dialog) return;
    const tabbable = tabbableElements(this.dialog);
    if (tabbable.length === 0) return;
    const index = tabbable.indexOf(deepActiveElement() as HTMLElement);
    const last = tabbable.length - 1;
    const next = event.shiftKey ? (index <= 0 ? last : index - 1) : index < 0 || index === last ? 0 : index + 1;
    event.preventDefault();
    tabbable[next]!.focus();
  };

  /** A click on the backdrop closes a plain dialog; a confirmation must be answered. */
  private onClick(event: MouseEvent, kind: 'dialog' | 'alertdialog') {
    const dialog = this.dialog;
    if (!dialog || event.target !== dialog || kind === 'alertdialog') return;
    const box = dialog.getBoundingClientRect();
    const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
    if (!inside) this.close();
  }
}
