import type { ProfileField } from '../profile-fields/dto/profile-field.type';
import { CsvFileError } from './csv-file-error';

/** The columns every app's files have, in template order; profile field keys follow. */
export const USER_COLUMNS = ['email', 'name', 'status', 'tags', 'signed_up_at'] as const;
export type UserColumn = (typeof USER_COLUMNS)[number];

/** Export-only columns (and the errors file's own): an import skips them without a warning. */
const SKIPPED_COLUMNS = new Set(['id', 'last_access_at', 'error']);

/** Where each known column sits in a file's rows. */
export interface ColumnMap {
  user: Partial<Record<UserColumn, number>> & { email: number };
  profile: Array<{ index: number; field: ProfileField }>;
  /** How many cells the header has. */
  width: number;
}

export interface MappedHeader {
  columns: ColumnMap;
  warnings: string[];
}

const quoted = (name: string): string => JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);

/**
 * Matches a header row against this app's columns: names are trimmed and
 * compared without case. Unknown columns are ignored with a warning; a missing
 * `email` column or a column named twice fails the whole file.
 */
export function mapColumns(header: readonly string[], fields: readonly ProfileField[]): MappedHeader {
  const profileByKey = new Map(fields.map((field) => [field.key, field]));
  const user: Partial<Record<UserColumn, number>> = {};
  const profile: ColumnMap['profile'] = [];
  const seen = new Map<string, number>();
  const warnings: string[] = [];

  header.forEach((cell, index) => {
    const name = cell.trim().toLowerCase();
    if (name === '') return;
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw new CsvFileError(`The header names the column ${quoted(name)} twice (columns ${earlier + 1} and ${index + 1})`);
    }
    seen.set(name, index);
    if ((USER_COLUMNS as readonly string[]).includes(name)) {
      user[name as UserColumn] = index;
    } else if (profileByKey.has(name)) {
      profile.push({ index, field: profileByKey.get(name)! });
    } else if (!SKIPPED_COLUMNS.has(name)) {
      warnings.push(`Column ${quoted(cell.trim())} is not a column of this app and was ignored`);
    }
  });

  if (user.email === undefined) {
    const shown = header
      .slice(0, 12)
      .map((cell) => quoted(cell.trim()))
      .join(', ');
    throw new CsvFileError(`The file has no "email" column, which every import needs (the header row is ${shown}${header.length > 12 ? ', …' : ''})`);
  }
  return { columns: { user: { ...user, email: user.email }, profile, width: header.length }, warnings };
}

/** The template's header: the user columns, then every profile field key. */
export const templateHeader = (fields: readonly ProfileField[]): string[] => [...USER_COLUMNS, ...fields.map((field) => field.key)];
