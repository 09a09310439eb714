import type { en } from './en';

/** A key of the English catalogue: every string the element shows has one. */
export type MessageKey = keyof typeof en;

/** A message that changes with a number, `{count}`, by the locale's plural rules (Arabic has all six forms). */
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Message = string | PluralMessage;

/** A whole catalogue: a message for every key the English one has. */
export type Catalogue = Record<MessageKey, Message>;

/** A host's own words for any key (the `messages` property): plain or plural, in the shown locale. */
export type Messages = Partial<Record<MessageKey, Message>>;

type Placeholders<Text> = Text extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;
type ParamNames<Text> = Text extends string ? Placeholders<Text> : Text extends { other: infer Other } ? Placeholders<Other> | 'count' : never;
type Names<Key extends MessageKey> = ParamNames<(typeof en)[Key]>;
/** What a message's placeholders are filled with: text, or a number written the locale's way. */
type Args<Key extends MessageKey, Value> = [Names<Key>] extends [never] ? [] : [Record<Names<Key>, Value>];

const PLACEHOLDER = /\{(\w+)\}/g;

/** Languages written right to left, of those a catalogue may be given for. */
const RIGHT_TO_LEFT = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);

/** The direction a locale is written in. */
export const directionOf = (locale: string): 'ltr' | 'rtl' => (RIGHT_TO_LEFT.has(locale.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr');

/**
 * One locale's words and formats: the messages (a host's own first, then the
 * locale's catalogue, then English), and dates, times and numbers through
 * `Intl` in that locale. Immutable: a new locale is a new Localizer, which is
 * what tells the element's parts to render again.
 */
export class Localizer {
  readonly dir: 'ltr' | 'rtl';
  private readonly plurals: Intl.PluralRules;
  private readonly numbers: Intl.NumberFormat;
  private readonly dates = new Map<string, Intl.DateTimeFormat>();
  private readonly lists = new Map<'conjunction' | 'unit', Intl.ListFormat>();

  constructor(
    /** The BCP 47 tag dates and numbers are written for (`de-AT`, `ar`, `en-GB`). */
    readonly locale: string,
    /** The language the words are in (`lang` of what the element shows). */
    readonly lang: string,
    private readonly catalogue: Partial<Catalogue>,
    private readonly fallback: Catalogue,
    private readonly overrides: Messages = {},
  ) {
    this.dir = directionOf(locale);
    this.plurals = new Intl.PluralRules(locale);
    this.numbers = new Intl.NumberFormat(locale);
  }

  /** The message of `key` with its placeholders filled. */
  t<Key extends MessageKey>(key: Key, ...[params]: Args<Key, string | number>): string {
    return this.parts(key, params).join('');
  }

  /**
   * The message of `key` as pieces to render, its placeholders given as
   * anything Lit renders (a `<strong>` around a name): the words stay whole
   * and in the locale's order.
   */
  rich<Key extends MessageKey>(key: Key, ...[params]: Args<Key, unknown>): unknown[] {
    return this.parts(key, params);
  }

  /** "1,234" / "1.234" / "١٬٢٣٤"; an estimate as "≈1,234". */
  count(value: number, estimated = false): string {
    const written = this.numbers.format(value);
    return estimated ? this.t('app.estimated', { count: written }) : written;
  }

  /** "Mar 4, 2026" */
  day(iso: string): string {
    return this.dateFormat('day', { dateStyle: 'medium' }).format(new Date(iso));
  }

  /** "Mar 4, 2026, 2:05 PM" */
  dateTime(iso: string): string {
    return this.dateFormat('datetime', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  }

  /** "2:05 PM" */
  time(iso: string): string {
    return this.dateFormat('time', { timeStyle: 'short' }).format(new Date(iso));
  }

  /** "Wednesday, March 4, 2026": a day heading in the activity timeline. */
  longDay(iso: string): string {
    return this.dateFormat('longday', { dateStyle: 'full' }).format(new Date(iso));
  }

  /** "Ada, Grace and Alan"; as a `unit` list, "Beta, VIP" (names side by side, no "and"). */
  list(items: readonly string[], type: 'conjunction' | 'unit' = 'conjunction'): string {
    // Kept, as the date formats are: making one is about 40 µs, and the Tags column asks for one per row.
    let format = this.lists.get(type);
    if (!format) {
      format = new Intl.ListFormat(this.locale, { type, style: type === 'unit' ? 'short' : 'long' });
      this.lists.set(type, format);
    }
    return format.format(items);
  }

  private parts(key: MessageKey, params: Record<string, unknown> | undefined): unknown[] {
    const message = this.overrides[key] ?? this.catalogue[key] ?? this.fallback[key];
    const text = typeof message === 'string' ? message : this.pluralOf(message, Number(params?.['count'] ?? 0));
    const pieces: unknown[] = [];
    let from = 0;
    for (const match of text.matchAll(PLACEHOLDER)) {
      if (match.index > from) pieces.push(text.slice(from, match.index));
      const value = params?.[match[1]!];
      pieces.push(typeof value === 'number' ? this.count(value) : value === undefined ? match[0] : value);
      from = match.index + match[0].length;
    }
    if (from < text.length) pieces.push(text.slice(from));
    return pieces;
  }

  private pluralOf(message: PluralMessage, count: number): string {
    // An exact 0 has its own words where a catalogue gives them ("No users"), in any language.
    if (count === 0 && message.zero !== undefined) return message.zero;
    return message[this.plurals.select(count)] ?? message.other;
  }

  private dateFormat(name: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
    let found = this.dates.get(name);
    if (!found) {
      found = new Intl.DateTimeFormat(this.locale, options);
      this.dates.set(name, found);
    }
    return found;
  }
}
