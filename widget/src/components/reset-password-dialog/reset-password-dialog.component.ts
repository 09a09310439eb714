import { html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { SendPasswordResetMutation } from '../../api/generated';
import { displayName, type UserRow } from '../../state/users';
import { sharedStyles } from '../../styles/shared.styles';
import { DialogController } from '../dialog/dialog-controller';
import { dialogStyles } from '../dialog/dialog.styles';
import { formatDateTime } from '../../state/format';
import { resetPasswordDialogStyles } from './reset-password-dialog.styles';

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
export class UmResetPasswordDialog extends LitElement {
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
      label: `Reset password for ${name}`,
      body: this.open && user ? this.renderBody(user, name) : '',
      footer: this.result
        ? html`<button class="button primary" type="button" autofocus @click=${() => this.dialog.close()}>Done</button>`
        : html`<button class="button primary" type="button" autofocus ?disabled=${this.busy} @click=${() => this.ask('EMAIL')}>Send email</button>
            <button class="button" type="button" ?disabled=${this.busy} @click=${() => this.ask('LINK')}>Copy one-time link</button>
            <button class="button" type="button" @click=${() => this.dialog.close()}>Cancel</button>`,
    });
  }

  private renderBody(user: UserRow, name: string) {
    const result = this.result;
    if (!result) {
      return html`<p>Send ${name} an email with a link to choose a new password, or copy a one-time link to pass on yourself.</p>
        <p class="muted">Any earlier reset link of ${name} stops working.</p>
        <p class="error" role="alert">${this.error}</p>`;
    }
    const until = formatDateTime(result.expiresAt);
    if (result.delivery === 'EMAIL') {
      return html`<p class="done" role="status">A reset link was emailed to ${user.email}.</p>
        <p>It works once, until ${until}.</p>`;
    }
    return html`<p class="done" role="status">${this.copied ? 'The one-time link is copied to your clipboard.' : 'Copy the one-time link below.'}</p>
      <div class="link-row">
        <label
          >One-time reset link
          <input
            id="reset-link"
            class="field"
            readonly
            .value=${result.resetUrl ?? ''}
            @focus=${(event: FocusEvent) => (event.target as HTMLInputElement).select()}
          />
        </label>
        <button class="button" type="button" @click=${this.copyLink}>Copy link</button>
      </div>
      <p>It works once, until ${until}, and is not shown again.</p>`;
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
