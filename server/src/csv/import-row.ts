import { checkedText, foldedKey } from '../common/text';
import { type ProfileField, ProfileFieldType } from '../profile-fields/dto/profile-field.type';
import {
  isCalendarDate,
  MAX_PROFILE_BYTES,
  newProfile,
  type Profile,
  type ProfileValue,
  profileValueProblem,
  selectOption,
} from '../profile-fields/profile-rules';
import { MAX_BULK_TAGS } from '../tags/tag.service';
import { MAX_TAG_NAME } from '../tags/tag-rules';
import { UserStatus } from '../users/dto/user.type';
import { emailProblem, MAX_NAME, normaliseEmail } from '../users/user-rules';
import { isBlankCell, unescapeFormula } from './csv-cells';
import type { ColumnMap } from './import-columns';

/** A row's values, checked and ready to write. Absent (null or empty) values leave an existing user's value as it is. */
export interface UserRow {
  email: string;
  name: string | null;
  status: UserStatus | null;
  /** Tag names, trimmed, each once (ignoring case). */
  tags: string[];
  /** ISO 8601 as written; Postgres reads it. */
  signedUpAt: string | null;
  /** Only the profile values the row gives. */
  profile: Profile;
}

export interface RowProblem {
  column: string;
  message: string;
}

export type RowCheck = { user: UserRow; problems?: undefined } | { user?: undefined; problems: RowProblem[] };

/**
 * Checks one data row against the app's columns. `cells` are the file's cells
 * with the formula escape already taken off. Every problem of the row is
 * reported, each naming its column.
 */
export function checkRow(columns: ColumnMap, cells: readonly string[]): RowCheck {
  const problems: RowProblem[] = [];
  const cell = (index: number | undefined): string => (index === undefined ? '' : (cells[index] ?? ''));

  if (cells.length > columns.width && cells.slice(columns.width).some((extra) => !isBlankCell(extra))) {
    problems.push({
      column: '',
      message: `The row has ${cells.length} cells but the header has ${columns.width}: is a comma missing its quotes?`,
    });
  }

  const email = normaliseEmail(cell(columns.user.email));
  const badEmail = emailProblem(email);
  if (badEmail) problems.push({ column: 'email', message: `email ${badEmail}` });

  const checkedName = checkedText(cell(columns.user.name), MAX_NAME);
  if (checkedName.problem) problems.push({ column: 'name', message: `name ${checkedName.problem}` });
  const name = checkedName.text === '' ? null : checkedName.text;

  const status = parseStatus(cell(columns.user.status), problems);
  const tags = parseTags(cell(columns.user.tags), problems);
  const signedUpAt = parseSignedUpAt(cell(columns.user.signed_up_at), problems);

  const profile = newProfile();
  // An upper bound of the profile's JSON size: 3 UTF-8 bytes a character, escapes and punctuation.
  let sizeBound = 2;
  for (const { index, field } of columns.profile) {
    const raw = cell(index);
    if (isBlankCell(raw)) continue;
    sizeBound += raw.length * 6 + field.key.length + 6;
    const value = profileValue(field, raw);
    const problem = value === undefined ? typeProblem(field) : profileValueProblem(field, value);
    if (problem) problems.push({ column: field.key, message: `${field.label} (${field.key}) ${problem}` });
    else profile[field.key] = value!;
  }
  if (sizeBound > MAX_PROFILE_BYTES && Buffer.byteLength(JSON.stringify(profile)) > MAX_PROFILE_BYTES) {
    problems.push({ column: '', message: `The profile values must be at most ${MAX_PROFILE_BYTES / 1024} KB of JSON` });
  }

  if (problems.length > 0) return { problems };
  return { user: { email, name, status, tags, signedUpAt, profile } };
}

/** The cells of a parsed record with any formula escape taken off (the same array when none has one). */
export const unescapeCells = (cells: string[]): string[] => (cells.some((cell) => cell.charCodeAt(0) === 39) ? cells.map(unescapeFormula) : cells);

function text(raw: string): string | null {
  const value = raw.trim();
  return value === '' ? null : value;
}

const STATUSES = new Map<string, UserStatus>(Object.values(UserStatus).map((status) => [status, status]));

function parseStatus(raw: string, problems: RowProblem[]): UserStatus | null {
  const value = text(raw);
  if (value === null) return null;
  const status = STATUSES.get(value.toUpperCase());
  if (status) return status;
  problems.push({ column: 'status', message: `status must be ACTIVE or BANNED, not ${JSON.stringify(truncate(value))}` });
  return null;
}

function parseTags(raw: string, problems: RowProblem[]): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const part of raw.split(';')) {
    const { text: name, problem } = checkedText(part, MAX_TAG_NAME);
    if (name === '') continue;
    if (problem) {
      problems.push({ column: 'tags', message: `tag ${JSON.stringify(truncate(name))} ${problem}` });
      continue;
    }
    const key = foldedKey(name);
    if (seen.has(key)) continue;
    seen.add(key);
    names.push(name);
  }
  if (names.length > MAX_BULK_TAGS) problems.push({ column: 'tags', message: `a row may give at most ${MAX_BULK_TAGS} tags` });
  return names;
}

// ISO 8601: a date, optionally a time (T or space) with seconds and fraction, optionally a zone.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(?:Z|z|[+-](\d{2})(?::?(\d{2}))?)?)?$/;

function parseSignedUpAt(raw: string, problems: RowProblem[]): string | null {
  const value = text(raw);
  if (value === null) return null;
  const match = TIMESTAMP.exec(value);
  const fits =
    match !== null &&
    isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3])) &&
    (match[4] === undefined || Number(match[4]) <= 23) &&
    (match[5] === undefined || Number(match[5]) <= 59) &&
    (match[6] === undefined || Number(match[6]) <= 59) &&
    (match[7] === undefined || Number(match[7]) <= 14) &&
    (match[8] === undefined || Number(match[8]) <= 59);
  if (fits) return value;
  problems.push({
    column: 'signed_up_at',
    message: `signed_up_at must be an ISO 8601 date such as 2024-03-01 or 2024-03-01T09:30:00Z, not ${JSON.stringify(truncate(value))}`,
  });
  return null;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A cell as the field's type, or undefined when it is not one. */
function profileValue(field: ProfileField, raw: string): ProfileValue | undefined {
  switch (field.type) {
    case ProfileFieldType.TEXT:
      // Text is kept exactly as written, so an exported value comes back unchanged.
      return raw;
    case ProfileFieldType.NUMBER: {
      const value = raw.trim();
      return NUMBER.test(value) ? Number(value) : undefined;
    }
    case ProfileFieldType.BOOLEAN: {
      const value = raw.trim().toLowerCase();
      return value === 'true' ? true : value === 'false' ? false : undefined;
    }
    case ProfileFieldType.DATE:
      return raw.trim();
    case ProfileFieldType.SELECT: {
      return selectOption(field, raw) ?? raw.trim();
    }
  }
}

function typeProblem(field: ProfileField): string {
  return field.type === ProfileFieldType.NUMBER ? 'must be a number such as 42 or -3.5' : 'must be true or false';
}

const truncate = (value: string, length = 40): string => (value.length > length ? `${value.slice(0, length)}…` : value);
