import { css } from 'lit';

export const toolbarStyles = css`
  :host {
    display: block;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: var(--um-space);
  }
  .search {
    flex: 1 1 220px;
    min-width: 180px;
  }
  .search input {
    width: 100%;
  }
  label.small {
    display: flex;
    flex-direction: column;
    gap: 2px;
    font-size: 0.85em;
    color: var(--um-color-muted);
  }
  .dates {
    display: flex;
    gap: var(--um-space);
  }
  .tag-filter {
    position: relative;
  }
  .panel {
    position: absolute;
    z-index: 5;
    top: calc(100% + 4px);
    inset-inline-end: 0;
    width: min(360px, 90vw);
    max-height: 360px;
    overflow: auto;
    padding: var(--um-space);
    border: 1px solid var(--um-color-border);
    border-radius: var(--um-radius);
    background: var(--um-color-bg);
    box-shadow: var(--um-shadow);
  }
  .panel p {
    margin: 0 0 var(--um-space);
  }
  .tag-row {
    display: grid;
    grid-template-columns: 1fr auto;
    align-items: center;
    gap: var(--um-space);
    padding: 4px 0;
  }
  .tag-name {
    display: inline-flex;
    align-items: center;
    gap: 6px;
  }
  .count {
    display: inline-block;
    min-width: 1.5em;
    padding: 0 6px;
    border-radius: 999px;
    background: var(--um-color-accent);
    color: var(--um-color-accent-text);
    font-size: 0.85em;
    text-align: center;
  }
  .actions {
    margin-inline-start: auto;
    display: flex;
    gap: var(--um-space);
  }
  .problem {
    flex-basis: 100%;
    color: var(--um-color-danger);
    margin: 0;
  }
`;
