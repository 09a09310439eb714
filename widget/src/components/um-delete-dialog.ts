import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { DeleteUserDocument } from '../api/generated';
import { displayName, type UserListController, type UserRow } from '../state/user-list';
import { controlStyles } from '../styles/theme';
import { DialogController, dialogStyles } from './dialog';

/**
 * Confirms a permanent delete: names the user, says it cannot be undone, and
 * offers a ban instead. Focus starts on Cancel.
 *
 * @fires dialog-close - When the dialog closes; not composed.
 */
@customElement('um-delete-dialog')
export class UmDeleteDialog extends LitElement {
  static override styles = [
    controlStyles,
    dialogStyles,
    css`
      p {
        margin: 0 0 var(--um-space);
      }
      .error {
        color: var(--um-color-danger);
      }
    `,
  ];

  @property({ attribute: false }) accessor user: UserRow | undefined;
  @property({ attribute: false }) accessor list: UserListController | undefined;
  @property({ type: Boolean }) accessor open = false;
  @state() private accessor busy = false;
  @state() private accessor error = '';
  private readonly dialog = new DialogController(this, () => {
    this.error = '';
  });

  override updated(): void {
    this.dialog.sync(this.open && !!this.user);
  }

  override render() {
    const user = this.user;
    const name = user ? displayName(user) : '';
    const banned = user?.status === 'BANNED';
    return this.dialog.render({
      kind: 'alertdialog',
      label: `Delete ${name}?`,
      body:
        this.open && user
          ? html`<p>
                This permanently deletes <strong>${name}</strong>${user.name ? html` (${user.email})` : nothing} with their tags, activity and
                password reset links. It cannot be undone.
              </p>
              <p class="muted">${banned ? `${name} is already banned and cannot sign in.` : `To keep their data but stop them signing in, ban them instead.`}</p>
              <p class="error" role="alert">${this.error}</p>`
          : '',
      footer: html`<button class="button danger" type="button" ?disabled=${this.busy} @click=${this.deleteUser}>Delete permanently</button>
        ${banned ? nothing : html`<button class="button" type="button" ?disabled=${this.busy} @click=${this.banInstead}>Ban instead</button>`}
        <button class="button" type="button" autofocus @click=${() => this.dialog.close()}>Cancel</button>`,
    });
  }

  private async deleteUser() {
    const { list, user } = this;
    const api = list?.api;
    if (!list || !user || !api) return;
    this.busy = true;
    this.error = '';
    try {
      await api.request(DeleteUserDocument, { id: user.id });
      list.removeRow(user.id);
      list.say('success', `Deleted ${displayName(user)}`);
      list.emitEvent('um-user-delete', { userId: user.id, email: user.email });
      this.dialog.close();
    } catch (error) {
      this.error = `Could not delete ${displayName(user)}: ${list.failed('deleteUser', error).message}`;
    } finally {
      this.busy = false;
    }
  }

  private async banInstead() {
    const { list, user } = this;
    if (!list || !user) return;
    this.busy = true;
    const banned = await list.setStatus([user.id], 'BANNED');
    this.busy = false;
    if (banned) this.dialog.close();
    else this.error = list.notice?.message ?? `Could not ban ${displayName(user)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'um-delete-dialog': UmDeleteDialog;
  }
}
