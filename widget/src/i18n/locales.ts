import { en } from './en';
import type { Catalogue } from './localizer';

/** The locales a catalogue ships for; English is in the bundle, the others load when first shown. */
export const SHIPPED_LOCALES = ['en', 'de', 'ar'] as const;
export type ShippedLocale = (typeof SHIPPED_LOCALES)[number];

const LOADERS: Record<Exclude<ShippedLocale, 'en'>, () => Promise<Catalogue>> = {
  de: () => import('./de').then((module) => module.de),
  ar: () => import('./ar').then((module) => module.ar),
};
const loaded = new Map<ShippedLocale, Promise<Catalogue>>([['en', Promise.resolve(en)]]);

/** A valid BCP 47 tag in its canonical form (`de-at` → `de-AT`), or undefined. */
export function canonicalLocale(tag: string | null | undefined): string | undefined {
  if (!tag?.trim()) return undefined;
  try {
    return Intl.getCanonicalLocales(tag.trim())[0];
  } catch {
    return undefined;
  }
}

/** The shipped catalogue for a locale, by its language (`de-AT` → `de`); English when there is none. */
export function catalogueFor(locale: string): ShippedLocale {
  const language = locale.split('-')[0]!.toLowerCase();
  return (SHIPPED_LOCALES as readonly string[]).includes(language) ? (language as ShippedLocale) : 'en';
}

/** A shipped catalogue, loaded once per page. */
export function loadCatalogue(locale: ShippedLocale): Promise<Catalogue> {
  let found = loaded.get(locale);
  if (!found) {
    found = LOADERS[locale as Exclude<ShippedLocale, 'en'>]();
    loaded.set(locale, found);
    // A failed load (the network) is tried again the next time.
    found.catch(() => loaded.delete(locale));
  }
  return found;
}

/** The `lang` of the closest element up the tree, through shadow roots, or undefined. */
export function closestLang(element: Element): string | undefined {
  let node: Element | null = element;
  while (node) {
    const lang = node.closest('[lang]');
    if (lang) return lang.getAttribute('lang') ?? undefined;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return undefined;
}

/** The locale to show: the `locale` attribute, else the closest `lang`, else the browser's, else English. */
export function resolveLocale(element: Element, attribute: string | undefined): { locale: string; fromAttribute: boolean } {
  const given = canonicalLocale(attribute);
  if (given) return { locale: given, fromAttribute: true };
  const browser = typeof navigator !== 'undefined' ? (navigator.languages?.[0] ?? navigator.language) : undefined;
  return { locale: canonicalLocale(closestLang(element)) ?? canonicalLocale(browser) ?? 'en', fromAttribute: false };
}
