import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { viewCount, type SavedView } from '../../controllers/saved-views';
import type { StatusCounts } from '../../state/users';
import { sharedStyles } from '../../styles/shared.styles';
import { viewBarStyles } from './view-bar.styles';
import { LocalizedElement } from '../../i18n/localized';

/** What the bar asks its owner to do. */
export interface ViewBarEvents {
  /** Show the view: its filter, order and columns. */
  'view-open': { id: string };
  /** Save what is shown now as a new view of this name. */
  'view-save': { name: string };
  /** Save what is shown now into the open view. */
  'view-update': { id: string };
  'view-delete': { id: string };
}

/**
 * The app's saved views beside the status tabs, each with how many users it
 * shows now; the open one is pressed. Managers and admins also get "Save
 * view" (a name, then Save), and for the open view "Update view" (what is
 * shown now goes into it) and "Delete view".
 *
 * @fires view-open - detail { id }
 * @fires view-save - detail { name }
 * @fires view-update - detail { id }
 * @fires view-delete - detail { id }
 */
@customElement('um-view-bar')
export class UmViewBar extends LocalizedElement {
  static override styles = [sharedStyles, viewBarStyles];

  @property({ attribute: false }) accessor views: readonly SavedView[] = [];
  @property({ attribute: false }) accessor counts: ReadonlyMap<string, StatusCounts> = new Map();
  /** The open view's id. */
  @property() accessor active: string | undefined;
  /** The caller may save, update and delete views. */
  @property({ type: Boolean, attribute: 'can-save' }) accessor canSave = false;
  /** Why the last save was refused (the owner sets it; a new name clears it). */
  @property() accessor error = '';
  /** The name being typed for a new view, while the form is open. */
  @state() private accessor naming: string | undefined;
  @query('#view-name') private accessor nameInput: HTMLInputElement | null = null;

  /** The form closes once the owner saved the view (it becomes the open one). */
  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('active') && this.active && this.naming !== undefined && !this.error) this.naming = undefined;
  }

  override render() {
    if (this.views.length === 0 && !this.canSave) return nothing;
    const active = this.views.find((view) => view.id === this.active);
    return html`<div class="bar" role="group" aria-label=${this.t('views.label')}>
      ${this.views.map((view) => {
        const shown = viewCount(view, this.counts.get(view.id));
        return html`<button
          class="view"
          type="button"
          aria-pressed=${view.id === this.active ? 'true' : 'false'}
          @click=${() => this.send('view-open', { id: view.id })}
        >
          <span class="clip">${view.name}</span>
          <span class="tab-count">${shown ? this.l.count(shown.count, shown.estimated) : '…'}</span>
        </button>`;
      })}
      ${this.canSave ? this.renderSave(active) : nothing}
    </div>`;
  }

  private renderSave(active: SavedView | undefined) {
    if (this.naming !== undefined) {
      return html`<form class="naming" @submit=${this.onSubmit} @keydown=${this.onFormKeydown}>
        <label for="view-name" class="visually-hidden">${this.t('views.newName')}</label>
        <input
          id="view-name"
          class="field"
          maxlength="80"
          placeholder=${this.t('views.newName')}
          aria-invalid=${this.error ? 'true' : 'false'}
          aria-describedby="view-error"
          .value=${live(this.naming)}
          @input=${(event: Event) => (this.naming = (event.target as HTMLInputElement).value)}
        />
        <button class="button primary" type="submit" ?disabled=${this.naming.trim() === ''}>${this.t('common.save')}</button>
        <button class="button quiet" type="button" @click=${() => (this.naming = undefined)}>${this.t('common.cancel')}</button>
        <span id="view-error" class="error" role="alert">${this.error}</span>
      </form>`;
    }
    return html`<button class="button quiet" type="button" @click=${this.startNaming}>${this.t('views.saveView')}</button> ${
        active
          ? html`<button class="button quiet" type="button" @click=${() => this.send('view-update', { id: active.id })}>
                ${this.t('views.update', { name: active.name })}
              </button>
              <button class="button quiet danger" type="button" @click=${() => this.send('view-delete', { id: active.id })}>
                ${this.t('views.delete', { name: active.name })}
              </button>`
          : nothing
      }`;
  }

  private startNaming = async () => {
    this.naming = '';
    this.error = '';
    await this.updateComplete;
    this.nameInput?.focus();
  };

  private onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const name = this.naming?.trim();
    if (name) this.send('view-save', { name });
  }

  private onFormKeydown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.stopPropagation();
      this.naming = undefined;
    }
  }

  private send<Name extends keyof ViewBarEvents>(name: Name, detail: ViewBarEvents[Name]) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'um-view-bar': UmViewBar;
  }
}
