import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { REQUIRED_COLUMN, type Column } from '../../state/columns';
import { popoverStyles } from '../../styles/popover.styles';
import { sharedStyles } from '../../styles/shared.styles';
import { columnChooserStyles } from './column-chooser.styles';
import { DisclosureController } from '../../controllers/disclosure';
import { LocalizedElement } from '../../i18n/localized';

/** What the chooser asks its owner to do. */
export interface ColumnChooserEvents {
  /** Show one column (at the end) or hide it. */
  'column-toggle': { id: string; visible: boolean };
  /** Move a shown column one place earlier (−1) or later (+1). */
  'column-move': { id: string; by: -1 | 1 };
  /** Back to the host's columns (or the default ones). */
  'columns-reset': Record<string, never>;
}

/**
 * "Columns": a disclosure button and its panel, one line per column the
 * table can show (the shown ones first, in their order) with a box to show
 * it and buttons to move it. Escape closes the panel and returns to the
 * button; so does a click elsewhere. The name column is always shown.
 *
 * @fires column-toggle - detail { id, visible }
 * @fires column-move - detail { id, by }
 * @fires columns-reset
 */
@customElement('um-column-chooser')
export class UmColumnChooser extends LocalizedElement {
  static override styles = [sharedStyles, popoverStyles, columnChooserStyles];

  @property({ attribute: false }) accessor columns: ReadonlyArray<{ column: Column; visible: boolean }> = [];
  private readonly panel = new DisclosureController(this, '.chooser', '#columns-button');

  override render() {
    const shown = this.columns.filter((entry) => entry.visible).length;
    return html`<div class="chooser popover-anchor" @keydown=${this.panel.onKeydown}>
      <button
        id="columns-button"
        class="button"
        type="button"
        aria-expanded=${this.panel.open ? 'true' : 'false'}
        aria-controls="columns-panel"
        @click=${() => this.panel.toggle()}
      >
        ${this.t('columns.button')}
      </button>
      <div id="columns-panel" class="popover" role="group" aria-label=${this.t('columns.button')} ?hidden=${!this.panel.open}>
        <ul>
          ${repeat(
            this.columns,
            ({ column }) => column.id,
            ({ column, visible }, index) => {
              const required = column.id === REQUIRED_COLUMN;
              return html`<li data-column=${column.id}>
                <label title=${column.label}>
                  <input
                    type="checkbox"
                    .checked=${live(visible)}
                    ?disabled=${required}
                    @change=${(event: Event) => this.send('column-toggle', { id: column.id, visible: (event.target as HTMLInputElement).checked })}
                  />
                  <span class="clip">${column.label}</span>${required ? html`<span class="visually-hidden">${this.t('columns.alwaysShown')}</span>` : ''}
                </label>
                <button
                  class="button quiet"
                  type="button"
                  aria-label=${this.t('columns.earlier', { column: column.label })}
                  ?disabled=${!visible || index === 0}
                  @click=${() => this.send('column-move', { id: column.id, by: -1 })}
                >
                  <span aria-hidden="true">↑</span>
                </button>
                <button
                  class="button quiet"
                  type="button"
                  aria-label=${this.t('columns.later', { column: column.label })}
                  ?disabled=${!visible || index >= shown - 1}
                  @click=${() => this.send('column-move', { id: column.id, by: 1 })}
                >
                  <span aria-hidden="true">↓</span>
                </button>
              </li>`;
            },
          )}
        </ul>
        <button class="button" type="button" @click=${() => this.send('columns-reset', {})}>${this.t('columns.reset')}</button>
      </div>
    </div>`;
  }

  private send<Name extends keyof ColumnChooserEvents>(name: Name, detail: ColumnChooserEvents[Name]) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'um-column-chooser': UmColumnChooser;
  }
}
