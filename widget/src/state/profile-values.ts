import { formatDay } from './format';
import { valueText } from './timeline';
import type { ProfileField } from './users';

/** A profile value as text, by its field's type: how the profile panel and the table's profile columns show it. */
export function formatProfileValue(field: Pick<ProfileField, 'type'> | undefined, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  switch (field?.type) {
    case 'BOOLEAN':
      return value === true ? 'Yes' : value === false ? 'No' : valueText(value);
    case 'DATE':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDay(`${value}T12:00:00`) : valueText(value);
    case 'NUMBER':
      return typeof value === 'number' ? value.toLocaleString() : valueText(value);
    default:
      return valueText(value);
  }
}
