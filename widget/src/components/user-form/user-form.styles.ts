import { css } from 'lit';

export const userFormStyles = css`
  form {
    display: flex;
    flex-direction: column;
    gap: calc(var(--um-space) * 1.5);
  }
  #error-form:empty {
    display: none;
  }
  p {
    margin: 0;
  }
  .row {
    display: flex;
    flex-direction: column;
    gap: 4px;
  }
  .label-line {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .required {
    color: var(--um-color-danger);
  }
  .field {
    width: 100%;
  }
  .field[aria-invalid='true'] {
    border-color: var(--um-color-danger);
  }
  .hint,
  .field-error {
    font-size: 0.9em;
  }
  fieldset {
    border: 1px solid var(--um-color-border);
    border-radius: var(--um-radius);
    margin: 0;
    padding: var(--um-space) calc(var(--um-space) * 1.5) calc(var(--um-space) * 1.5);
    display: flex;
    flex-direction: column;
    gap: calc(var(--um-space) * 1.5);
  }
  legend {
    font-weight: 600;
    padding: 0 4px;
  }
  .tag-list {
    display: flex;
    flex-wrap: wrap;
    gap: var(--um-space);
    max-height: 12em;
    overflow: auto;
  }
  .tag-choice {
    display: inline-flex;
    align-items: center;
    gap: 6px;
  }
  .actions {
    display: flex;
    gap: var(--um-space);
    justify-content: flex-end;
  }
`;
