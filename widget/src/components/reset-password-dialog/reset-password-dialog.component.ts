import { html, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { SendPasswordResetMutation } from '../../api/generated';
import { displayName, type UserRow } from '../../state/users';
import { sharedStyles } from '../../styles/shared.styles';
import { DialogController } from '../dialog/dialog-controller';
import { dialogStyles } from '../dialog/dialog.styles';
import { resetPasswordDialogStyles } from './reset-password-dialog.styles';
import { LocalizedElement } from '../../i18n/localized';

export type ResetResult = SendPasswordResetMutation['sendPasswordReset'];

/** What the reset dialog asks its owner to do. */
export interface ResetPasswordDialogEvents {
  'reset-password': { userId: string; delivery: 'EMAIL' | 'LINK' };
}

/**
 * Starts a password reset: "Send email" mails the user a link; "Copy one-time
 * link" hands the admin a link, copied to the clipboard and shown once. The
 * owner sends the reset and passes back `result` (or `error`).
 *
 * @fires reset-password - detail { userId, delivery }; not composed.
 * @fires dialog-close - When the dialog closes; not composed.
 */
@customElement('um-reset-password-dialog')
export class UmResetPasswordDialog extends LocalizedElement {
  static override styles = [sharedStyles, dialogStyles, resetPasswordDialogStyles];

  @property({ attribute: false }) accessor user: UserRow | undefined;
  @property({ type: Boolean }) accessor open = false;
  @property({ type: Boolean }) accessor busy = false;
  @property() accessor error = '';
  /** What the server handed out: the link's expiry and, for LINK, the link itself. */
  @property({ attribute: false }) accessor result: ResetResult | undefined;
  @state() private accessor copied: boolean | undefined;
  @query('#reset-link') private accessor linkInput: HTMLInputElement | null = null;
  private readonly dialog = new DialogController(this, () => {
    this.copied = undefined;
  });

  override updated(changed: PropertyValues<this>): void {
    this.dialog.sync(this.open && !!this.user);
    if (changed.has('result') && this.result) void this.showResult(this.result);
  }

  /** A link goes to the clipboard; the buttons were replaced by Done, and focus goes there. */
  private async showResult(result: ResetResult) {
    if (result.delivery === 'LINK') await this.copyLink();
    await this.updateComplete;
    this.dialog.focusInitial();
  }

  override render() {
    const user = this.user;
    const name = user ? displayName(user) : '';
    return this.dialog.render({
      label: this.t('reset.title', { name }),
      body: this.open && user ? this.renderBody(user, name) : '',
      footer: this.result
        ? html`<button class="button primary" type="button" autofocus @click=${() => this.dialog.close()}>${this.t('common.done')}</button>`
        : html`<button class="button primary" type="button" autofocus ?disabled=${this.busy} @click=${() => this.ask('EMAIL')}>
              ${this.t('reset.sendEmail')}
            </button>
            <button class="button" type="button" ?disabled=${this.busy} @click=${() => this.ask('LINK')}>${this.t('reset.copyLink')}</button>
            <button class="button" type="button" @click=${() => this.dialog.close()}>${this.t('common.cancel')}</button>`,
    });
  }

  private renderBody(user: UserRow, name: string) {
    const result = this.result;
    if (!result) {
      return html`<p>${this.t('reset.explain', { name })}</p>
        <p class="muted">${this.t('reset.earlierStop', { name })}</p>
        <p class="error" role="alert">${this.error}</p>`;
    }
    const until = this.l.dateTime(result.expiresAt);
    if (result.delivery === 'EMAIL') {
      return html`<p class="done" role="status">${this.t('reset.emailed', { email: user.email })}</p>
        <p>${this.t('reset.worksOnce', { until })}</p>`;
    }
    return html`<p class="done" role="status">${this.t(this.copied ? 'reset.copied' : 'reset.copyBelow')}</p>
      <div class="link-row">
        <label
          >${this.t('reset.link')}
          <input
            id="reset-link"
            class="field"
            readonly
            .value=${result.resetUrl ?? ''}
            @focus=${(event: FocusEvent) => (event.target as HTMLInputElement).select()}
          />
        </label>
        <button class="button" type="button" @click=${this.copyLink}>${this.t('reset.copy')}</button>
      </div>
      <p>${this.t('reset.notShownAgain', { until })}</p>`;
  }

  private ask(delivery: 'EMAIL' | 'LINK') {
    if (!this.user) return;
    this.dispatchEvent(
      new CustomEvent<ResetPasswordDialogEvents['reset-password']>('reset-password', { detail: { userId: this.user.id, delivery }, bubbles: true }),
    );
  }

  private copyLink = async () => {
    const url = this.result?.resetUrl;
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      this.copied = true;
    } catch {
      // No clipboard permission: the link stays selectable in the field.
      this.copied = false;
      await this.updateComplete;
      this.linkInput?.focus();
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'um-reset-password-dialog': UmResetPasswordDialog;
  }
}
