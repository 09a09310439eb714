import { css } from 'lit';

export const bulkDeleteDialogStyles = css`
  p {
    margin: 0 0 var(--um-space);
  }
  label.block {
    font-weight: 600;
  }
`;
