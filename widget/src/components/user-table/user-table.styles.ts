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
  [role='table'] {
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
  [role='cell'],
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
  .message [role='cell'] {
    padding: calc(var(--um-space) * 4) var(--um-space);
    text-align: center;
    white-space: normal;
  }
  [role='cell'].actions {
    overflow: visible;
    padding-inline: 4px;
  }
  .menu-button {
    padding: 2px 8px;
    font-size: 1.1em;
    line-height: 1;
  }
`;
