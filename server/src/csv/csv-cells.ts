/**
 * Cells a spreadsheet would run as a formula start with one of these (after
 * any quotes we added before). Export puts a `'` in front; import takes
 * exactly that one `'` away again, so every value survives the round trip —
 * even one that itself starts with `'=`.
 */
const FORMULA = /^'*[-=+@\t\r]/;
const ESCAPED_FORMULA = /^'+[-=+@\t\r]/;

export const escapeFormula = (cell: string): string => (FORMULA.test(cell) ? `'${cell}` : cell);

export const unescapeFormula = (cell: string): string => (ESCAPED_FORMULA.test(cell) ? cell.slice(1) : cell);

/** A cell holding nothing but spaces, tabs or line breaks counts as empty. */
export const isBlankCell = (cell: string): boolean => /^[ \t\r\n]*$/.test(cell);

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value in Postgres COPY text format; null is `\N`. */
export function copyValue(value: string | null): string {
  if (value === null) return '\\N';
  return COPY_SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : value;
}
