import type { Actor } from '../auth/actor';
import type { AuditService } from '../audit/audit.service';
import type { Clock } from '../common/clock';
import { badInput, conflict, notFound } from '../common/app-error';
import { isUuid } from '../common/ids';
import { foldedKey, requiredText } from '../common/text';
import type { Database } from '../db/database';
import { isUniqueViolation } from '../db/pg-errors';
import { parseUserFilter } from '../users/user-filter';
import type { SavedViewInput } from './dto/saved-view.input';
import type { SavedView } from './dto/saved-view.type';

/** Enough for a team's segments; each is one count on the widget's tabs. */
export const MAX_SAVED_VIEWS = 50;
const MAX_NAME = 80;
const MAX_COLUMNS = 60;
const COLUMN_ID = /^[a-z][a-z0-9_-]{0,39}$/;

const VIEW_COLUMNS = `id, name, filter, order_by AS "orderBy", columns, created_by AS "createdBy", updated_at AS "updatedAt"`;

/** What a saved view holds, checked; the filter by the rules of users(filter:). */
interface CheckedView {
  name: string;
  filter: Record<string, unknown>;
  orderBy: Record<string, unknown> | null;
  columns: string[] | null;
}

export class SavedViewService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The app's views by name. */
  list(appId: string): Promise<SavedView[]> {
    return this.db.query<SavedView>(`SELECT ${VIEW_COLUMNS} FROM saved_views WHERE app_id = $1 ORDER BY name_key, id`, [appId]);
  }

  async create(actor: Actor, input: SavedViewInput): Promise<SavedView> {
    const view = checkedView(input);
    return this.named(view.name, () =>
      this.db.transaction(async (tx) => {
        const [saved] = await tx.query<SavedView>(
          `INSERT INTO saved_views (app_id, name, name_key, filter, order_by, columns, created_by, created_at, updated_at)
           SELECT $1, $2, $3, $4, $5, $6, $7, $8, $8
            WHERE (SELECT count(*) FROM saved_views WHERE app_id = $1) < $9
           RETURNING ${VIEW_COLUMNS}`,
          [actor.appId, view.name, foldedKey(view.name), view.filter, view.orderBy, view.columns, actor.subject, this.clock.now(), MAX_SAVED_VIEWS],
        );
        if (!saved) throw badInput('input.name', `An app may have at most ${MAX_SAVED_VIEWS} saved views; delete one first`);
        await this.audit.record(tx, actor, [{ action: 'saved_view.created', details: { after: saved } }]);
        return saved;
      }),
    );
  }

  async update(actor: Actor, id: string, input: SavedViewInput): Promise<SavedView> {
    if (!isUuid(id)) throw notFound('The saved view', 'id');
    const view = checkedView(input);
    return this.named(view.name, () =>
      this.db.transaction(async (tx) => {
        const [before] = await tx.query<SavedView>(`SELECT ${VIEW_COLUMNS} FROM saved_views WHERE app_id = $1 AND id = $2 FOR UPDATE`, [actor.appId, id]);
        if (!before) throw notFound('The saved view', 'id');
        const [after] = await tx.query<SavedView>(
          `UPDATE saved_views SET name = $3, name_key = $4, filter = $5, order_by = $6, columns = $7, updated_at = $8
            WHERE app_id = $1 AND id = $2
           RETURNING ${VIEW_COLUMNS}`,
          [actor.appId, id, view.name, foldedKey(view.name), view.filter, view.orderBy, view.columns, this.clock.now()],
        );
        await this.audit.record(tx, actor, [{ action: 'saved_view.updated', details: { before, after } }]);
        return after!;
      }),
    );
  }

  async delete(actor: Actor, id: string): Promise<string> {
    if (!isUuid(id)) throw notFound('The saved view', 'id');
    return this.db.transaction(async (tx) => {
      const [before] = await tx.query<SavedView>(`DELETE FROM saved_views WHERE app_id = $1 AND id = $2 RETURNING ${VIEW_COLUMNS}`, [actor.appId, id]);
      if (!before) throw notFound('The saved view', 'id');
      await this.audit.record(tx, actor, [{ action: 'saved_view.deleted', details: { before } }]);
      return id;
    });
  }

  /** A second view of the same name is a CONFLICT that names the field. */
  private async named<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`A saved view named "${name}" already exists`, 'input.name');
      throw error;
    }
  }
}

function checkedView(input: SavedViewInput): CheckedView {
  const name = requiredText('input.name', input.name, MAX_NAME);
  // The same checks, with the same messages, as a filter given to users(filter:).
  parseUserFilter(input.filter, 'input.filter');
  const columns = input.columns ?? null;
  if (columns) {
    if (columns.length === 0) throw badInput('input.columns', 'input.columns must name at least one column, or be null for the default ones');
    if (columns.length > MAX_COLUMNS) throw badInput('input.columns', `input.columns may name at most ${MAX_COLUMNS} columns`);
    const bad = columns.find((id) => !COLUMN_ID.test(id));
    if (bad !== undefined)
      throw badInput('input.columns', `input.columns: ${JSON.stringify(bad)} is not a column id (1 to 40 of a-z, 0-9, _ and -, starting with a letter)`);
    if (new Set(columns).size !== columns.length) throw badInput('input.columns', 'input.columns must not name a column twice');
  }
  return { name, filter: plain(input.filter), orderBy: input.orderBy ? plain(input.orderBy) : null, columns };
}

/** An input object as plain JSON (dates as ISO text, absent parts left out), as the API gives it back. */
const plain = (value: object): Record<string, unknown> => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
