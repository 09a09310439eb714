/** Days and numbers as the admin types them; the locale's own formats are the Localizer's (i18n/localizer). */

/** The local calendar day of an instant, `YYYY-MM-DD`, to group by. */
export function localDayKey(iso: string): string {
  const date = new Date(iso);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * A number as typed, in ASCII digits: Arabic-Indic and Persian digits read as
 * 0–9, and the group separators of any locale (`1,234`, `1.234`, `1 234`,
 * `١٬٢٣٤`) dropped, so "type 1,234 to confirm" takes what a keyboard of that
 * locale gives.
 */
export function typedNumber(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/g, (digit) => String(digit.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (digit) => String(digit.charCodeAt(0) - 0x06f0))
    .replace(/[\s,.'\u066c\u00a0\u202f\u2009]/g, '');
}
