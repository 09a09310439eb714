import { css, html, LitElement } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { SendPasswordResetDocument, type SendPasswordResetMutation } from '../api/generated';
import { displayName, type UserListController, type UserRow } from '../state/user-list';
import { controlStyles } from '../styles/theme';
import { DialogController, dialogStyles } from './dialog';
import { formatDateTime } from './format';

type Result = SendPasswordResetMutation['sendPasswordReset'];

/**
 * Starts a password reset: "Send email" mails the user a link; "Copy one-time
 * link" hands the admin a link, copied to the clipboard and shown once.
 *
 * @fires dialog-close - When the dialog closes; not composed.
 */
@customElement('um-reset-password-dialog')
export class UmResetPasswordDialog extends LitElement {
  static override styles = [
    controlStyles,
    dialogStyles,
    css`
      p {
        margin: 0 0 var(--um-space);
      }
      .link-row {
        display: flex;
        gap: var(--um-space);
        align-items: flex-end;
        margin-bottom: var(--um-space);
      }
      .link-row label {
        display: flex;
        flex-direction: column;
        gap: 4px;
        flex: 1;
      }
      .link-row input {
        width: 100%;
        font-family: ui-monospace, monospace;
        font-size: 0.9em;
      }
      .error {
        color: var(--um-color-danger);
      }
      .done {
        color: var(--um-color-success);
        font-weight: 600;
      }
    `,
  ];

  @property({ attribute: false }) accessor user: UserRow | undefined;
  @property({ attribute: false }) accessor list: UserListController | undefined;
  @property({ type: Boolean }) accessor open = false;
  @state() private accessor busy = false;
  @state() private accessor error = '';
  @state() private accessor result: Result | undefined;
  @state() private accessor copied: boolean | undefined;
  @query('#reset-link') private accessor linkInput: HTMLInputElement | null = null;
  private readonly dialog = new DialogController(this, () => {
    this.error = '';
    this.result = undefined;
    this.copied = undefined;
  });

  override updated(): void {
    this.dialog.sync(this.open && !!this.user);
  }

  override render() {
    const user = this.user;
    const name = user ? displayName(user) : '';
    return this.dialog.render({
      label: `Reset password for ${name}`,
      body: this.open && user ? this.renderBody(user, name) : '',
      footer: this.result
        ? html`<button class="button primary" type="button" autofocus @click=${() => this.dialog.close()}>Done</button>`
        : html`<button class="button primary" type="button" autofocus ?disabled=${this.busy} @click=${() => this.reset('EMAIL')}>Send email</button>
            <button class="button" type="button" ?disabled=${this.busy} @click=${() => this.reset('LINK')}>Copy one-time link</button>
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
          <input id="reset-link" class="field" readonly .value=${result.resetUrl ?? ''} @focus=${(event: FocusEvent) => (event.target as HTMLInputElement).select()} />
        </label>
        <button class="button" type="button" @click=${this.copyLink}>Copy link</button>
      </div>
      <p>It works once, until ${until}, and is not shown again.</p>`;
  }

  private async reset(delivery: 'EMAIL' | 'LINK') {
    const { list, user } = this;
    const api = list?.api;
    if (!list || !user || !api) return;
    this.busy = true;
    this.error = '';
    try {
      const { sendPasswordReset } = await api.request(SendPasswordResetDocument, { userId: user.id, delivery });
      this.result = sendPasswordReset;
      list.emitEvent('um-password-reset', { userId: user.id, delivery });
      if (delivery === 'LINK') await this.copyLink();
      await this.updateComplete;
      this.dialog.focusInitial();
    } catch (error) {
      this.error = `Could not reset the password of ${displayName(user)}: ${list.failed('sendPasswordReset', error).message}`;
    } finally {
      this.busy = false;
    }
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
