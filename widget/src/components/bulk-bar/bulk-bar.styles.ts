import { css } from 'lit';

export const bulkBarStyles = css`
  :host {
    display: block;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--um-space);
    padding: var(--um-space);
    border: 1px solid var(--um-color-accent);
    border-radius: var(--um-radius);
    background: var(--um-color-selected);
  }
  .count {
    font-weight: 600;
    margin-inline-end: var(--um-space);
  }
  .separator {
    width: 1px;
    align-self: stretch;
    background: var(--um-color-border);
  }
  .end {
    margin-inline-start: auto;
  }
`;
