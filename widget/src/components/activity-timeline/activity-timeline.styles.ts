import { css } from 'lit';

export const activityTimelineStyles = css`
  :host {
    display: block;
  }
  h4 {
    margin: calc(var(--um-space) * 1.5) 0 calc(var(--um-space) * 0.5);
    font-size: 0.95em;
  }
  ol {
    list-style: none;
    margin: 0;
    padding: 0 0 0 calc(var(--um-space) * 1.5);
    border-inline-start: 2px solid var(--um-color-border);
  }
  li {
    display: grid;
    grid-template-columns: 5.5em 7em 1fr;
    gap: var(--um-space);
    padding: 3px 0;
  }
  .name {
    overflow-wrap: anywhere;
  }
`;
