import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * A disclosure button and the panel it opens (the tag filter, the column
 * chooser): open or closed, closed by Escape (focus back on the button) and
 * by a press anywhere outside it. `anchor` and `button` find the wrapper of
 * both and the button in the host's shadow root.
 */
export class DisclosureController implements ReactiveController {
  open = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly anchor: string,
    private readonly button: string,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    document.removeEventListener('pointerdown', this.onOutsidePointer, true);
  }

  toggle(open = !this.open): void {
    this.open = open;
    if (open) document.addEventListener('pointerdown', this.onOutsidePointer, true);
    else document.removeEventListener('pointerdown', this.onOutsidePointer, true);
    this.host.requestUpdate();
  }

  /** The wrapper's keydown: Escape closes the panel and returns to the button. */
  readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || !this.open) return;
    event.stopPropagation();
    this.toggle(false);
    this.host.shadowRoot?.querySelector<HTMLElement>(this.button)?.focus();
  };

  private readonly onOutsidePointer = (event: PointerEvent) => {
    const anchor = this.host.shadowRoot?.querySelector(this.anchor);
    if (anchor && !event.composedPath().includes(anchor)) this.toggle(false);
  };
}
