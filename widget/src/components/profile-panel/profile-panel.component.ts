import { Task, TaskStatus, initialState } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ApiError, isAbort, toApiError, type UserManagerApi } from '../../api/client';
import { UserProfileDocument, type UserProfileQuery } from '../../api/generated';
import { displayName, type ProfileField, type TagWithCount, type UserRow } from '../../state/users';
import { type ApiErrorDetail, reportFailure } from '../api-error';
import { sharedStyles } from '../../styles/shared.styles';
import { profilePanelStyles } from './profile-panel.styles';
import type { ChangeNames } from '../../state/timeline';
import { DialogController } from '../dialog/dialog-controller';
import { dialogStyles } from '../dialog/dialog.styles';
import { formatProfileValue } from '../../state/profile-values';
import '../activity-timeline/activity-timeline.component';
import '../audit-trail/audit-trail.component';
import '../user-form/user-form.component';
import type { UmAuditTrail } from '../audit-trail/audit-trail.component';
import type { UserFormEvents } from '../user-form/user-form.component';
import type { RowAction, UserTableEvents } from '../user-table/user-table.component';
import type { FormErrors } from '../../state/user-form';
import { LocalizedElement } from '../../i18n/localized';

type Profile = NonNullable<UserProfileQuery['user']>;

/** What the profile panel asks its owner to do, beyond what its events below say. */
export interface ProfilePanelEvents {
  /** "Edit": the owner sets `edit` to show the form. */
  'edit-start': { userId: string };
  /** The form's Cancel: the owner clears `edit`. */
  'edit-cancel': { userId: string };
  'user-save': { userId: string } & UserFormEvents['user-save'];
  'status-request': UserTableEvents['status-request'];
  'row-action': UserTableEvents['row-action'];
}

/** The edit in progress, as the owner tells it: the server's refusals and whether a save is on its way. */
export interface ProfileEdit {
  errors: FormErrors;
  busy: boolean;
}

/**
 * One user in a side panel: the actions the role may use (edit, ban or
 * unban, reset password, delete), account details, ban details, profile
 * fields with their labels, tags (with "Change tags"), then the activity
 * and audit sections. "Edit" turns account, profile and tags into the user
 * form in place. Loads the user when opened and again after each change
 * the server confirms; the row passed in keeps it current meanwhile.
 *
 * @fires edit-start - detail { userId }; not composed.
 * @fires edit-cancel - detail { userId }; not composed.
 * @fires user-save - detail { userId, input }: the form's changes; not composed.
 * @fires status-request - detail { userId, status }: "Ban…" or "Unban"; not composed.
 * @fires row-action - detail { userId, action }: "Reset password" or "Delete"; not composed.
 * @fires open-tags - detail { userId }: "Change tags" was chosen; not composed.
 * @fires user-loaded - detail: the user as loaded, fresher than the row; not composed.
 * @fires api-error - detail { operation, error }: a load failed; not composed.
 * @fires dialog-close - When the panel closes; not composed.
 * @csspart profile - The panel's content.
 */
@customElement('um-profile-panel')
export class UmProfilePanel extends LocalizedElement {
  static override styles = [sharedStyles, dialogStyles, profilePanelStyles];

  @property({ attribute: false }) accessor api: UserManagerApi | undefined;
  @property({ attribute: 'user-id' }) accessor userId: string | undefined;
  /** The user's row on the current page, if any: fresher than what the panel loaded. */
  @property({ attribute: false }) accessor row: UserRow | undefined;
  /** The app's profile fields, for labels and value types. */
  @property({ attribute: false }) accessor profileFields: ProfileField[] = [];
  /** Changes the server confirmed so far (UserMutations.confirmedChanges): a new one reloads the history. */
  @property({ type: Number, attribute: false }) accessor confirmedChanges = 0;
  /** The app's tags, to name them in the history. */
  @property({ attribute: false }) accessor tags: TagWithCount[] = [];
  @property({ type: Boolean }) accessor open = false;
  /** The caller may ban, unban and change tags: those actions and "Change tags" are offered. */
  @property({ type: Boolean, attribute: 'can-tag' }) accessor canTag = false;
  /** The caller may edit, reset passwords and delete. */
  @property({ type: Boolean, attribute: 'can-administer' }) accessor canAdminister = false;
  /** The edit in progress (set by the owner after edit-start): the panel shows the form. */
  @property({ attribute: false }) accessor edit: ProfileEdit | undefined;
  /** A section to scroll to and focus when opened ("Last access" opens the activity). */
  @property() accessor section: 'activity' | undefined;

