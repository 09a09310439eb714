import { badInput } from '../common/app-error';
import { foldedKey, hasControlCharacters } from '../common/text';
import { type ProfileField, ProfileFieldType } from './dto/profile-field.type';

export type ProfileValue = string | number | boolean;
export type Profile = Record<string, ProfileValue>;

/**
 * A new profile object with no prototype: a field keyed like one of
 * Object's own members (`constructor`, `toString`) reads as absent until it
 * has a value, and no key can reach a prototype.
 */
export const newProfile = (values?: Readonly<Profile>): Profile => Object.assign(Object.create(null) as Profile, values);

/** The profile's own value for `key` (never one inherited from a prototype). */
export const profileValueOf = (profile: Readonly<Record<string, unknown>>, key: string): unknown => (Object.hasOwn(profile, key) ? profile[key] : undefined);

export const MAX_TEXT_VALUE = 2000;
export const MAX_PROFILE_BYTES = 16 * 1024;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The SELECT field's option `value` names, compared after NFC and case folding, as the field spells it. */
export function selectOption(field: ProfileField, value: string): string | undefined {
  const key = foldedKey(value.trim());
  return field.options?.find((option) => foldedKey(option) === key);
}

/** Why `value` does not fit `field`, or undefined when it does. */
export function profileValueProblem(field: ProfileField, value: unknown): string | undefined {
  switch (field.type) {
    case ProfileFieldType.TEXT:
      if (typeof value !== 'string') return `must be text`;
      if (value.length > MAX_TEXT_VALUE) return `must be at most ${MAX_TEXT_VALUE} characters`;
      if (hasControlCharacters(value)) return `must not contain control characters`;
      return undefined;
    case ProfileFieldType.NUMBER:
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `must be a number`;
    case ProfileFieldType.DATE:
      return typeof value === 'string' && isIsoDate(value) ? undefined : `must be a date written YYYY-MM-DD`;
    case ProfileFieldType.BOOLEAN:
      return typeof value === 'boolean' ? undefined : `must be true or false`;
    case ProfileFieldType.SELECT:
      return typeof value === 'string' && selectOption(field, value) !== undefined
        ? undefined
        : `must be one of ${(field.options ?? []).map((option) => JSON.stringify(option)).join(', ')}`;
  }
}

export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  return match !== null && isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** Whether the day exists in the proleptic Gregorian calendar (year 1 onwards). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
}

const isEmpty = (value: unknown): boolean => value === null || value === undefined || value === '';

/**
 * Checks profile values from a client against the app's fields and returns the
 * profile to store. On create every required field needs a value; on update
 * `current` is merged with `changes`, where null (or "") removes a value, and a
 * required value cannot be removed.
 */
export function resolveProfile(
  fields: readonly ProfileField[],
  changes: Record<string, unknown>,
  current: Profile | undefined,
  path = 'input.profile',
): Profile {
  const byKey = new Map(fields.map((field) => [field.key, field]));
  const profile = newProfile(current);
  for (const [key, value] of Object.entries(changes)) {
    const field = byKey.get(key);
    if (!field) throw badInput(`${path}.${key}`, `"${key}" is not a profile field of this app`);
    if (isEmpty(value)) {
      if (field.required) throw badInput(`${path}.${key}`, `${field.label} (${key}) is required`);
      delete profile[key];
      continue;
    }
    const problem = profileValueProblem(field, value);
    if (problem) throw badInput(`${path}.${key}`, `${field.label} (${key}) ${problem}`);
    // A select value is kept as the option is spelt ("pro" given, "Pro" stored).
    profile[key] = field.type === ProfileFieldType.SELECT ? selectOption(field, value as string)! : (value as ProfileValue);
  }
  if (current === undefined) {
    const missing = fields.find((field) => field.required && isEmpty(profileValueOf(profile, field.key)));
    if (missing) throw badInput(`${path}.${missing.key}`, `${missing.label} (${missing.key}) is required`);
  }
  if (Buffer.byteLength(JSON.stringify(profile)) > MAX_PROFILE_BYTES) {
    throw badInput(path, `The profile must be at most ${MAX_PROFILE_BYTES / 1024} KB of JSON`);
  }
  return profile;
}
