import { LitElement, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { ENGLISH } from './english';
import type { Localizer, MessageKey } from './localizer';

/**
 * How a part asks the `<user-manager>` around it for its words: the event
 * crosses shadow roots up to the element, which calls `receive` now and
 * again on every change of locale or messages, until `unsubscribe`.
 */
export interface LocalizerRequest {
  receive(localizer: Localizer): void;
  unsubscribe?: () => void;
}
export const LOCALIZER_REQUEST = 'um-localizer-request';

/** Gives a part the element's Localizer and renders it again when that changes. */
export class LocalizerConsumer implements ReactiveController {
  current: Localizer = ENGLISH;
  private request: LocalizerRequest | undefined;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    const request: LocalizerRequest = {
      receive: (localizer) => {
        if (localizer === this.current) return;
        this.current = localizer;
        this.host.requestUpdate();
      },
    };
    this.request = request;
    this.host.dispatchEvent(new CustomEvent<LocalizerRequest>(LOCALIZER_REQUEST, { detail: request, bubbles: true, composed: true }));
  }

  hostDisconnected(): void {
    this.request?.unsubscribe?.();
    this.request = undefined;
  }
}

/** A part of the element: a LitElement that speaks the element's locale through `this.t` and `this.l`. */
export class LocalizedElement extends LitElement {
  private readonly localizer = new LocalizerConsumer(this);

  /** The locale's words and formats (dates, numbers). */
  protected get l(): Localizer {
    return this.localizer.current;
  }

  /** The message of `key` in the element's locale, its placeholders filled. */
  protected readonly t = ((key: MessageKey, params?: Record<string, string | number>) =>
    (this.localizer.current as unknown as { t(key: MessageKey, params?: object): string }).t(key, params)) as Localizer['t'];
}
