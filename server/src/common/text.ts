import { badInput } from './app-error';

// Control characters other than tab, newline and carriage return: finding them is the point.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** A trimmed single-line text of at most `max` characters; empty means absent. */
export function optionalText(field: string, value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === '') return null;
  if (text.length > max) throw badInput(field, `${field} must be at most ${max} characters`);
  if (CONTROL.test(text) || /[\r\n]/.test(text)) throw badInput(field, `${field} must be one line of printable text`);
  return text;
}

export function requiredText(field: string, value: string | null | undefined, max: number): string {
  const text = optionalText(field, value, max);
  if (text === null) throw badInput(field, `${field} must not be empty`);
  return text;
}

export const hasControlCharacters = (text: string): boolean => CONTROL.test(text);

/** Any control character at all, line breaks and tabs included, C1 ones too: for identifiers (an app id, a key). */
export const hasAnyControlCharacter = (text: string): boolean => CONTROL.test(text) || /[\t\n\r\u0080-\u009f]/.test(text);
