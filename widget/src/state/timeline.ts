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

export interface ChangeNames {
  /** A tag's name by id (snapshots keep tag ids). */
  tag?: (id: string) => string | undefined;
  /** A profile field's label by key. */
  field?: (key: string) => string | undefined;
  /** How an ISO instant is shown. */
  instant?: (iso: string) => string;
}

/** The words of the keys audit entries keep; others are spelled out from their name ("usersUntagged" → "Users untagged"). */
const KEY_LABELS: Record<string, string> = {
  email: 'Email',
  name: 'Name',
  status: 'Status',
  tagIds: 'Tags',
  banReason: 'Ban reason',
  bannedUntil: 'Banned until',
  bannedAt: 'Banned since',
  bannedBy: 'Banned by',
  hasPassword: 'Password set',
  delivery: 'Sent as',
  expiresAt: 'Link expires',
  tagId: 'Tag',
  jobId: 'Job',
};

/** The words of the values some keys hold (statuses, deliveries). */
const VALUE_LABELS: Record<string, Record<string, string>> = {
  status: { ACTIVE: 'Active', BANNED: 'Banned' },
  delivery: { EMAIL: 'email', LINK: 'one-time link' },
};

/** A key as words: its label, or its camelCase name spelled out. */
function labelOf(key: string): string {
  const label = KEY_LABELS[key];
  if (label) return label;
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
export function describeChanges(details: Record<string, unknown>, names: ChangeNames = {}): string[] {
  const before = asRecord(details.before);
  const after = asRecord(details.after);
  if (!before && !after) {
    return Object.entries(details).map(([key, value]) => `${labelOf(key)}: ${show(value, key, names)}`);
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
      lines.push(...change(labelOf(key), before, after, key, names));
    }
  }
  return lines;
}

function change(
  label: string,
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
  key: string,
  names: ChangeNames,
): string[] {
  const old = before?.[key];
  const now = after?.[key];
  if (JSON.stringify(old ?? null) === JSON.stringify(now ?? null)) return [];
  // A creation lists what it set, not the fields it left empty.
  if (!before && show(now, key, names) === '—') return [];
  return [before ? `${label}: ${show(old, key, names)} → ${show(now, key, names)}` : `${label}: ${show(now, key, names)}`];
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

const unionKeys = (...records: Array<Record<string, unknown> | undefined>): string[] => [...new Set(records.flatMap((record) => Object.keys(record ?? {})))];

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

function show(value: unknown, key: string, names: ChangeNames): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    return value.map((item) => (key === 'tagIds' && typeof item === 'string' ? (names.tag?.(item) ?? item) : show(item, '', names))).join(', ');
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' && VALUE_LABELS[key]?.[value]) return VALUE_LABELS[key][value];
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
export function describeAction(action: string): string {
  const [subject, verb] = action.includes('.') ? (action.split('.', 2) as [string, string]) : ['', action];
  const words = `${subject === 'user' ? '' : `${subject} `}${verb}`.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
