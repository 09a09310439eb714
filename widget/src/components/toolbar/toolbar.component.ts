import { html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { TagWithCount } from '../../state/users';
import { dateRangeProblem, EMPTY_FILTERS, hasFilters, withTagMode, type FilterState, type TagMode } from '../../state/user-filters';
import { popoverStyles } from '../../styles/popover.styles';
import { sharedStyles } from '../../styles/shared.styles';
import { toolbarStyles } from './toolbar.styles';
import { DisclosureController } from '../../controllers/disclosure';
import { LocalizedElement } from '../../i18n/localized';

/** How long typing pauses before the search runs. */
export const SEARCH_DEBOUNCE_MS = 250;

/**
 * Search, signup date range, tag filter (all / any / none per tag) and
 * "Clear filters". Keeps the status tab as it is. Below 640 px wide the
 * filters fold into one "Filters" button (with how many are set).
 *
 * @fires filters-change - detail: the new FilterState; not composed.
 * @slot actions - Buttons at the end of the bar (Import, Export).
 * @csspart search - The search box.
 */
@customElement('um-toolbar')
export class UmToolbar extends LocalizedElement {
  static override styles = [sharedStyles, popoverStyles, toolbarStyles];

  @property({ attribute: false }) accessor filters: FilterState = EMPTY_FILTERS;
  @property({ attribute: false }) accessor tags: TagWithCount[] = [];
  /** On a narrow screen the dates and the tag filter fold into "Filters"; this is whether they are unfolded. */
  @state() private accessor filtersOpen = false;
  private readonly tagPanel = new DisclosureController(this, '.tag-filter', '#tag-filter-button');

  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private pendingSearch: string | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.searchTimer);
  }

  override render() {
    const tagCount = Object.keys(this.filters.tags).length;
    const problem = dateRangeProblem(this.filters);
    const activeFilters = tagCount + (this.filters.signedUpFrom ? 1 : 0) + (this.filters.signedUpTo ? 1 : 0);
    return html`<div class="bar">
      <div class="search" role="search">
        <input
          class="field"
          part="search"
          type="search"
          aria-label=${this.t('toolbar.search')}
          placeholder=${this.t('toolbar.searchPlaceholder')}
          .value=${live(this.pendingSearch ?? this.filters.search)}
          @input=${this.onSearchInput}
          @keydown=${this.onSearchKeydown}
        />
        <slot name="after-search"></slot>
      </div>
      <button
        class="button filters-toggle"
        type="button"
        aria-expanded=${this.filtersOpen ? 'true' : 'false'}
        aria-controls="filters"
        @click=${() => (this.filtersOpen = !this.filtersOpen)}
      >
        ${this.t('toolbar.filters')}
        ${activeFilters > 0 ? html`<span class="count" aria-label=${this.t('toolbar.active', { count: activeFilters })}>${this.l.count(activeFilters)}</span>` : ''}
      </button>
      <div id="filters" class="filters ${this.filtersOpen ? 'open' : ''}">
        <div class="dates" role="group" aria-label=${this.t('toolbar.signupDate')}>
          <label class="small"
            >${this.t('toolbar.from')}
            <input
              class="field"
              type="date"
              .value=${live(this.filters.signedUpFrom)}
              max=${this.filters.signedUpTo || '9999-12-31'}
              @change=${(event: Event) => this.change({ signedUpFrom: (event.target as HTMLInputElement).value })}
          /></label>
          <label class="small"
            >${this.t('toolbar.to')}
            <input
              class="field"
              type="date"
              .value=${live(this.filters.signedUpTo)}
              min=${this.filters.signedUpFrom || '0001-01-01'}
              @change=${(event: Event) => this.change({ signedUpTo: (event.target as HTMLInputElement).value })}
          /></label>
        </div>
        <div class="tag-filter popover-anchor" @keydown=${this.tagPanel.onKeydown}>
          <button
            id="tag-filter-button"
            class="button"
            type="button"
            aria-expanded=${this.tagPanel.open ? 'true' : 'false'}
            aria-controls="tag-filter-panel"
            @click=${() => this.tagPanel.toggle()}
          >
            ${this.t('toolbar.tagFilter')}
            ${tagCount > 0 ? html`<span class="count" aria-label=${this.t('toolbar.active', { count: tagCount })}>${this.l.count(tagCount)}</span>` : ''}
          </button>
          <div id="tag-filter-panel" class="panel popover" role="group" aria-label=${this.t('toolbar.tagFilter')} ?hidden=${!this.tagPanel.open}>
            ${
              this.tags.length === 0
                ? html`<p class="muted">${this.t('toolbar.noTags')}</p>`
                : html`<p class="muted">${this.t('toolbar.everyLine')}</p>
                    ${this.tags.map(
                      (tag) =>
                        html`<div class="tag-row">
                          <span class="tag-name"><span class="swatch" style="background:${tag.color}"></span>${tag.name}</span>
                          <select
                            class="field"
                            aria-label=${this.t('toolbar.filterByTag', { tag: tag.name })}
                            .value=${live(this.filters.tags[tag.id] ?? '')}
                            @change=${(event: Event) => this.change({ tags: withTagMode(this.filters.tags, tag.id, (event.target as HTMLSelectElement).value as TagMode | '') })}
                          >
                            <option value="">${this.t('toolbar.notFiltered')}</option>
                            ${(['all', 'any', 'none'] as const).map((mode) => html`<option value=${mode}>${this.t(`toolbar.mode.${mode}`)}</option>`)}
                          </select>
                        </div>`,
                    )}`
            }
          </div>
        </div>
        <button class="button" type="button" ?disabled=${!hasFilters(this.filters)} @click=${this.clearFilters}>${this.t('toolbar.clearFilters')}</button>
      </div>
      <div class="actions"><slot name="actions"></slot></div>
      ${problem ? html`<p class="problem" role="alert">${this.t(problem)}</p>` : ''}
    </div>`;
  }

  private change(patch: Partial<FilterState>) {
    this.dispatchEvent(new CustomEvent<FilterState>('filters-change', { detail: { ...this.filters, ...patch }, bubbles: true }));
  }

  private onSearchInput(event: Event) {
    this.pendingSearch = (event.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.flushSearch(), SEARCH_DEBOUNCE_MS);
  }

  private onSearchKeydown(event: KeyboardEvent) {
    if (event.key === 'Enter') this.flushSearch();
  }

  private flushSearch() {
    clearTimeout(this.searchTimer);
    const search = this.pendingSearch;
    this.pendingSearch = undefined;
    if (search !== undefined && search !== this.filters.search) this.change({ search });
  }

  private clearFilters() {
    clearTimeout(this.searchTimer);
    this.pendingSearch = undefined;
    this.change({ search: '', signedUpFrom: '', signedUpTo: '', tags: {} });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'um-toolbar': UmToolbar;
  }
}
