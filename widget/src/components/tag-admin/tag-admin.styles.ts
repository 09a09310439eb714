import { css } from 'lit';

export const tagAdminStyles = css`
  p {
    margin: 0 0 var(--um-space);
  }
  .tag-rows {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .tag-row {
    padding: var(--um-space) 0;
    border-bottom: 1px solid var(--um-color-border);
  }
  .line,
  .rename {
    display: flex;
    align-items: center;
    gap: var(--um-space);
    flex-wrap: wrap;
  }
  .rename {
    flex: 1;
  }
  .rename .field {
    flex: 1;
    min-width: 10em;
  }
  .name {
    flex: 1;
    min-width: 6em;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .count {
    font-size: 0.9em;
    white-space: nowrap;
  }
  .color {
    width: 32px;
    height: 32px;
    padding: 0;
    border: 1px solid var(--um-color-border);
    border-radius: var(--um-radius);
    background: none;
    cursor: pointer;
  }
  .confirm {
    margin-top: var(--um-space);
    padding: var(--um-space);
    border: 1px solid var(--um-color-danger);
    border-radius: var(--um-radius);
    display: flex;
    flex-wrap: wrap;
    gap: var(--um-space);
    align-items: center;
  }
  .confirm p {
    flex-basis: 100%;
  }
  .error {
    margin: 4px 0 0;
  }
`;
