/** How long a ban lasts, as the dialog offers it. */
export type BanDuration = '1d' | '7d' | '30d' | 'date' | 'forever';

const DAY = 86_400_000;

/** When a ban chosen in the dialog ends: an instant, or null for "until unbanned"; undefined when the date is missing or past. */
export function banEnd(duration: BanDuration, day: string, now = new Date()): string | null | undefined {
  if (duration === 'forever') return null;
  if (duration !== 'date') return new Date(now.getTime() + Number.parseInt(duration, 10) * DAY).toISOString();
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  // The end of the chosen day in the admin's own time zone: "until March 4" includes March 4.
  const end = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1);
  return end.getTime() > now.getTime() ? end.toISOString() : undefined;
}
