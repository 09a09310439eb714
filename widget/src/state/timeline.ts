import type { Localizer, MessageKey } from '../i18n/localizer';
/** Events in day groups, newest day first, keeping the order within a day (the API sends newest first). */
export interface DayGroup<Event> {
  /** `YYYY-MM-DD` in the viewer's time zone. */
  day: string;
  events: Event[];
}

export function groupByDay<Event>(events: readonly Event[], dayOf: (event: Event) => string): Array<DayGroup<Event>> {
  const groups: Array<DayGroup<Event>> = [];
  for (const event of events) {
    const day = dayOf(event);
    const last = groups[groups.length - 1];
    if (last && last.day === day) last.events.push(event);
    else groups.push({ day, events: [event] });
  }
  return groups;
}

/** What the words of a change need: the locale, and the names of what ids stand for. */
type Named = ChangeNames & { l: Localizer };

export interface ChangeNames {
  /** A tag's name by id (snapshots keep tag ids). */
  tag?: (id: string) => string | undefined;
  /** A profile field's label by key. */
  field?: (key: string) => string | undefined;
  /** How an ISO instant is shown. */
  instant?: (iso: string) => string;
}

/** The words of the keys audit entries keep; others are spelled out from their name ("usersUntagged" → "Users untagged"). */
/** Keys of a change the catalogue has words for; others are put into words from the key itself. */
const KEYS = new Set([
  'email',
  'name',
  'status',
  'tagIds',
  'banReason',
  'bannedUntil',
  'bannedAt',
  'bannedBy',
  'hasPassword',
  'delivery',
  'expiresAt',
  'tagId',
  'jobId',
  'source',
  'reason',
]);
/** Values the catalogue has words for, by key. */
const VALUES: Record<string, Record<string, MessageKey>> = {
  status: { ACTIVE: 'status.ACTIVE', BANNED: 'status.BANNED' },
  delivery: { EMAIL: 'history.value.EMAIL', LINK: 'history.value.LINK' },
};
/** Actions the catalogue has words for. */
const ACTIONS = new Set([
  'user.created',
  'user.updated',
  'user.banned',
  'user.unbanned',
  'user.deleted',
  'user.tags_added',
  'user.tags_removed',
  'password.reset_sent',
  'password.reset_completed',
  'users.bulk_started',
  'csv.import',
]);

function labelOf(key: string, l: Localizer): string {
  if (KEYS.has(key)) return l.t(`history.key.${key}` as 'history.key.email');
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * An audit entry's details as readable changes: `Status: Active → Banned`,
 * one line per key that differs between before and after (profile values
 * one by one, tags by name); details without before/after are listed as they are.
 */
export function describeChanges(details: Record<string, unknown>, l: Localizer, given: ChangeNames = {}): string[] {
  const names: Named = { ...given, l };
  const before = asRecord(details.before);
  const after = asRecord(details.after);
  if (!before && !after) {
    return Object.entries(details).map(([key, value]) => l.t('history.set', { label: labelOf(key, l), value: show(value, key, names) }));
  }
  const lines: string[] = [];
  for (const key of unionKeys(before, after)) {
    if (key === 'profile') {
      const beforeProfile = asRecord(before?.profile);
      const afterProfile = asRecord(after?.profile);
      for (const field of unionKeys(beforeProfile, afterProfile)) {
        lines.push(...change(names.field?.(field) ?? field, beforeProfile, afterProfile, field, names));
      }
    } else {
      lines.push(...change(labelOf(key, l), before, after, key, names));
    }
  }
  return lines;
}

function change(label: string, before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined, key: string, names: Named): string[] {
  const old = before?.[key];
  const now = after?.[key];
  if (JSON.stringify(old ?? null) === JSON.stringify(now ?? null)) return [];
  // A creation lists what it set, not the fields it left empty.
  if (!before && show(now, key, names) === '—') return [];
  const { l } = names;
  return [
    before
      ? l.t('history.change', { label, before: show(old, key, names), after: show(now, key, names) })
      : l.t('history.set', { label, value: show(now, key, names) }),
  ];
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

const unionKeys = (...records: Array<Record<string, unknown> | undefined>): string[] => [...new Set(records.flatMap((record) => Object.keys(record ?? {})))];

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

function show(value: unknown, key: string, names: Named): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    return value.map((item) => (key === 'tagIds' && typeof item === 'string' ? (names.tag?.(item) ?? item) : show(item, '', names))).join(', ');
  }
  if (typeof value === 'boolean') return names.l.t(value ? 'history.yes' : 'history.no');
  const known = typeof value === 'string' ? VALUES[key]?.[value] : undefined;
  if (known) return names.l.t(known as 'history.yes');
  if (typeof value === 'string' && names.instant && ISO_INSTANT.test(value)) return names.instant(value);
  return valueText(value);
}

/** A JSON value as text: strings, numbers and booleans as themselves, objects and arrays as JSON. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '';
}

/** `user.password_reset` → "Password reset"; `user.banned` → "Banned"; `tag.deleted` → "Tag deleted". */
export function describeAction(action: string, l: Localizer): string {
  if (ACTIONS.has(action)) return l.t(`history.action.${action}` as 'history.action.user.created');
  const [subject, verb] = action.includes('.') ? (action.split('.', 2) as [string, string]) : ['', action];
  const words = `${subject === 'user' ? '' : `${subject} `}${verb}`.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
