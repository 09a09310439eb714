import { css } from 'lit';

export const columnChooserStyles = css`
  :host {
    display: inline-block;
  }
  .popover {
    --um-popover-width: 300px;
  }
  ul {
    list-style: none;
    margin: 0 0 var(--um-space);
    padding: 0;
  }
  li {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto auto;
    align-items: center;
    gap: 4px;
    padding: 2px 0;
  }
  label {
    display: flex;
    min-width: 0;
    align-items: center;
    gap: 6px;
  }
  li .button {
    padding: 2px 8px;
  }
`;
