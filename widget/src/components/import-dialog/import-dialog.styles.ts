import { css } from 'lit';

export const importDialogStyles = css`
  p {
    margin: 0 0 var(--um-space);
  }
  .drop {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: var(--um-space);
    padding: calc(var(--um-space) * 2);
    margin: var(--um-space) 0 calc(var(--um-space) * 2);
    border: 2px dashed var(--um-color-border);
    border-radius: var(--um-radius);
    text-align: center;
  }
  .drop.over {
    border-color: var(--um-color-accent);
    background: var(--um-color-selected);
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
  }
  legend {
    font-weight: 600;
    margin-bottom: 4px;
  }
  .mode {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0 var(--um-space);
    padding: 4px 0;
  }
  .mode .hint {
    grid-column: 2;
    font-size: 0.9em;
  }
  progress {
    width: 100%;
    height: 12px;
    accent-color: var(--um-color-accent);
  }
  .counts {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--um-space) * 2);
    margin: var(--um-space) 0;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.9em;
    margin: var(--um-space) 0;
  }
  th,
  td {
    text-align: start;
    padding: 4px 6px;
    border-bottom: 1px solid var(--um-color-border);
    vertical-align: top;
  }
  .success {
    color: var(--um-color-success);
    font-weight: 600;
  }
`;
