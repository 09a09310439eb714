import { html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { typedNumber } from '../../state/format';
import { sharedStyles } from '../../styles/shared.styles';
import { DialogController } from '../dialog/dialog-controller';
import { dialogStyles } from '../dialog/dialog.styles';
import { bulkDeleteDialogStyles } from './bulk-delete-dialog.styles';
import { LocalizedElement } from '../../i18n/localized';

/** What the bulk delete dialog asks its owner to do. */
export interface BulkDeleteDialogEvents {
  'bulk-delete-confirm': Record<string, never>;
  /** Ban the same users instead (through the ban dialog). */
  'bulk-ban-instead': Record<string, never>;
}

/**
 * Confirms a permanent delete of many users: how many, what goes with
 * them, that it cannot be undone, and a ban as the way to keep their data.
 * The admin types the number of users to confirm, so a slip of the mouse
 * deletes nobody. The owner deletes and says how it went in a notice.
 *
 * @fires bulk-delete-confirm - The number was typed and "Delete N users" chosen; not composed.
 * @fires bulk-ban-instead - "Ban instead"; not composed.
 * @fires dialog-close - When the dialog closes; not composed.
 */
@customElement('um-bulk-delete-dialog')
export class UmBulkDeleteDialog extends LocalizedElement {
  static override styles = [sharedStyles, dialogStyles, bulkDeleteDialogStyles];

  /** How many users would be deleted. */
  @property({ type: Number }) accessor count = 0;
  /** `count` is an estimate (every user a large filter matches). */
  @property({ type: Boolean }) accessor estimated = false;
  @property({ type: Boolean }) accessor open = false;
  @state() private accessor typed = '';
  private readonly dialog = new DialogController(this, () => (this.typed = ''));

  override updated(_changed: PropertyValues<this>): void {
    this.dialog.sync(this.open);
  }

  override render() {
    const count = { count: this.count };
    const users = this.t(this.estimated ? 'users.about' : 'users.count', count);
    const confirmed = typedNumber(this.typed) === String(this.count);
    return this.dialog.render({
      kind: 'alertdialog',
      label: this.t('bulkDelete.title', count),
      body: this.open
        ? html`<p>${this.l.rich('bulkDelete.body', { count: this.count, users: html`<strong>${users}</strong>` })}</p>
            <p class="muted">${this.t('bulkDelete.banInstead')}</p>
            <label class="block"
              >${this.t('bulkDelete.typeToConfirm', count)}
              <input
                class="field"
                autofocus
                inputmode="numeric"
                autocomplete="off"
                .value=${this.typed}
                @input=${(event: Event) => (this.typed = (event.target as HTMLInputElement).value)}
              />
            </label>`
        : '',
      footer: html`<button class="button danger" type="button" ?disabled=${!confirmed} @click=${() => this.send('bulk-delete-confirm')}>
          ${this.t('bulkDelete.confirm', count)}
        </button>
        <button class="button" type="button" @click=${() => this.send('bulk-ban-instead')}>${this.t('common.banInstead')}</button>
        <button class="button" type="button" @click=${() => this.dialog.close()}>${this.t('common.cancel')}</button>`,
    });
  }

  private send(name: keyof BulkDeleteDialogEvents) {
    this.dispatchEvent(new CustomEvent(name, { detail: {}, bubbles: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'um-bulk-delete-dialog': UmBulkDeleteDialog;
  }
}