  private readonly dialog = new DialogController(this);

  /** The user, loaded whenever the panel opens on one: a newer user aborts the load on its way. */
  private readonly profileTask = new Task(this, {
    args: () => [this.api, this.open ? this.userId : undefined] as const,
    task: async ([api, userId], { signal }): Promise<Profile | typeof initialState> => {
      if (!api || !userId) return initialState;
      try {
        const { user } = await api.request(UserProfileDocument, { id: userId }, signal);
        if (!user) throw new ApiError('NOT_FOUND', 'This user no longer exists');
        return user;
      } catch (error) {
        throw isAbort(error) || (error instanceof ApiError && error.code === 'NOT_FOUND') ? error : reportFailure(this, 'loadUser', error, this.l);
      }
    },
    onComplete: (user) => {
      this.arrived = true;
      this.dispatchEvent(new CustomEvent<UserRow>('user-loaded', { detail: user, bubbles: true }));
    },
  });
  /** The user arrived since the last update (the section to open can be found now). */
  private arrived = false;

  /** The loaded user, when it is the one the panel shows. */
  private get profile(): Profile | undefined {
    const loaded = this.profileTask.value;
    return loaded && loaded.id === this.userId ? loaded : undefined;
  }

  private get loadError(): ApiError | undefined {
    return this.profileTask.status === TaskStatus.ERROR ? toApiError(this.profileTask.error) : undefined;
  }

  override updated(changed: PropertyValues<this>): void {
    this.dialog.sync(this.open && !!this.userId);
    // A change confirmed while the panel is open (an edit, tags, status) shows in its profile and history at once.
    if (changed.has('confirmedChanges') && changed.get('confirmedChanges') !== undefined && this.open) {
      void this.profileTask.run();
      void this.renderRoot.querySelector<UmAuditTrail>('um-audit-trail')?.refresh();
    }
    // Into the form: its first field; out of it: back to "Edit".
    if (changed.has('edit') && this.open && !!changed.get('edit') !== !!this.edit) {
      const form = this.edit ? this.renderRoot.querySelector('um-user-form') : null;
      if (form) void form.updateComplete.then(() => form.shadowRoot?.querySelector<HTMLElement>('input')?.focus());
      else this.renderRoot.querySelector<HTMLElement>('#edit')?.focus();
    }
    if (this.open && this.section && (changed.has('open') || changed.has('section') || this.arrived)) {
      const target = this.renderRoot.querySelector<HTMLElement>(`#${this.section}`);
      if (target) {
        target.scrollIntoView({ block: 'start' });
        target.focus();
      }
    }
    this.arrived = false;
  }

  override render() {
    const user = this.profile ? { ...this.profile, ...(this.row ?? {}) } : this.row;
    const label = user ? displayName(user) : this.t('profile.user');
    return this.dialog.render({
      label,
      placement: 'end',
      body: this.open ? html`<div part="profile" @api-error=${this.passOnFailure}>${user ? this.renderUser(user) : this.renderLoading()}</div>` : '',
      footer: html`<button class="button" type="button" @click=${() => this.dialog.close()}>${this.t('profile.close')}</button>`,
    });
  }

  private renderLoading() {
    if (this.loadError) return this.renderError();
    return html`<p class="muted" role="status">${this.t('profile.loading')}</p>`;
  }

