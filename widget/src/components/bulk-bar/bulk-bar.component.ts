import { html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { UserStatus } from '../../api/generated';
import type { TagWithCount } from '../../state/users';
import { sharedStyles } from '../../styles/shared.styles';
import { bulkBarStyles } from './bulk-bar.styles';
import { plural } from '../format';

export interface BulkBarEvents {
  'bulk-status': { status: UserStatus };
  'bulk-tags': { tagId: string; how: 'add' | 'remove' };
  'clear-selection': Record<string, never>;
}

/**
 * What to do with the selected users: ban, unban, add or remove a tag.
 *
 * @csspart bar - The bar.
 */
@customElement('um-bulk-bar')
export class UmBulkBar extends LitElement {
  static override styles = [sharedStyles, bulkBarStyles];

  @property({ type: Number }) accessor count = 0;
  @property({ attribute: false }) accessor tags: TagWithCount[] = [];
  @state() private accessor tagId = '';

  override render() {
    return html`<div class="bar" part="bar" role="region" aria-label="Bulk actions">
      <span class="count" role="status">${plural(this.count, 'user')} selected</span>
      <button class="button" type="button" @click=${() => this.send('bulk-status', { status: 'BANNED' })}>Ban selected</button>
      <button class="button" type="button" @click=${() => this.send('bulk-status', { status: 'ACTIVE' })}>Unban selected</button>
      <span class="separator" aria-hidden="true"></span>
      <select
        class="field"
        aria-label="Tag for the selected users"
        .value=${this.tagId}
        @change=${(event: Event) => (this.tagId = (event.target as HTMLSelectElement).value)}
      >
        <option value="">Choose a tag…</option>
        ${this.tags.map((tag) => html`<option value=${tag.id}>${tag.name}</option>`)}
      </select>
      <button class="button" type="button" ?disabled=${!this.tagId} @click=${() => this.send('bulk-tags', { tagId: this.tagId, how: 'add' })}>Add tag</button>
      <button class="button" type="button" ?disabled=${!this.tagId} @click=${() => this.send('bulk-tags', { tagId: this.tagId, how: 'remove' })}>
        Remove tag
      </button>
      <button class="button quiet end" type="button" @click=${() => this.send('clear-selection', {})}>Clear selection</button>
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
