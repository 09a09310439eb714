import { badInput } from '../common/app-error';
import type { UserFilter } from '../users/dto/user-filter.input';
import { UserStatus } from '../users/dto/user.type';

type Json = Record<string, unknown>;

/**
 * `?filter=` of GET /csv/export: the users query's UserFilter written as JSON,
 * checked here as GraphQL would check it, so the export matches that query.
 */
export function parseFilterJson(text: string | undefined): UserFilter | null {
  if (text === undefined || text.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badInput('filter', 'filter must be a UserFilter written as JSON, such as {"status":"BANNED"}');
  }
  const filter = object(value, 'filter', ['search', 'status', 'signedUp', 'tags']);
  const result: UserFilter = {};
  if (filter.search != null) result.search = string(filter.search, 'filter.search');
  if (filter.status != null) {
    if (filter.status !== UserStatus.ACTIVE && filter.status !== UserStatus.BANNED) {
      throw badInput('filter.status', 'filter.status must be ACTIVE or BANNED');
    }
    result.status = filter.status;
  }
  if (filter.signedUp != null) {
    const range = object(filter.signedUp, 'filter.signedUp', ['from', 'to']);
    result.signedUp = {
      from: range.from == null ? null : dateTime(range.from, 'filter.signedUp.from'),
      to: range.to == null ? null : dateTime(range.to, 'filter.signedUp.to'),
    };
  }
  if (filter.tags != null) {
    const tags = object(filter.tags, 'filter.tags', ['all', 'any', 'none']);
    result.tags = {
      all: ids(tags.all, 'filter.tags.all'),
      any: ids(tags.any, 'filter.tags.any'),
      none: ids(tags.none, 'filter.tags.none'),
    };
  }
  return result;
}

function object(value: unknown, path: string, keys: string[]): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badInput(path, `${path} must be an object`);
  const unknown = Object.keys(value).find((key) => !keys.includes(key));
  if (unknown !== undefined) throw badInput(`${path}.${unknown}`, `${path} has no field "${unknown}"; it takes ${keys.join(', ')}`);
  return value as Json;
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') throw badInput(path, `${path} must be a string`);
  return value;
}

// What the DateTime scalar accepts: an RFC 3339 date-time with a zone.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function dateTime(value: unknown, path: string): Date {
  const date = typeof value === 'string' && DATE_TIME.test(value) ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw badInput(path, `${path} must be a date-time such as 2024-01-01T00:00:00Z`);
  return date;
}

function ids(value: unknown, path: string): string[] | null {
  if (value == null) return null;
  if (!Array.isArray(value) || value.some((id) => typeof id !== 'string')) throw badInput(path, `${path} must be a list of tag ids`);
  return value as string[];
}