  private renderError() {
    return html`<div role="alert">
      <p class="error">${this.t('profile.loadError', { message: this.loadError?.message ?? '' })}</p>
      <button class="button" type="button" @click=${() => this.profileTask.run()}>${this.t('common.tryAgain')}</button>
    </div>`;
  }

  private renderUser(user: UserRow & Partial<Profile>) {
    const fields = this.profileFields;
    const profile = this.profile?.profile ?? {};
    const known = new Set(fields.map((field) => field.key));
    const extraKeys = Object.keys(profile).filter((key) => !known.has(key));
    return html`
      ${this.loadError ? this.renderError() : nothing} ${this.renderActions(user)}
      ${this.edit ? this.renderForm(user) : this.renderDetails(user, fields, profile, extraKeys)}
      <section id="activity" tabindex="-1" aria-labelledby="activity-heading">
        <h3 id="activity-heading">${this.t('profile.activity')}</h3>
        <um-activity-timeline .api=${this.api} user-id=${user.id}></um-activity-timeline>
      </section>
      <section aria-labelledby="history-heading">
        <h3 id="history-heading">${this.t('profile.history')}</h3>
        <um-audit-trail .api=${this.api} user-id=${user.id} .names=${this.changeNames()}></um-audit-trail>
      </section>
    `;
  }

  /** The row's actions, as far as the role goes: edit, ban or unban, reset password, delete. */
  private renderActions(user: UserRow) {
    if (!this.canTag && !this.canAdminister) return nothing;
    const name = displayName(user);
    const banned = user.status === 'BANNED';
    const act = (action: RowAction) => this.send('row-action', { userId: user.id, action });
    return html`<div class="actions" role="group" aria-label=${this.t('profile.actionsFor', { name })}>
      ${this.canAdminister ? html`<button id="edit" class="button" type="button" ?disabled=${!!this.edit || !this.profile} @click=${() => this.send('edit-start', { userId: user.id })}>${this.t('profile.edit')}</button>` : nothing}
      ${
        this.canTag
          ? html`<button
              class="button ${banned ? '' : 'danger-outline'}"
              type="button"
              @click=${() => this.send('status-request', { userId: user.id, status: banned ? 'ACTIVE' : 'BANNED' })}
            >
              ${this.t(banned ? 'profile.unban' : 'profile.ban')}
            </button>`
          : nothing
      }
      ${
        this.canAdminister
          ? html`<button class="button" type="button" @click=${() => act('reset-password')}>${this.t('profile.resetPassword')}</button>
              <button class="button danger-outline" type="button" @click=${() => act('delete')}>${this.t('profile.delete')}</button>`
          : nothing
      }
    </div>`;
  }

  /** Account, profile and tags as the user form, in place. */
  private renderForm(user: UserRow & Partial<Profile>) {
    const edit = this.edit!;
    return html`<section aria-labelledby="edit-heading">
      <h3 id="edit-heading">${this.t('profile.editing', { name: displayName(user) })}</h3>
      <um-user-form
        mode="edit"
        .user=${{ ...user, profile: this.profile?.profile ?? {} }}
        .fields=${this.profileFields}
        .tags=${this.tags}
        .errors=${edit.errors}
        ?busy=${edit.busy}
        @user-save=${(event: CustomEvent<UserFormEvents['user-save']>) => {
          event.stopPropagation();
          this.send('user-save', { userId: user.id, input: event.detail.input });
        }}
        @form-cancel=${(event: Event) => {
          event.stopPropagation();
          this.send('edit-cancel', { userId: user.id });
        }}
      ></um-user-form>
    </section>`;
  }

