import { css } from 'lit';

export const resetPasswordDialogStyles = css`
  p {
    margin: 0 0 var(--um-space);
  }
  .link-row {
    display: flex;
    gap: var(--um-space);
    align-items: flex-end;
    margin-bottom: var(--um-space);
  }
  .link-row label {
    display: flex;
    flex-direction: column;
    gap: 4px;
    flex: 1;
  }
  .link-row input {
    width: 100%;
    font-family: ui-monospace, monospace;
    font-size: 0.9em;
  }
  .done {
    color: var(--um-color-success);
    font-weight: 600;
  }
`;
