import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { displayName, type UserRow } from '../../state/users';
import { sharedStyles } from '../../styles/shared.styles';
import { DialogController } from '../dialog/dialog-controller';
import { dialogStyles } from '../dialog/dialog.styles';
import { deleteDialogStyles } from './delete-dialog.styles';
import { LocalizedElement } from '../../i18n/localized';

/** What the delete dialog asks its owner to do. */
export interface DeleteDialogEvents {
  'delete-user': { userId: string };
  'ban-user': { userId: string };
}

/**
 * Confirms a permanent delete: names the user, says it cannot be undone, and
 * offers a ban instead. Focus starts on Cancel. The owner does what is asked,
 * says how it goes through `busy` and `error`, and closes it by setting `open`.
 *
 * @fires delete-user - detail { userId }: "Delete permanently"; not composed.
 * @fires ban-user - detail { userId }: "Ban instead"; not composed.
 * @fires dialog-close - When the dialog closes; not composed.
 */
@customElement('um-delete-dialog')
export class UmDeleteDialog extends LocalizedElement {
  static override styles = [sharedStyles, dialogStyles, deleteDialogStyles];

  @property({ attribute: false }) accessor user: UserRow | undefined;
  @property({ type: Boolean }) accessor open = false;
  /** What was asked is on its way. */
  @property({ type: Boolean }) accessor busy = false;
  /** Why what was asked did not happen. */
  @property() accessor error = '';
  private readonly dialog = new DialogController(this);

  override updated(): void {
    this.dialog.sync(this.open && !!this.user);
  }

  override render() {
    const user = this.user;
    const name = user ? displayName(user) : '';
    const banned = user?.status === 'BANNED';
    return this.dialog.render({
      kind: 'alertdialog',
      label: this.t('delete.title', { name }),
      body:
        this.open && user
          ? html`<p>
                ${
                  user.name
                    ? this.l.rich('delete.bodyWithEmail', { name: html`<strong>${name}</strong>`, email: user.email })
                    : this.l.rich('delete.body', { name: html`<strong>${name}</strong>` })
                }
              </p>
              <p class="muted">${banned ? this.t('delete.alreadyBanned', { name }) : this.t('delete.banInstead')}</p>
              <p class="error" role="alert">${this.error}</p>`
          : '',
      footer: html`<button class="button danger" type="button" ?disabled=${this.busy} @click=${() => this.ask('delete-user')}>
          ${this.t('delete.confirm')}
        </button>
        ${banned ? nothing : html`<button class="button" type="button" ?disabled=${this.busy} @click=${() => this.ask('ban-user')}>${this.t('common.banInstead')}</button>`}
        <button class="button" type="button" autofocus @click=${() => this.dialog.close()}>${this.t('common.cancel')}</button>`,
    });
  }

  private ask(name: keyof DeleteDialogEvents) {
    if (this.user) this.dispatchEvent(new CustomEvent<DeleteDialogEvents[typeof name]>(name, { detail: { userId: this.user.id }, bubbles: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'um-delete-dialog': UmDeleteDialog;
  }
}
