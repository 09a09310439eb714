import { css } from 'lit';

export const tagManagerStyles = css`
  ul {
    list-style: none;
    margin: 0 0 calc(var(--um-space) * 2);
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: var(--um-space);
  }
  .chip button {
    border: 0;
    background: none;
    padding: 0 2px;
    cursor: pointer;
    font-size: 1.1em;
    line-height: 1;
    color: var(--um-color-muted);
  }
  form {
    display: flex;
    gap: var(--um-space);
    align-items: flex-end;
  }
  label {
    display: flex;
    flex-direction: column;
    gap: 4px;
    flex: 1;
  }
  .hint {
    margin: 4px 0 0;
    font-size: 0.9em;
  }
  .error {
    margin: var(--um-space) 0 0;
  }
`;
