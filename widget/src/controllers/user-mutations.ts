import {
  AddTagsToUsersDocument,
  BulkJobProgressDocument,
  StartBulkJobDocument,
  type BulkAction,
  type BulkJobStateFragment,
  type UserFilter,
  CreateTagDocument,
  DeleteTagDocument,
  UpdateTagDocument,
  CreateUserDocument,
  UpdateUserDocument,
  type CreateUserInput,
  type UpdateUserInput,
  type UpdateUserMutation,
  DeleteUserDocument,
  DeleteUsersDocument,
  RemoveTagsFromUsersDocument,
  SendPasswordResetDocument,
  SetUsersStatusDocument,
  SetUserStatusDocument,
  UndoStatusChangesDocument,
  type SendPasswordResetMutation,
  type TagChipFragment,
  type UserStatus,
} from '../api/generated';
import { ApiError } from '../api/client';
import { applyOptimistic } from '../state/optimistic';
import { describeUsers, displayName, type TagWithCount, type UserRow } from '../state/users';
import type { Localizer } from '../i18n/localizer';
import type { ElementHost } from './element-host';
import type { ReferenceDataController } from './reference-data';
import type { UserPageController } from './user-page';

export interface Notice {
  kind: 'success' | 'error';
  message: string;
  /** What the notice offers to do: Undo for 10 s, or go on with what the server now says. */
  action?: { label: string; run: () => void };
  /** Work going on (a bulk job): the notice stays until it is done. */
  ongoing?: boolean;
}

/** Bulk work on every user a filter matches. */
export interface FilterWork {
  action: BulkAction;
  filter: UserFilter | null;
  reason?: string | null;
  bannedUntil?: string | null;
  tags?: readonly TagChipFragment[];
  /** When the filter matches another number by now: what "go on" does instead of starting again at once (a delete asks again). */
  confirmAgain?: (count: number) => void;
}

/** How often a bulk job is asked for its progress. */
export const BULK_POLL_MS = 500;

/** A change to make again the other way, as the undo of the change before it. */
interface Options {
  /** Offer Undo in the notice (not for an undo itself). */
  undoable?: boolean;
  /** The notice says this instead ("Undone: …"). */
  message?: string;
}

export type PasswordResetResult = SendPasswordResetMutation['sendPasswordReset'];

/**
 * How a change asked for in a dialog went: the dialog shows a refusal
 * itself, so it is not a notice too; `field` is the input the server named.
 */
export type Outcome<Value = undefined> = { ok: true; value: Value } | { ok: false; message: string; field?: string };

export type EditedUser = UpdateUserMutation['updateUser'];

/**
 * Every change the admin makes to users and tags. Status and tag changes are
 * shown at once and taken back, with a message, when the server refuses
 * them; each outcome is said in a notice and told to the host page as a
 * public event. Methods answer whether the change went through, so the
 * dialog that asked can stay open with the message.
 */
export class UserMutations {
  notice: Notice | undefined;
  /** Counts the changes the server confirmed, so views that show history know to read it again. */
  confirmedChanges = 0;

  constructor(
    private readonly host: ElementHost,
    private readonly page: UserPageController,
    private readonly reference: ReferenceDataController,
  ) {}

