import { css } from 'lit';

export const userTableStyles = css`
  :host {
    display: block;
  }
  .scroll {
    overflow-x: auto;
    border: 1px solid var(--um-color-border);
    border-radius: var(--um-radius);
  }
  [role='grid'] {
    min-width: var(--um-table-min-width);
    font-variant-numeric: tabular-nums;
  }
  .scroll {
    position: relative;
  }
  /* A page on its way: a thin moving bar over the header; rows keep full contrast. */
  .loading-bar {
    position: absolute;
    inset: 0 0 auto 0;
    height: 3px;
    z-index: 2;
    overflow: hidden;
  }
  .loading-bar::before {
    content: '';
    position: absolute;
    inset: 0;
    width: 30%;
    background: var(--um-color-accent);
    animation: um-loading 1s ease-in-out infinite;
  }
  @keyframes um-loading {
    from {
      transform: translateX(-100%);
    }
    to {
      transform: translateX(340%);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .loading-bar::before {
      animation: none;
      width: 100%;
      opacity: 0.6;
    }
  }
  /* Every row lays out alone on the same column template, so rows off screen
     skip style and layout (content-visibility): a page of 500 stays quick. */
  [role='row'] {
    display: grid;
    grid-template-columns: var(--um-columns);
    align-items: center;
    border-bottom: 1px solid var(--um-color-border);
  }
  .rows [role='row'] {
    content-visibility: auto;
    contain-intrinsic-size: auto 45px;
  }
  [role='columnheader'],
  [role='gridcell'],
  [role='rowheader'] {
    padding: calc(var(--um-space) * 0.75) var(--um-space);
    text-align: start;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    min-width: 0;
  }
  .head {
    position: sticky;
    top: 0;
    z-index: 1;
    background: var(--um-color-surface);
    font-weight: 600;
    font-size: 0.9em;
  }
  .rows [role='row']:last-child {
    border-bottom: 0;
  }
  .rows [role='row']:hover {
    background: var(--um-color-surface);
  }
  .rows [role='row'].selected {
    background: var(--um-color-selected);
  }
  .check {
    width: 36px;
  }
  .sort {
    border: 0;
    background: none;
    padding: 0;
    font-weight: inherit;
    cursor: pointer;
    display: inline-flex;
    gap: 4px;
    align-items: center;
  }
  .arrow {
    color: var(--um-color-muted);
    font-size: 0.8em;
  }
  .email {
    color: var(--um-color-muted);
  }
  /* The grid's one focused cell. */
  [role='gridcell']:focus-visible,
  [role='rowheader']:focus-visible,
  [role='columnheader']:focus-visible {
    outline: 2px solid var(--um-color-focus);
    outline-offset: -2px;
  }
  /* Tag names as chips on one line; the cell's title lists them all. */
  .chips {
    display: flex;
    gap: 4px;
    overflow: hidden;
  }
  .chips .chip {
    flex: none;
  }
  .status {
    max-width: 100%;
    min-height: 28px;
    padding: 2px 6px;
  }
  .status-text.banned,
  .status.banned {
    color: var(--um-color-danger);
    border-color: var(--um-color-danger);
  }
  .tags {
    min-width: 2.5em;
    justify-content: center;
    padding: 2px 8px;
  }
  .link.subtle {
    color: inherit;
    text-decoration-style: dotted;
    text-decoration-color: var(--um-color-muted);
  }
  .no-name {
    font-style: italic;
  }
  .message {
    display: block;
  }
  .message [role='gridcell'] {
    padding: calc(var(--um-space) * 4) var(--um-space);
    text-align: center;
    white-space: normal;
  }
  [role='gridcell'].actions {
    overflow: visible;
    padding-inline: 4px;
  }
  .menu-button {
    padding: 2px 8px;
    font-size: 1.1em;
    line-height: 1;
  }
  /* Cards (see cardsAt): select box, name and menu on the first line, then
     each column as a labelled line; the header keeps only what sorts and
     selects. Nothing scrolls sideways. */
  .scroll.cards {
    overflow-x: visible;
  }
  .cards [role='grid'] {
    min-width: 0;
  }
  .cards .head [role='row'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0 4px;
  }
  .cards .head [role='columnheader']:not([aria-sort]):not(.check) {
    display: none;
  }
  .cards .head [role='columnheader'] {
    padding-block: 6px;
  }
  .cards .rows [role='row'][data-id] {
    grid-template-columns: 40px minmax(0, 1fr) 48px;
    contain-intrinsic-size: auto 170px;
    padding-block: 4px;
  }
  .cards .rows [role='row'][data-id] > .check {
    grid-area: 1 / 1;
  }
  .cards .rows [role='row'][data-id] > [role='rowheader'] {
    grid-area: 1 / 2;
    font-weight: 600;
  }
  .cards .rows [role='row'][data-id] > .actions {
    grid-area: 1 / 3;
    justify-self: end;
  }
  .cards .rows [role='row'][data-id] > [role='gridcell']:not(.check):not(.actions) {
    grid-column: 2 / 4;
    padding-block: 2px;
  }
  .cards [data-label] {
    display: flex;
    align-items: center;
    gap: 8px;
    white-space: normal;
    overflow-wrap: anywhere;
  }
  .cards [data-label]::before {
    content: attr(data-label);
    flex: none;
    min-width: 6.5em;
    color: var(--um-color-muted);
    font-size: 0.85em;
  }
  .cards .chips {
    flex-wrap: wrap;
  }
`;
