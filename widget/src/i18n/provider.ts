import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { en } from './en';
import { catalogueFor, loadCatalogue, resolveLocale } from './locales';
import { ENGLISH } from './english';
import { LOCALIZER_REQUEST, type LocalizerRequest } from './localized';
import { Localizer, type Catalogue, type Messages } from './localizer';

interface LocaleHost extends ReactiveControllerHost, HTMLElement {
  /** The `locale` attribute. */
  readonly locale: string | undefined;
  /** The host's own words. */
  readonly messages: Messages | undefined;
}

/**
 * The element's locale: resolved from its `locale` attribute, the closest
 * `lang` and the browser; its catalogue loaded (the words on screen stay as
 * they are until it has arrived, then change all at once); and handed to
 * every part that asks (LocalizerConsumer). The page's own `lang` is watched,
 * so a host that switches language switches the element too.
 */
export class LocaleProvider implements ReactiveController {
  current: Localizer = ENGLISH;
  /** The locale came from the `locale` attribute: the element takes that locale's direction. */
  fromAttribute = false;
  private readonly subscribers = new Set<LocalizerRequest>();
  private shown: { locale: string; messages: Messages | undefined } | undefined;
  private pending = 0;
  private readonly langObserver = typeof MutationObserver === 'undefined' ? undefined : new MutationObserver(() => this.update());

  constructor(private readonly host: LocaleHost) {
    host.addController(this);
    host.addEventListener(LOCALIZER_REQUEST, this.onRequest as EventListener);
  }

  hostConnected(): void {
    this.langObserver?.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
    this.update();
  }

  hostDisconnected(): void {
    this.langObserver?.disconnect();
  }

  /** Shows the locale and messages the host has now (when they changed). */
  update(): void {
    const { locale, fromAttribute } = resolveLocale(this.host, this.host.locale);
    this.fromAttribute = fromAttribute;
    const messages = this.host.messages;
    if (this.shown?.locale === locale && this.shown.messages === messages) return;
    this.shown = { locale, messages };
    const ticket = ++this.pending;
    const catalogue = catalogueFor(locale);
    const apply = (words: Catalogue) => {
      // Only the last change counts, whichever catalogue arrives first.
      if (ticket !== this.pending) return;
      // The words' language: the catalogue's, or the locale's own when the host gave words for it.
      const lang = messages && Object.keys(messages).length > 0 ? locale : catalogue;
      this.current = new Localizer(locale, lang, words, en, messages ?? {});
      for (const subscriber of this.subscribers) subscriber.receive(this.current);
      this.host.requestUpdate();
    };
    if (catalogue === 'en') apply(en);
    else loadCatalogue(catalogue).then(apply, () => apply(en));
  }

  private onRequest = (event: CustomEvent<LocalizerRequest>) => {
    // A part of this element asks: no other element (a host's own) should answer too.
    event.stopPropagation();
    const request = event.detail;
    this.subscribers.add(request);
    request.unsubscribe = () => this.subscribers.delete(request);
    request.receive(this.current);
  };
}
