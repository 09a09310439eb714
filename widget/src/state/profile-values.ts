import type { Localizer } from '../i18n/localizer';
import { valueText } from './timeline';
import type { ProfileField } from './users';

/** A profile value as text, by its field's type: how the profile panel and the table's profile columns show it. */
export function formatProfileValue(field: Pick<ProfileField, 'type'> | undefined, value: unknown, l: Localizer): string {
  if (value === null || value === undefined || value === '') return '—';
  switch (field?.type) {
    case 'BOOLEAN':
      return value === true ? l.t('value.yes') : value === false ? l.t('value.no') : valueText(value);
    case 'DATE':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? l.day(`${value}T12:00:00`) : valueText(value);
    case 'NUMBER':
      return typeof value === 'number' ? l.count(value) : valueText(value);
    default:
      return valueText(value);
  }
}
