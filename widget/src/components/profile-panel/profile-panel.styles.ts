import { css } from 'lit';

export const profilePanelStyles = css`
  section {
    margin-bottom: calc(var(--um-space) * 3);
  }
  h3 {
    margin: 0 0 var(--um-space);
    font-size: 1em;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--um-color-muted);
  }
  /* A long label wraps in at most two fifths of the width; the value keeps the rest. */
  dl {
    display: grid;
    grid-template-columns: minmax(min(120px, 40%), min(40%, max-content)) minmax(0, 1fr);
    gap: 6px calc(var(--um-space) * 2);
    margin: 0;
  }
  dt {
    color: var(--um-color-muted);
    overflow-wrap: anywhere;
  }
  /* A phone: each label above its value. */
  @media (max-width: 480px) {
    dl {
      grid-template-columns: minmax(0, 1fr);
      gap: 2px;
    }
    dd + dt {
      margin-top: 6px;
    }
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .badge {
    display: inline-block;
    padding: 0 8px;
    border-radius: 999px;
    border: 1px solid currentColor;
    font-size: 0.85em;
  }
  .badge.banned,
  .ban dd,
  .ban h3 {
    color: var(--um-color-danger);
  }
  .ban {
    padding: var(--um-space) calc(var(--um-space) * 1.5);
    border: 1px solid var(--um-color-danger);
    border-radius: var(--um-radius);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--um-space);
    margin-bottom: calc(var(--um-space) * 2);
  }
  .tags {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    margin: 0 0 var(--um-space);
    padding: 0;
    list-style: none;
  }
`;
