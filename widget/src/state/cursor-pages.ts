/**
 * Where the list is in keyset paging: the `after` cursor of every page up to
 * the current one, so "Previous" goes back exactly to the page it left
 * (keyset cursors only point forward). Immutable: each step returns a new value.
 */
export interface CursorPages {
  /** `after` for page 1 (null), page 2, … up to the current page. */
  readonly afters: readonly (string | null)[];
}

export const firstPage = (): CursorPages => ({ afters: [null] });

/** The `after` argument for the current page. */
export const currentAfter = (pages: CursorPages): string | null => pages.afters[pages.afters.length - 1] ?? null;

/** 1-based number of the current page. */
export const pageNumber = (pages: CursorPages): number => pages.afters.length;

export const hasPreviousPage = (pages: CursorPages): boolean => pages.afters.length > 1;

/** The page after the current one, which starts after `endCursor` (the current page's last row). */
export function nextPage(pages: CursorPages, endCursor: string | null): CursorPages {
  if (!endCursor) return pages;
  return { afters: [...pages.afters, endCursor] };
}

export function previousPage(pages: CursorPages): CursorPages {
  if (!hasPreviousPage(pages)) return pages;
  return { afters: pages.afters.slice(0, -1) };
}

/** The rows the current page shows, 1-based, as "51–100": for the footer. */
export function rowRange(pages: CursorPages, pageSize: number, rowsOnPage: number): { from: number; to: number } {
  const from = (pageNumber(pages) - 1) * pageSize + (rowsOnPage > 0 ? 1 : 0);
  return { from, to: (pageNumber(pages) - 1) * pageSize + rowsOnPage };
}