  private renderDetails(user: UserRow & Partial<Profile>, fields: ProfileField[], profile: Record<string, unknown>, extraKeys: string[]) {
    return html`
      <section aria-labelledby="account-heading">
        <h3 id="account-heading">${this.t('profile.account')}</h3>
        <dl>
          <dt>${this.t('profile.email')}</dt>
          <dd>${user.email}</dd>
          <dt>${this.t('profile.name')}</dt>
          <dd>${user.name || html`<span class="muted">${this.t('profile.noName')}</span>`}</dd>
          <dt>${this.t('profile.status')}</dt>
          <dd><span class="badge ${user.status === 'BANNED' ? 'banned' : ''}">${this.t(`status.${user.status}`)}</span></dd>
          <dt>${this.t('profile.signedUp')}</dt>
          <dd>${this.l.dateTime(user.signedUpAt)}</dd>
          <dt>${this.t('profile.lastAccess')}</dt>
          <dd>${user.lastAccessAt ? this.l.dateTime(user.lastAccessAt) : this.t('profile.never')}</dd>
        </dl>
      </section>
      ${user.status === 'BANNED' ? this.renderBan(user) : nothing}
      <section aria-labelledby="profile-heading">
        <h3 id="profile-heading">${this.t('profile.profile')}</h3>
        ${
          !this.profile
            ? html`<p class="muted">${this.t('profile.loading')}</p>`
            : fields.length === 0 && extraKeys.length === 0
              ? html`<p class="muted">${this.t('profile.noFields')}</p>`
              : html`<dl>
                  ${fields.map(
                    (field) =>
                      html`<dt>${field.label}</dt>
                        <dd>${formatProfileValue(field, profile[field.key], this.l)}</dd>`,
                  )}
                  ${extraKeys.map(
                    (key) =>
                      html`<dt>${key}</dt>
                        <dd>${formatProfileValue(undefined, profile[key], this.l)}</dd>`,
                  )}
                </dl>`
        }
      </section>
      <section aria-labelledby="tags-heading">
        <h3 id="tags-heading">${this.t('profile.tags')}</h3>
        ${
          user.tags.length > 0
            ? html`<ul class="tags" aria-labelledby="tags-heading">
                ${user.tags.map((tag) => html`<li class="chip"><span class="swatch" style="background:${tag.color}"></span>${tag.name}</li>`)}
              </ul>`
            : html`<p class="muted">${this.t('profile.noTags')}</p>`
        }
        ${
          this.canTag
            ? html`<button
                class="button"
                type="button"
                @click=${() => this.dispatchEvent(new CustomEvent('open-tags', { detail: { userId: user.id }, bubbles: true }))}
              >
                ${this.t('profile.changeTags')}
              </button>`
            : nothing
        }
      </section>
    `;
  }

  private send<Name extends keyof ProfilePanelEvents>(name: Name, detail: ProfilePanelEvents[Name]) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true }));
  }

  private renderBan(user: UserRow & Partial<Profile>) {
    return html`<section class="ban" aria-labelledby="ban-heading">
      <h3 id="ban-heading">${this.t('profile.banHeading')}</h3>
      <dl>
        <dt>${this.t('profile.bannedSince')}</dt>
        <dd>${user.bannedAt ? this.l.dateTime(user.bannedAt) : '—'}</dd>
        <dt>${this.t('profile.ends')}</dt>
        <dd>${user.bannedUntil ? this.l.dateTime(user.bannedUntil) : this.t('profile.whenUnbanned')}</dd>
        <dt>${this.t('profile.reason')}</dt>
        <dd>${user.banReason || this.t('profile.noReason')}</dd>
        ${
          user.bannedBy
            ? html`<dt>${this.t('profile.bannedBy')}</dt>
                <dd>${user.bannedBy}</dd>`
            : nothing
        }
      </dl>
    </section>`;
  }

  /** The timeline's and history's failures go on to the element (their events stop at this shadow root). */
  private passOnFailure = (event: CustomEvent<ApiErrorDetail>) => {
    event.stopPropagation();
    reportFailure(this, event.detail.operation, event.detail.error, this.l);
  };

  private changeNames(): ChangeNames {
    const tags = new Map(this.tags.map((tag) => [tag.id, tag.name]));
    const fields = new Map(this.profileFields.map((field) => [field.key, field.label]));
    return { tag: (id) => tags.get(id), field: (key) => fields.get(key), instant: (iso) => this.l.dateTime(iso) };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'um-profile-panel': UmProfilePanel;
  }
}
