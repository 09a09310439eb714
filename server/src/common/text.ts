import { badInput } from './app-error';

// Control characters other than tab, newline and carriage return: finding them is the point.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Bidirectional embeddings, overrides and isolates: they make a name read differently from what it holds. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
/** Zero-width characters that only hide (the joiners U+200C and U+200D stay: scripts and emoji need them). */
const INVISIBLE = /[\u200B\u2060\uFEFF]/;
/** Line breaks of every kind: CR, LF, NEL, and the line and paragraph separators. */
const LINE_BREAKS = /[\r\n\u0085\u2028\u2029]/;

/**
 * A trimmed single-line text of at most `max` characters, in Unicode NFC
 * (so "Café" typed either way is the same text); empty means absent. It
 * refuses control characters, line breaks, bidirectional overrides and
 * invisible zero-width characters, naming the field.
 */
export function optionalText(field: string, value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined) return null;
  const { text, problem } = checkedText(value, max);
  if (problem) throw badInput(field, `${field} ${problem}`);
  return text === '' ? null : text;
}

/**
 * The rule behind optionalText, for callers that collect problems rather
 * than throw (the CSV import): the text as kept ('' when empty), or what is
 * wrong with it, to follow the field's name.
 */
export function checkedText(value: string, max: number): { text: string; problem?: string } {
  const text = value.normalize('NFC').trim();
  if (text.length > max) return { text, problem: `must be at most ${max} characters` };
  if (CONTROL.test(text) || LINE_BREAKS.test(text)) return { text, problem: 'must be one line of printable text' };
  if (BIDI_CONTROLS.test(text)) return { text, problem: 'must not hold bidirectional override characters (U+202A–U+202E, U+2066–U+2069)' };
  if (INVISIBLE.test(text)) return { text, problem: 'must not hold invisible characters (U+200B, U+2060, U+FEFF)' };
  return { text };
}

export function requiredText(field: string, value: string | null | undefined, max: number): string {
  const text = optionalText(field, value, max);
  if (text === null) throw badInput(field, `${field} must not be empty`);
  return text;
}

export const hasControlCharacters = (text: string): boolean => CONTROL.test(text);

/** Any control character at all, line breaks and tabs included, C1 ones too: for identifiers (an app id, a key). */
export const hasAnyControlCharacter = (text: string): boolean => CONTROL.test(text) || /[\t\n\r\u0080-\u009f]/.test(text);

/**
 * The form two texts are compared in when case must not tell them apart (tag
 * names, select options): NFC, then Unicode full case folding as lower,
 * upper and lower case again do it, with its expansions ("Straße", "STRAẞE",
 * "STRASSE" and "strasse" are one; so are "Café" in NFC and NFD, and "ΣΟΦΟΣ"
 * and "σοφος").
 */
export const foldedKey = (text: string): string => text.normalize('NFC').toLowerCase().toUpperCase().toLowerCase().normalize('NFC');
