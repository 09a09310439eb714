import type { Actor } from '../auth/actor';
import type { AuditService } from '../audit/audit.service';
import { conflict, notFound } from '../common/app-error';
import { foldedKey } from '../common/text';
import type { Clock } from '../common/clock';
import { isUuid, parseIds } from '../common/ids';
import type { Database, Queryable } from '../db/database';
import { isUniqueViolation } from '../db/pg-errors';
import type { CreateTagInput, UpdateTagInput } from './dto/tag.input';
import type { Tag } from './dto/tag.type';
import { SqlParameters } from '../db/sql-parameters';
import { TAG_COLUMNS } from './tag-columns';
import { lockTags } from './tag-locks';
import { TAG_PALETTE, tagColor, tagName } from './tag-rules';

export const MAX_BULK_USERS = 10_000;
export const MAX_BULK_TAGS = 100;

const TAG_SNAPSHOT = `jsonb_build_object('name', name, 'color', color)`;

export class TagService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  list(appId: string): Promise<Tag[]> {
    return this.db.query<Tag>(`SELECT ${TAG_COLUMNS} FROM tags WHERE app_id = $1 ORDER BY lower(name), id`, [appId]);
  }

  /** The app's tags among `ids`, in no particular order; unknown ids are left out. */
  findByIds(appId: string, ids: readonly string[]): Promise<Tag[]> {
    return this.db.query<Tag>(`SELECT ${TAG_COLUMNS} FROM tags WHERE app_id = $1 AND id = ANY($2::uuid[])`, [appId, ids.filter(isUuid)]);
  }

  async create(actor: Actor, input: CreateTagInput): Promise<Tag> {
    const name = tagName('input.name', input.name);
    const color = input.color ? tagColor('input.color', input.color) : undefined;
    try {
      return await this.db.transaction(async (tx) => {
        const [tag] = await tx.query<Tag>(
          `INSERT INTO tags (app_id, name, name_key, color)
           VALUES ($1, $2, $5, coalesce($3, (SELECT ($4::text[])[1 + count(*) % cardinality($4::text[])] FROM tags WHERE app_id = $1)))
           RETURNING ${TAG_COLUMNS}`,
          [actor.appId, name, color ?? null, TAG_PALETTE, foldedKey(name)],
        );
        await this.audit.record(tx, actor, [{ action: 'tag.created', details: { tagId: tag!.id, after: { name: tag!.name, color: tag!.color } } }]);
        return tag!;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`A tag named "${name}" already exists`, 'input.name');
      throw error;
    }
  }

  async update(actor: Actor, id: string, input: UpdateTagInput): Promise<Tag> {
    const name = input.name === undefined || input.name === null ? null : tagName('input.name', input.name);
    const color = input.color ? tagColor('input.color', input.color) : null;
    if (!isUuid(id)) throw notFound('Tag', 'id');
    try {
      return await this.db.transaction(async (tx) => {
        const [before] = await tx.query<{ snapshot: unknown }>(`SELECT ${TAG_SNAPSHOT} AS snapshot FROM tags WHERE app_id = $1 AND id = $2 FOR UPDATE`, [
          actor.appId,
          id,
        ]);
        if (!before) throw notFound('Tag', 'id');
        const [tag] = await tx.query<Tag>(
          `UPDATE tags SET name = coalesce($3, name), name_key = coalesce($5, name_key), color = coalesce($4, color)
            WHERE app_id = $1 AND id = $2 RETURNING ${TAG_COLUMNS}`,
          [actor.appId, id, name, color, name === null ? null : foldedKey(name)],
        );
        await this.audit.record(tx, actor, [
          { action: 'tag.updated', details: { tagId: id, before: before.snapshot, after: { name: tag!.name, color: tag!.color } } },
        ]);
        return tag!;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`A tag named "${name}" already exists`, 'input.name');
      throw error;
    }
  }

  /**
   * Deletes the tag and takes it off every user, in one transaction. The tag
   * is locked first: writers linking it hold it FOR KEY SHARE (see
   * lockTags), so the delete waits for them and they for it, and no user
   * can keep the id of a deleted tag.
   */
  async delete(actor: Actor, id: string): Promise<string> {
    const { appId } = actor;
    if (!isUuid(id)) throw notFound('Tag', 'id');
    return this.db.transaction(async (tx) => {
      const [tag] = await tx.query<{ snapshot: unknown }>(`SELECT ${TAG_SNAPSHOT} AS snapshot FROM tags WHERE app_id = $1 AND id = $2 FOR UPDATE`, [appId, id]);
      if (!tag) throw notFound('Tag', 'id');
      const users = await tx.execute(
        `UPDATE users SET tag_ids = array_remove(tag_ids, $2::uuid), updated_at = $3
          WHERE app_id = $1 AND tag_ids @> ARRAY[$2::uuid]`,
        [appId, id, this.clock.now()],
      );
      await tx.execute('DELETE FROM tags WHERE app_id = $1 AND id = $2', [appId, id]);
      await this.audit.record(tx, actor, [{ action: 'tag.deleted', details: { tagId: id, before: tag.snapshot, usersUntagged: users } }]);
      return id;
    });
  }

  /** Puts every tag on every user; returns how many user–tag links were added. */
  addToUsers(actor: Actor, userIds: readonly string[], tagIds: readonly string[]): Promise<number> {
    return this.changeLinks(actor, userIds, tagIds, 'add');
  }

  /** Takes every tag off every user; returns how many user–tag links were removed. */
  removeFromUsers(actor: Actor, userIds: readonly string[], tagIds: readonly string[]): Promise<number> {
    return this.changeLinks(actor, userIds, tagIds, 'remove');
  }

  private changeLinks(actor: Actor, userIdsInput: readonly string[], tagIdsInput: readonly string[], how: 'add' | 'remove'): Promise<number> {
    const userIds = parseIds('userIds', userIdsInput, MAX_BULK_USERS);
    const tagIds = parseIds('tagIds', tagIdsInput, MAX_BULK_TAGS);
    if (userIds.length === 0 || tagIds.length === 0) return Promise.resolve(0);
    return this.db.transaction(async (tx) => (await this.changeLinksIn(tx, actor, userIds, tagIds, how)).links);
  }

  /**
   * One statement for any number of users, in the caller's transaction (a
   * bulk job's batch, or changeLinks): lock the tags (see lockTags), then
   * the users it changes in id order, set their tags, and record an audit
   * entry for each; returns how many links and users changed. The ids are checked.
   */
  async changeLinksIn(
    tx: Queryable,
    actor: Actor,
    userIds: readonly string[],
    tagIds: readonly string[],
    how: 'add' | 'remove',
  ): Promise<{ links: number; users: number }> {
    const { appId } = actor;
    const change = LINK_CHANGES[how];
    if (userIds.length === 0 || tagIds.length === 0) return { links: 0, users: 0 };
    await lockTags(tx, appId, tagIds);
    const params = new SqlParameters();
    const tags = `${params.add(tagIds)}::uuid[]`;
    const [row] = await tx.query<{ links: number; users: number }>(
      `WITH target AS (
         SELECT id, tag_ids AS before, ${change.tagsAfter(tags)} AS after_ids
           FROM users
          WHERE app_id = ${params.add(appId)} AND id = ANY(${params.add(userIds)}::uuid[]) AND ${change.changes(tags)}
          ORDER BY id
            FOR UPDATE
       ), changed AS (
         UPDATE users SET tag_ids = target.after_ids, updated_at = ${params.add(this.clock.now())}::timestamptz
           FROM target WHERE users.id = target.id
         RETURNING users.app_id, users.id AS user_id, abs(cardinality(target.after_ids) - cardinality(target.before)) AS links,
                   jsonb_build_object('tagIds', target.before) AS before, jsonb_build_object('tagIds', target.after_ids) AS after
       ), audited AS (
         ${this.audit.userChangesSql(params, actor, change.action, 'changed')}
       )
       SELECT coalesce(sum(links), 0)::int AS links, count(*)::int AS users FROM changed`,
      params.values,
    );
    return row!;
  }
}

/** How a bulk change of tags treats a users row: which rows it changes and to what (`tags` is the SQL of the tag ids). */
interface LinkChange {
  action: string;
  changes: (tags: string) => string;
  tagsAfter: (tags: string) => string;
}

const LINK_CHANGES: Record<'add' | 'remove', LinkChange> = {
  add: {
    action: 'user.tags_added',
    changes: (tags) => `NOT tag_ids @> ${tags}`,
    tagsAfter: (tags) => `tag_ids || ARRAY(SELECT t FROM unnest(${tags}) t WHERE t <> ALL(users.tag_ids))`,
  },
  remove: {
    action: 'user.tags_removed',
    changes: (tags) => `tag_ids && ${tags}`,
    tagsAfter: (tags) => `ARRAY(SELECT t FROM unnest(users.tag_ids) t WHERE t <> ALL(${tags}))`,
  },
};
