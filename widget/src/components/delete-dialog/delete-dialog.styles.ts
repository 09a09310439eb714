import { css } from 'lit';

export const deleteDialogStyles = css`
  p {
    margin: 0 0 var(--um-space);
  }
`;
