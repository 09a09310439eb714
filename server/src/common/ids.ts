import { badInput } from './app-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => UUID.test(value);

/** Checks a list of ids from the client: every one a UUID, duplicates dropped, at most `max`. */
export function parseIds(field: string, ids: readonly string[], max: number): string[] {
  if (ids.length > max) throw badInput(field, `${field} may hold at most ${max} ids, not ${ids.length}`);
  const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
  const invalid = unique.find((id) => !isUuid(id));
  if (invalid !== undefined) throw badInput(field, `${field} holds "${truncate(invalid)}", which is not an id`);
  return unique;
}

export const truncate = (text: string, length = 40): string => (text.length > length ? `${text.slice(0, length)}…` : text);
