import { badInput } from '../common/app-error';
import { optionalText } from '../common/text';

export const MAX_EMAIL = 254;
export const MAX_NAME = 200;
export const MAX_BAN_REASON = 500;

// The HTML living standard's address syntax, with a dot required in the domain.
const EMAIL = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** Why `text` is not an email address we accept, or undefined. */
export function emailProblem(email: string): string | undefined {
  if (email === '') return 'is empty';
  if (email.length > MAX_EMAIL) return `must be at most ${MAX_EMAIL} characters`;
  if (!EMAIL.test(email)) return `"${email.length > 60 ? `${email.slice(0, 60)}…` : email}" is not a valid email address`;
  return undefined;
}

/** Emails are kept trimmed and in lower case, which makes them unique regardless of case. */
export const normaliseEmail = (text: string): string => text.trim().toLowerCase();

export function email(field: string, text: string): string {
  const normalised = normaliseEmail(text);
  const problem = emailProblem(normalised);
  if (problem) throw badInput(field, `${field} ${problem}`);
  return normalised;
}

export const userName = (field: string, text: string | null | undefined): string | null => optionalText(field, text, MAX_NAME);

export const banReason = (field: string, text: string | null | undefined): string | null => optionalText(field, text, MAX_BAN_REASON);