  /** Bans or unbans users: shown at once, undone with a message if the server refuses. */
  async setStatus(
    userIds: readonly string[],
    status: UserStatus,
    reason: string | null = null,
    bannedUntil: string | null = null,
    { undoable = true, message }: Options = {},
  ): Promise<boolean> {
    const api = this.host.api;
    const targets = this.page.rows.filter((row) => userIds.includes(row.id) && row.status !== status);
    // Users selected on other pages go too; only the rows shown change at once, and only they can be undone.
    const elsewhere = offPage(this.page.rows, userIds);
    if (!api || targets.length + elsewhere.length === 0) return true;
    const ids = [...targets.map((row) => row.id), ...elsewhere];
    const now = new Date().toISOString();
    const change = applyOptimistic(this.page.rows, new Set(ids), (row) => ({
      ...row,
      status,
      bannedAt: status === 'BANNED' ? now : null,
      banReason: status === 'BANNED' ? reason : null,
      bannedUntil: status === 'BANNED' ? bannedUntil : null,
    }));
    this.page.replaceRows(change.rows);
    const verb = status === 'BANNED' ? 'ban' : 'unban';
    const l = this.host.l;
    const who = elsewhere.length === 0 ? describeUsers(targets, l) : l.t('users.count', { count: ids.length });
    undoable &&= elsewhere.length === 0;
    try {
      if (ids.length === 1) {
        const { setUserStatus } = await api.request(SetUserStatusDocument, { id: ids[0]!, status, reason, bannedUntil });
        this.page.replaceRows(this.page.rows.map((row) => (row.id === setUserStatus.id ? setUserStatus : row)));
      } else {
        await api.request(SetUsersStatusDocument, { ids, status, reason, bannedUntil });
      }
      this.confirmed();
      this.host.emitEvent('um-status-change', { userIds: ids, status, reason });
      const said = l.t(status === 'BANNED' ? 'done.banned' : 'done.unbanned', { who });
      this.say('success', message ?? said, undoable ? { label: l.t('app.undo'), run: () => void this.restoreStatuses(targets, said) } : undefined);
      this.page.reloadCounts();
      return true;
    } catch (error) {
      this.page.replaceRows(change.rollback(this.page.rows));
      const failure = this.host.report(verb === 'ban' ? 'banUsers' : 'unbanUsers', error);
      this.say('error', l.t(verb === 'ban' ? 'failed.ban' : 'failed.unban', { who, message: failure.message }));
      return false;
    }
  }

  /**
   * Undo of a status change: the server puts each user back as they were
   * before it (status, reason, end, start and author, from the history),
   * shown at once from the rows as they were. A user someone changed since
   * is left as they are now, and the notice says so.
   */
  private async restoreStatuses(before: readonly UserRow[], said: string): Promise<void> {
    const ids = new Set(before.map((row) => row.id));
    const earlier = new Map(before.map((row) => [row.id, row]));
    const change = applyOptimistic(this.page.rows, ids, (row) => ({ ...row, ...statusOf(earlier.get(row.id) ?? row) }));
    const l = this.host.l;
    this.page.replaceRows(change.rows);
    try {
      const { undoStatusChanges } = await this.api().request(UndoStatusChangesDocument, { userIds: [...ids] });
      this.confirmed();
      const statuses = new Set(before.map((row) => row.status));
      if (statuses.size === 1) this.host.emitEvent('um-status-change', { userIds: [...ids], status: before[0]!.status, reason: before[0]!.banReason });
      if (undoStatusChanges < ids.size) {
        const left = ids.size - undoStatusChanges;
        this.say('error', l.t('done.undonePartly', { done: l.t('users.count', { count: undoStatusChanges }), count: left }));
        this.page.reload();
      } else this.say('success', l.t('done.undone', { what: said }));
      this.page.reloadCounts();
    } catch (error) {
      this.page.replaceRows(change.rollback(this.page.rows));
      this.say('error', l.t('failed.undo', { message: this.host.report('undoStatusChanges', error).message }));
    }
  }

  /** Puts tags on users: shown at once, undone with a message if the server refuses. */
  addTags(userIds: readonly string[], tags: readonly TagChipFragment[], options?: Options): Promise<boolean> {
    return this.changeTags(userIds, tags, 'add', options);
  }

  removeTags(userIds: readonly string[], tags: readonly TagChipFragment[], options?: Options): Promise<boolean> {
    return this.changeTags(userIds, tags, 'remove', options);
  }

  /** The app's tag of that name (ignoring case), created when there is none. */
  async tagNamed(name: string): Promise<TagChipFragment | undefined> {
    const wanted = name.trim();
    const existing = this.reference.tagNamed(wanted);
    if (existing) return existing;
    const api = this.host.api;
    if (!api) return undefined;
    try {
      const { createTag } = await api.request(CreateTagDocument, { input: { name: wanted } });
      this.reference.addTag(createTag);
      return createTag;
    } catch (error) {
      const failure = this.host.report('createTag', error);
      this.say('error', this.host.l.t('failed.createTag', { tag: wanted, message: failure.message }));
      return undefined;
    }
  }

  /** Adds a user; the page is read again so they show where the order puts them. */
  async createUser(input: CreateUserInput): Promise<Outcome<UserRow>> {
    try {
      const { createUser } = await this.api().request(CreateUserDocument, { input });
      this.confirmed();
      this.say('success', this.host.l.t('done.added', { name: displayName(createUser) }));
      this.page.reload();
      this.reference.reloadTags();
      return { ok: true, value: createUser };
    } catch (error) {
      return refusal(this.host.report('createUser', error));
    }
  }

