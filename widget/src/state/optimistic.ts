/** A change shown before the server confirms it, and how to take exactly it back. */
export interface OptimisticChange<Row> {
  rows: Row[];
  /** Puts back the rows as they were before the change, leaving every other row as it is now. */
  rollback(current: readonly Row[]): Row[];
}

/**
 * Applies `change` to the rows whose id is in `ids` and remembers their
 * previous versions. Rolling back restores only those rows, so a change that
 * arrived meanwhile for other rows (or a page that was reloaded without
 * them) is kept.
 */
export function applyOptimistic<Row extends { id: string }>(rows: readonly Row[], ids: ReadonlySet<string>, change: (row: Row) => Row): OptimisticChange<Row> {
  const before = new Map<string, Row>();
  const changed = rows.map((row) => {
    if (!ids.has(row.id)) return row;
    before.set(row.id, row);
    return change(row);
  });
  return {
    rows: changed,
    rollback: (current) => current.map((row) => before.get(row.id) ?? row),
  };
}
