import { css } from 'lit';

export const banDialogStyles = css`
  p {
    margin: 0 0 var(--um-space);
  }
  label.block {
    margin-bottom: calc(var(--um-space) * 1.5);
  }
  textarea {
    width: 100%;
    min-height: 4.5em;
    resize: vertical;
    font: inherit;
  }
  fieldset {
    border: 0;
    margin: 0 0 var(--um-space);
    padding: 0;
  }
  legend {
    font-weight: 600;
    margin-bottom: 4px;
  }
  .choice {
    display: flex;
    align-items: center;
    gap: var(--um-space);
    padding: 3px 0;
  }
  .hint {
    font-size: 0.9em;
  }
`;
