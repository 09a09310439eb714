/** Dates and values as the admin reads them, in their own locale and time zone. */

const locale = (): string | undefined => (typeof document !== 'undefined' && document.documentElement.lang) || undefined;

const formats = new Map<string, Intl.DateTimeFormat>();
function format(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let found = formats.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale(), options);
    formats.set(key, found);
  }
  return found;
}

/** "Mar 4, 2026" */
export const formatDay = (iso: string): string => format('day', { dateStyle: 'medium' }).format(new Date(iso));

/** "Mar 4, 2026, 2:05 PM" */
export const formatDateTime = (iso: string): string => format('datetime', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** "2:05 PM" */
export const formatTime = (iso: string): string => format('time', { timeStyle: 'short' }).format(new Date(iso));

/** "Wednesday, March 4, 2026": a day heading in the activity timeline. */
export const formatLongDay = (iso: string): string => format('longday', { dateStyle: 'full' }).format(new Date(iso));

/** The local calendar day of an instant, `YYYY-MM-DD`, to group by. */
export function localDayKey(iso: string): string {
  const date = new Date(iso);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const numbers = new Map<string, Intl.NumberFormat>();
/** "1,234" */
export function formatCount(value: number): string {
  let found = numbers.get('count');
  if (!found) {
    found = new Intl.NumberFormat(locale());
    numbers.set('count', found);
  }
  return found.format(value);
}

/** "1 user", "3 users" */
export const plural = (count: number, one: string, many = `${one}s`): string => `${formatCount(count)} ${count === 1 ? one : many}`;
