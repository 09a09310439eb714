import type { UserOrderField } from '../api/generated';
import type { Localizer, MessageKey } from '../i18n/localizer';
import type { ProfileField } from './users';

/**
 * The columns of the users table. Each has an id, the word a host writes in
 * the `columns` attribute: the built-in ones below, or a profile field's key.
 * A profile field whose key is a built-in id is left out (the built-in wins).
 */
export interface Column {
  id: string;
  /** What its header says: the built-in column's words, or the profile field's label. */
  label: string;
  /** The order it sorts by: only the orders the server keeps an index for. */
  sort?: UserOrderField;
  /** The profile field a profile column shows. */
  field?: ProfileField;
  /** Its track in the table's grid. */
  width: string;
}

const BUILT_IN: ReadonlyArray<Omit<Column, 'label'>> = [
  { id: 'name', sort: 'NAME', width: 'minmax(150px, 1.3fr)' },
  { id: 'email', sort: 'EMAIL', width: 'minmax(170px, 1.5fr)' },
  { id: 'status', width: '112px' },
  { id: 'tags', width: 'minmax(120px, 1.2fr)' },
  { id: 'tag-count', width: '100px' },
  { id: 'signed-up', sort: 'SIGNED_UP_AT', width: '116px' },
  { id: 'last-access', sort: 'LAST_ACCESS_AT', width: '200px' },
];

/** The columns a new table shows: what the table always had. */
export const DEFAULT_COLUMNS: readonly string[] = ['name', 'email', 'status', 'tag-count', 'signed-up', 'last-access'];

/** The name column names the row (its row header): it is always shown. */
export const REQUIRED_COLUMN = 'name';

const PROFILE_WIDTH: Record<ProfileField['type'], string> = {
  TEXT: 'minmax(110px, 1fr)',
  SELECT: 'minmax(90px, 0.8fr)',
  NUMBER: '96px',
  DATE: '116px',
  BOOLEAN: '72px',
};

/** Every column the table can show for an app with these profile fields: the built-in ones, then the fields in their order. */
export function availableColumns(fields: readonly ProfileField[], l: Localizer): Column[] {
  const builtIn = new Set(BUILT_IN.map((column) => column.id));
  return [
    ...BUILT_IN.map((column) => ({ ...column, label: l.t(`column.${column.id}` as MessageKey as 'column.name') })),
    ...fields.filter((field) => !builtIn.has(field.key)).map((field) => ({ id: field.key, label: field.label, field, width: PROFILE_WIDTH[field.type] })),
  ];
}

/** `"name, email,plan"` → `['name', 'email', 'plan']`; nothing (or only commas) → undefined. */
export function parseColumnList(value: string | null | undefined): string[] | undefined {
  const ids = (value ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  return ids.length > 0 ? [...new Set(ids)] : undefined;
}

/**
 * The columns to show, in order, for a list of ids: ids that name no column
 * (yet: profile fields arrive after the first page) are skipped, the name
 * column is put first when the list lacks it, and a list naming no column
 * at all gives the default ones.
 */
export function resolveColumns(ids: readonly string[] | undefined, available: readonly Column[]): Column[] {
  const byId = new Map(available.map((column) => [column.id, column]));
  const chosen = (ids ?? DEFAULT_COLUMNS).flatMap((id) => byId.get(id) ?? []);
  const shown = chosen.length > 0 ? chosen : DEFAULT_COLUMNS.flatMap((id) => byId.get(id) ?? []);
  return shown.some((column) => column.id === REQUIRED_COLUMN) ? shown : [byId.get(REQUIRED_COLUMN)!, ...shown];
}

/**
 * The chooser's list: the shown columns in their order, then the hidden
 * ones in the order `availableColumns` gives.
 */
export function chooserColumns(shown: readonly Column[], available: readonly Column[]): Array<{ column: Column; visible: boolean }> {
  const visible = new Set(shown.map((column) => column.id));
  return [
    ...shown.map((column) => ({ column, visible: true })),
    ...available.filter((column) => !visible.has(column.id)).map((column) => ({ column, visible: false })),
  ];
}

/** The shown ids with one column turned on (at the end) or off; the name column stays. */
export function toggleColumn(shown: readonly string[], id: string, visible: boolean): string[] {
  if (id === REQUIRED_COLUMN) return [...shown];
  const without = shown.filter((known) => known !== id);
  return visible ? [...without, id] : without;
}

/** The shown ids with one moved by `by` places (−1 earlier, +1 later), kept within the list. */
export function moveColumn(shown: readonly string[], id: string, by: -1 | 1): string[] {
  const from = shown.indexOf(id);
  const to = from + by;
  if (from < 0 || to < 0 || to >= shown.length) return [...shown];
  const moved = [...shown];
  [moved[from], moved[to]] = [moved[to]!, moved[from]!];
  return moved;
}

/**
 * Where the browser keeps an app's column choice: one key per app, so two
 * apps embedded on one origin keep their own.
 */
export const columnsStorageKey = (app: string): string => `user-manager:columns:${app}`;

/** The page's localStorage, or undefined where reading it throws (a sandboxed frame, storage turned off). */
export function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** The ids an admin chose for this app before, if any (and if storage can be read). */
export function storedColumns(storage: Pick<Storage, 'getItem'> | undefined, app: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(columnsStorageKey(app)) ?? 'null');
    return Array.isArray(parsed) && parsed.length > 0 && parsed.every((id) => typeof id === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the choice (undefined forgets it); storage that refuses (private mode, full) only loses the memory of it. */
export function storeColumns(storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined, app: string, ids: readonly string[] | undefined): void {
  try {
    if (ids) storage?.setItem(columnsStorageKey(app), JSON.stringify(ids));
    else storage?.removeItem(columnsStorageKey(app));
  } catch {
    // Nothing to do: the columns still change for this page.
  }
}
