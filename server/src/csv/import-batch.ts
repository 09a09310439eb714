import type { ProfileField } from '../profile-fields/dto/profile-field.type';
import { profileValueOf } from '../profile-fields/profile-rules';
import { copyValue } from './csv-cells';
import type { RowProblem, UserRow } from './import-row';

/**
 * A row of a batch as it waits for a writer, kept small: a batch can wait a
 * second or two, long enough for the young generation to promote it, and a
 * million rows of cell arrays and value objects made the import's memory.
 * A good row is its staging line, ready for COPY but for its tag ids; the
 * original cells stay only where the errors file may need them.
 */
export interface BatchRow {
  /** The file row (the header is row 1). */
  row: number;
  /** A row whose values passed the checks. */
  staged?: StagedUser;
  /** What is wrong with the row. */
  problems?: RowProblem[];
  /** The original cells: kept for a failed row, and for one that may still fail when written. */
  cells?: string[];
}

export interface StagedUser {
  email: string;
  /** row_number, email, name, status, signed_up_at, profile in COPY text format. */
  line: string;
  /** The row's tag names joined by `;` (which no tag name holds); empty for none. */
  tags: string;
  /** The first required profile field the row leaves empty: only a problem when the user is new. */
  missing?: ProfileField;
}

/**
 * The batch row of a checked data row. `keepCells` keeps the original cells
 * of a good row too, when the writer may still refuse it (insert mode, or
 * required fields a new user must fill).
 */
export function batchRow(
  row: number,
  cells: string[],
  check: { user?: UserRow; problems?: RowProblem[] },
  required: readonly ProfileField[],
  keepCells: boolean,
): BatchRow {
  const user = check.user;
  if (!user) return { row, problems: check.problems, cells };
  const line = [String(row), user.email, user.name, user.status, user.signedUpAt, JSON.stringify(user.profile)].map(copyValue).join('\t');
  const missing = required.find((field) => profileValueOf(user.profile, field.key) === undefined);
  const staged: StagedUser = { email: user.email, line, tags: user.tags.join(';') };
  if (missing) staged.missing = missing;
  return keepCells ? { row, staged, cells } : { row, staged };
}