  /** Saves the changes of an edit; the row shows them at once. */
  async updateUser(userId: string, input: UpdateUserInput): Promise<Outcome<EditedUser>> {
    try {
      const { updateUser } = await this.api().request(UpdateUserDocument, { id: userId, input });
      this.page.updateRow(updateUser);
      this.confirmed();
      this.say('success', this.host.l.t('done.saved', { name: displayName(updateUser) }));
      if (input.tagIds) this.reference.reloadTags();
      return { ok: true, value: updateUser };
    } catch (error) {
      return refusal(this.host.report('updateUser', error));
    }
  }

  /**
   * Renames or recolours a tag: every user's chip shows it once the page is
   * read again. The notice offers Undo (the name and colour before).
   */
  async updateTag(tag: TagChipFragment, change: { name?: string; color?: string }, { undoable = true, message }: Options = {}): Promise<Outcome> {
    const l = this.host.l;
    try {
      const { updateTag } = await this.api().request(UpdateTagDocument, { id: tag.id, input: change });
      this.reference.changeTag(tag.id, updateTag);
      this.confirmed();
      const said =
        change.name !== undefined && change.name !== tag.name
          ? l.t('done.renamedTag', { before: tag.name, after: updateTag.name })
          : l.t('done.recolouredTag', { tag: updateTag.name });
      const before = { name: tag.name, color: tag.color };
      this.say(
        'success',
        message ?? said,
        undoable
          ? { label: l.t('app.undo'), run: () => void this.updateTag(updateTag, before, { undoable: false, message: l.t('done.undone', { what: said }) }) }
          : undefined,
      );
      this.page.reload();
      this.reference.reloadTags();
      return { ok: true, value: undefined };
    } catch (error) {
      const failure = this.host.report('updateTag', error);
      if (!undoable) this.say('error', l.t('failed.undo', { message: failure.message }));
      return refusal(failure);
    }
  }

  /** Deletes a tag and takes it off every user; there is no undo (the dialog said so). */
  async deleteTag(tag: TagWithCount): Promise<Outcome> {
    try {
      await this.api().request(DeleteTagDocument, { id: tag.id });
      this.reference.changeTag(tag.id, undefined);
      this.confirmed();
      const l = this.host.l;
      this.say(
        'success',
        tag.userCount > 0
          ? l.t('done.deletedTagFrom', { tag: tag.name, who: l.t('users.count', { count: tag.userCount }) })
          : l.t('done.deletedTag', { tag: tag.name }),
      );
      this.page.reload();
      this.reference.reloadTags();
      return { ok: true, value: undefined };
    } catch (error) {
      return refusal(this.host.report('deleteTag', error));
    }
  }

  /** Deletes a user permanently. */
  async deleteUser(user: UserRow): Promise<Outcome> {
    try {
      await this.api().request(DeleteUserDocument, { id: user.id });
      this.page.removeRow(user.id);
      this.say('success', this.host.l.t('done.deleted', { name: displayName(user) }));
      this.host.emitEvent('um-user-delete', { userId: user.id, email: user.email });
      return { ok: true, value: undefined };
    } catch (error) {
      return { ok: false, message: this.host.l.t('failed.delete', { name: displayName(user), message: this.host.report('deleteUser', error).message }) };
    }
  }

  /**
   * Deletes the selected users permanently (no undo; the dialog said so):
   * the selection is cleared and the page read again.
   */
  async deleteUsers(userIds: readonly string[]): Promise<void> {
    const known = new Map(this.page.rows.map((row) => [row.id, row]));
    const l = this.host.l;
    try {
      const { deleteUsers } = await this.api().request(DeleteUsersDocument, { ids: [...userIds] });
      this.confirmed();
      for (const id of userIds) {
        const row = known.get(id);
        if (row) this.host.emitEvent('um-user-delete', { userId: id, email: row.email });
      }
      this.page.clearSelection();
      this.say('success', l.t('done.deletedUsers', { who: l.t('users.count', { count: deleteUsers }) }));
      this.page.reload();
      this.reference.reloadTags();
    } catch (error) {
      this.say(
        'error',
        l.t('failed.deleteUsers', { who: l.t('users.count', { count: userIds.length }), message: this.host.report('deleteUsers', error).message }),
      );
    }
  }

