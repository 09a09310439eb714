import { badInput } from '../common/app-error';
import { requiredText } from '../common/text';

export const MAX_TAG_NAME = 64;
const COLOR = /^#[0-9a-f]{6}$/i;
/** Colours given in turn to tags created without one. */
export const TAG_PALETTE = ['#3b82f6', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#ec4899', '#14b8a6', '#f97316', '#6366f1', '#84cc16'];

/** A tag name as stored: trimmed, one line, no `;` (the CSV tag separator). */
export function tagName(field: string, value: string | null | undefined): string {
  const name = requiredText(field, value, MAX_TAG_NAME);
  if (name.includes(';')) throw badInput(field, `${field} must not contain ";" (CSV files separate tags with it)`);
  return name;
}

export function tagColor(field: string, value: string): string {
  if (!COLOR.test(value)) throw badInput(field, `${field} must be a hex colour such as #3b82f6, not "${value}"`);
  return value.toLowerCase();
}
