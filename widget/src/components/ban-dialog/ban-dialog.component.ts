import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { sharedStyles } from '../../styles/shared.styles';
import { DialogController } from '../dialog/dialog-controller';
import { dialogStyles } from '../dialog/dialog.styles';
import { banEnd, type BanDuration } from '../../state/bans';
import { banDialogStyles } from './ban-dialog.styles';
import { LocalizedElement } from '../../i18n/localized';

const DURATIONS: readonly BanDuration[] = ['1d', '7d', '30d', 'date', 'forever'];

/** What the ban dialog asks its owner to do. */
export interface BanDialogEvents {
  'ban-confirm': { reason: string | null; bannedUntil: string | null };
}

/**
 * Confirms a ban of one user or many: a reason (kept in the history; the
 * user does not see it), how long (1, 7 or 30 days, until a date, or until
 * unbanned), and a button that says what happens ("Ban 50 users"). The
 * owner bans, shows it at once, and says in its notice how it went.
 *
 * @fires ban-confirm - detail { reason, bannedUntil }; not composed.
 * @fires dialog-close - When the dialog closes; not composed.
 */
@customElement('um-ban-dialog')
export class UmBanDialog extends LocalizedElement {
  static override styles = [sharedStyles, dialogStyles, banDialogStyles];

  /** Who is banned, as people read it: "Grace Hopper", "50 users". */
  @property() accessor who = '';
  /** How many users the ban is for (the confirm button says it). */
  @property({ type: Number }) accessor count = 1;
  /** How many of the users the filter matches are banned already: they keep the ban they have. */
  @property({ type: Number }) accessor already = 0;
  @property({ type: Boolean }) accessor open = false;
  @state() private accessor reason = '';
  @state() private accessor duration: BanDuration = 'forever';
  @state() private accessor day = '';
  @state() private accessor problem = '';
  private readonly dialog = new DialogController(this, () => {
    this.reason = '';
    this.duration = 'forever';
    this.day = '';
    this.problem = '';
  });

  override updated(_changed: PropertyValues<this>): void {
    this.dialog.sync(this.open);
  }

  override render() {
    const action = this.t('ban.confirm', { who: this.who });
    return this.dialog.render({
      kind: 'alertdialog',
      label: this.t('ban.title', { who: this.who }),
      body: this.open ? this.renderBody() : '',
      footer: html`<button class="button danger" type="button" @click=${this.confirm}>${action}</button>
        <button class="button" type="button" @click=${() => this.dialog.close()}>${this.t('common.cancel')}</button>`,
    });
  }

  private renderBody() {
    const today = new Date();
    const pad = (value: number) => String(value).padStart(2, '0');
    const min = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
    return html`<p>${this.t('ban.explain', { count: this.count })}</p>
      ${this.already > 0 ? html`<p>${this.t('ban.already', { count: this.already })}</p>` : nothing}
      <label class="block"
        >${this.t('ban.reason')}
        <textarea
          class="field"
          autofocus
          maxlength="500"
          placeholder=${this.t('ban.reasonPlaceholder')}
          .value=${this.reason}
          @input=${(event: Event) => (this.reason = (event.target as HTMLTextAreaElement).value)}
        ></textarea>
      </label>
      <fieldset>
        <legend>${this.t('ban.howLong')}</legend>
        ${DURATIONS.map(
          (value) =>
            html`<div class="choice">
              <input type="radio" id="duration-${value}" name="duration" .checked=${this.duration === value} @change=${() => this.choose(value)} />
              <label for="duration-${value}">${this.t(`ban.duration.${value}`)}</label>
              ${
                value === 'date' && this.duration === 'date'
                  ? html`<input
                      class="field"
                      type="date"
                      aria-label=${this.t('ban.until')}
                      min=${min}
                      .value=${this.day}
                      @change=${(event: Event) => {
                        this.day = (event.target as HTMLInputElement).value;
                        this.problem = '';
                      }}
                    />`
                  : nothing
              }
            </div>`,
        )}
      </fieldset>
      <p class="error" role="alert">${this.problem}</p>`;
  }

  private choose(duration: BanDuration) {
    this.duration = duration;
    this.problem = '';
  }

  private confirm() {
    const bannedUntil = banEnd(this.duration, this.day);
    if (bannedUntil === undefined) {
      this.problem = this.t(this.day ? 'ban.dayAfterToday' : 'ban.chooseDay');
      return;
    }
    const reason = this.reason.trim() || null;
    this.dispatchEvent(new CustomEvent<BanDialogEvents['ban-confirm']>('ban-confirm', { detail: { reason, bannedUntil }, bubbles: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'um-ban-dialog': UmBanDialog;
  }
}