  /** Starts a password reset by email or as a one-time link. */
  async sendPasswordReset(user: UserRow, delivery: 'EMAIL' | 'LINK'): Promise<Outcome<PasswordResetResult>> {
    try {
      const { sendPasswordReset } = await this.api().request(SendPasswordResetDocument, { userId: user.id, delivery });
      this.host.emitEvent('um-password-reset', { userId: user.id, delivery });
      return { ok: true, value: sendPasswordReset };
    } catch (error) {
      const message = this.host.report('sendPasswordReset', error).message;
      return { ok: false, message: this.host.l.t('failed.reset', { name: displayName(user), message }) };
    }
  }

  say(kind: Notice['kind'], message: string, action?: Notice['action'], ongoing = false): void {
    this.notice = { kind, message, ...(action ? { action } : {}), ...(ongoing ? { ongoing } : {}) };
    this.host.requestUpdate();
  }

  /**
   * Bulk work on every user the filter matches, as a job on the server,
   * confirmed with the count the admin saw; its progress shows in a notice.
   * When the filter matches another number by now, the notice says so and
   * offers to go on with that number.
   */
  async byFilter(work: FilterWork, expectedCount: number): Promise<void> {
    const l = this.host.l;
    const tagNames = work.tags ? quotedList(work.tags, l) : '';
    const what = (count: number) => {
      const who = l.t('users.count', { count });
      return tagNames ? l.t('bulk.withTags', { who, tags: tagNames }) : who;
    };
    try {
      const { startBulkJob } = await this.api().request(StartBulkJobDocument, {
        input: {
          action: work.action,
          filter: work.filter ?? {},
          expectedCount,
          reason: work.reason ?? null,
          bannedUntil: work.bannedUntil ?? null,
          tagIds: work.tags?.map((tag) => tag.id) ?? null,
        },
      });
      await this.follow(startBulkJob, what, work.action);
    } catch (error) {
      const failure = this.host.report('startBulkJob', error);
      const count = failure.count;
      if (failure.code === 'CONFLICT' && count !== undefined) {
        this.say('error', l.t('bulk.conflict', { now: l.t('users.count', { count }), before: expectedCount }), {
          label: l.t(work.confirmAgain ? 'bulk.goOnAsk' : 'bulk.goOn', { verb: l.t(`bulk.verb.${work.action}`), who: l.t('users.count', { count }) }),
          run: () => (work.confirmAgain ? work.confirmAgain(count) : void this.byFilter(work, count)),
        });
        return;
      }
      this.say('error', l.t('failed.start', { message: failure.message }));
    }
  }

  /** Follows a bulk job to its end, its progress in the notice; then the list is read again. */
  private async follow(job: BulkJobStateFragment, what: (count: number) => string, action: BulkAction): Promise<void> {
    let current = job;
    const l = this.host.l;
    while (current.status === 'QUEUED' || current.status === 'RUNNING') {
      this.say(
        'success',
        l.t('bulk.progress', { doing: l.t(`bulk.doing.${action}`, { what: what(current.total) }), done: current.processed }),
        undefined,
        true,
      );
      await new Promise((resolve) => setTimeout(resolve, BULK_POLL_MS));
      try {
        const { bulkJob } = await this.api().request(BulkJobProgressDocument, { id: current.id });
        if (!bulkJob) throw new ApiError('NOT_FOUND', 'The job was not found');
        current = bulkJob;
      } catch (error) {
        const failure = this.host.report('bulkProgress', error);
        // The job goes on on the server: a passing failure is asked again, anything else ends the wait.
        if (!(failure.code === 'NETWORK' || failure.code.startsWith('HTTP_5') || failure.code === 'INTERNAL_SERVER_ERROR')) {
          this.say('error', l.t('failed.follow', { message: failure.message }));
          return;
        }
      }
    }
    this.confirmed();
    if (current.status === 'SUCCEEDED') this.say('success', l.t(`bulk.done.${action}`, { what: what(current.changed) }));
    else this.say('error', l.t('bulk.stopped', { who: l.t('users.count', { count: current.processed }), message: current.message ?? l.t('common.noReason') }));
    this.page.reload();
    this.reference.reloadTags();
  }

  dismissNotice(): void {
    this.notice = undefined;
    this.host.requestUpdate();
  }

