import { css } from 'lit';

export const rowMenuStyles = css`
  [role='menu'] {
    position: fixed;
    z-index: 10;
    min-width: 170px;
    padding: 4px;
    border: 1px solid var(--um-color-border);
    border-radius: var(--um-radius);
    background: var(--um-color-bg);
    box-shadow: var(--um-shadow);
  }
  [role='menuitem'] {
    display: block;
    width: 100%;
    padding: 6px 10px;
    border: 0;
    border-radius: calc(var(--um-radius) - 2px);
    background: none;
    text-align: start;
    cursor: pointer;
  }
  [role='menuitem']:hover,
  [role='menuitem']:focus {
    background: var(--um-color-selected);
  }
  [role='menuitem'].danger {
    color: var(--um-color-danger);
  }
`;
