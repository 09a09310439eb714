import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { UserStatus } from '../../api/generated';
import type { TagWithCount } from '../../state/users';
import { sharedStyles } from '../../styles/shared.styles';
import { bulkBarStyles } from './bulk-bar.styles';
import { LocalizedElement } from '../../i18n/localized';

export interface BulkBarEvents {
  'bulk-status': { status: UserStatus };
  'bulk-tags': { tagId: string; how: 'add' | 'remove' };
  /** Delete the selected users (after the bulk delete dialog). */
  'bulk-delete': Record<string, never>;
  'clear-selection': Record<string, never>;
  /** Select every user the filter matches, not only the rows shown. */
  'select-matching': Record<string, never>;
}

/**
 * What to do with the selected users: ban, unban, add or remove a tag, and
 * (for admins) delete. Once a
 * whole page is selected and the filter matches more, it offers to select
 * every user that matches; the actions then apply to the filter.
 *
 * @csspart bar - The bar.
 */
@customElement('um-bulk-bar')
export class UmBulkBar extends LocalizedElement {
  static override styles = [sharedStyles, bulkBarStyles];

  @property({ type: Number }) accessor count = 0;
  /** Every user the filter matches is selected (`count` is how many match). */
  @property({ type: Boolean }) accessor matching = false;
  /** How many users the filter matches, when more than are selected: "Select all N users that match" is offered. */
  @property({ type: Number }) accessor offer = 0;
  /** The count of matches is an estimate. */
  @property({ type: Boolean }) accessor estimated = false;
  @property({ attribute: false }) accessor tags: TagWithCount[] = [];
  /** The caller may delete users: "Delete selected…" is offered. */
  @property({ type: Boolean, attribute: 'can-delete' }) accessor canDelete = false;
  @state() private accessor tagId = '';

  override render() {
    const count = { count: this.count };
    return html`<div class="bar" part="bar" role="region" aria-label=${this.t('bulk.label')}>
      <span class="count" role="status"
        >${this.matching ? this.t(this.estimated ? 'bulk.allMatchingAbout' : 'bulk.allMatching', count) : this.t('bulk.selected', count)}</span
      >
      ${
        this.offer > 0 && !this.matching
          ? html`<button class="button link" type="button" @click=${() => this.send('select-matching', {})}>
              ${this.t(this.estimated ? 'bulk.selectMatchingAbout' : 'bulk.selectMatching', { count: this.offer })}
            </button>`
          : nothing
      }
      <button class="button" type="button" @click=${() => this.send('bulk-status', { status: 'BANNED' })}>${this.t('bulk.ban')}</button>
      <button class="button" type="button" @click=${() => this.send('bulk-status', { status: 'ACTIVE' })}>${this.t('bulk.unban')}</button>
      <span class="separator" aria-hidden="true"></span>
      <select
        class="field"
        aria-label=${this.t('bulk.tag')}
        .value=${this.tagId}
        @change=${(event: Event) => (this.tagId = (event.target as HTMLSelectElement).value)}
      >
        <option value="">${this.t('bulk.chooseTag')}</option>
        ${this.tags.map((tag) => html`<option value=${tag.id}>${tag.name}</option>`)}
      </select>
      <button class="button" type="button" ?disabled=${!this.tagId} @click=${() => this.send('bulk-tags', { tagId: this.tagId, how: 'add' })}>
        ${this.t('bulk.addTag')}
      </button>
      <button class="button" type="button" ?disabled=${!this.tagId} @click=${() => this.send('bulk-tags', { tagId: this.tagId, how: 'remove' })}>
        ${this.t('bulk.removeTag')}
      </button>
      ${
        this.canDelete
          ? html`<span class="separator" aria-hidden="true"></span>
              <button class="button danger-outline" type="button" @click=${() => this.send('bulk-delete', {})}>${this.t('bulk.delete')}</button>`
          : nothing
      }
      <button class="button quiet end" type="button" @click=${() => this.send('clear-selection', {})}>${this.t('bulk.clear')}</button>
    </div>`;
  }

  private send<Name extends keyof BulkBarEvents>(name: Name, detail: BulkBarEvents[Name]) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'um-bulk-bar': UmBulkBar;
  }
}
