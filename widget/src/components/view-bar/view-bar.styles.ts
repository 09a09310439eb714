import { css } from 'lit';

export const viewBarStyles = css`
  :host {
    display: block;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
  }
  .view {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    max-width: 240px;
    padding: 4px 10px;
    border: 1px solid var(--um-color-border);
    border-radius: 999px;
    background: var(--um-color-bg);
    color: var(--um-color-text);
    cursor: pointer;
  }
  .view[aria-pressed='true'] {
    border-color: var(--um-color-accent);
    box-shadow: inset 0 0 0 1px var(--um-color-accent);
    font-weight: 600;
  }
  .naming {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
  }
  .danger {
    color: var(--um-color-danger);
  }
`;
