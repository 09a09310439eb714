import { css } from 'lit';

export const auditTrailStyles = css`
  :host {
    display: block;
  }
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  ol > li {
    padding: 6px 0;
    border-bottom: 1px solid var(--um-color-border);
  }
  ul {
    margin: 4px 0 0;
    padding-inline-start: 1.2em;
    color: var(--um-color-muted);
    overflow-wrap: anywhere;
  }
`;