  /** Undo of a tag change: each tag off the users it was put on, or back on the users it was taken off. */
  private restoreTags(before: readonly UserRow[], tags: readonly TagChipFragment[], how: 'add' | 'remove', said: string): void {
    for (const tag of tags) {
      const had = (row: UserRow) => row.tags.some((candidate) => candidate.id === tag.id);
      const changed = before.filter((row) => (how === 'add' ? !had(row) : had(row))).map((row) => row.id);
      if (changed.length === 0) continue;
      const options = { undoable: false, message: this.host.l.t('done.undone', { what: said }) };
      if (how === 'add') void this.removeTags(changed, [tag], options);
      else void this.addTags(changed, [tag], options);
    }
  }

  private api() {
    const api = this.host.api;
    if (!api) throw new ApiError('UNAVAILABLE', 'The element has no API endpoint yet');
    return api;
  }

  private confirmed(): void {
    this.confirmedChanges += 1;
    this.host.requestUpdate();
  }

  private async changeTags(
    userIds: readonly string[],
    tags: readonly TagChipFragment[],
    how: 'add' | 'remove',
    { undoable = true, message }: Options = {},
  ): Promise<boolean> {
    const api = this.host.api;
    if (!api || userIds.length === 0 || tags.length === 0) return true;
    const tagIds = new Set(tags.map((tag) => tag.id));
    const targets = this.page.rows.filter((row) => userIds.includes(row.id));
    undoable &&= offPage(this.page.rows, userIds).length === 0;
    const change = applyOptimistic(this.page.rows, new Set(userIds), (row) => {
      const kept = row.tags.filter((tag) => !tagIds.has(tag.id));
      const next = how === 'add' ? [...kept, ...tags].sort((a, b) => a.name.localeCompare(b.name)) : kept;
      return { ...row, tags: next, tagCount: next.length };
    });
    this.page.replaceRows(change.rows);
    const l = this.host.l;
    const tagNames = quotedList(tags, l);
    const who = targets.length === userIds.length ? describeUsers(targets, l) : l.t('users.count', { count: userIds.length });
    try {
      const variables = { userIds: [...userIds], tagIds: [...tagIds] };
      if (how === 'add') await api.request(AddTagsToUsersDocument, variables);
      else await api.request(RemoveTagsFromUsersDocument, variables);
      this.confirmed();
      const refs = tags.map(({ id, name }) => ({ id, name }));
      this.host.emitEvent('um-tags-change', { userIds: [...userIds], added: how === 'add' ? refs : [], removed: how === 'remove' ? refs : [] });
      const said = l.t(how === 'add' ? 'done.tagged' : 'done.untagged', { who, tags: tagNames });
      this.say('success', message ?? said, undoable ? { label: l.t('app.undo'), run: () => this.restoreTags(targets, tags, how, said) } : undefined);
      this.reference.reloadTags();
      if (Object.keys(this.page.filters.tags).length > 0) this.page.reloadCounts();
      return true;
    } catch (error) {
      this.page.replaceRows(change.rollback(this.page.rows));
      const failure = this.host.report(how === 'add' ? 'addTags' : 'removeTags', error);
      this.say('error', l.t(how === 'add' ? 'failed.tag' : 'failed.untag', { who, tags: tagNames, message: failure.message }));
      return false;
    }
  }
}

/** `"vip", "beta" and "trial"`: tag names as the notices quote them. */
function quotedList(tags: readonly TagChipFragment[], l: Localizer): string {
  return l.list(tags.map((tag) => l.t('quoted', { text: tag.name })));
}

/** A refusal for the dialog that asked, with the field the server named. */
function refusal(failure: ApiError): { ok: false; message: string; field?: string } {
  return { ok: false, message: failure.message, ...(failure.field ? { field: failure.field } : {}) };
}

/** The status and ban fields of a row. */
function statusOf(row: UserRow): Pick<UserRow, 'status' | 'bannedAt' | 'banReason' | 'bannedUntil'> {
  return { status: row.status, bannedAt: row.bannedAt, banReason: row.banReason, bannedUntil: row.bannedUntil };
}

/** The ids that are not rows of the page shown (selected on other pages). */
function offPage(rows: readonly UserRow[], ids: readonly string[]): string[] {
  const shown = new Set(rows.map((row) => row.id));
  return ids.filter((id) => !shown.has(id));
}
