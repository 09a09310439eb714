import { css } from 'lit';

export const toolbarStyles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  .filters {
    display: contents;
  }
  .filters-toggle {
    display: none;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: var(--um-space);
  }
  .search {
    flex: 1 1 220px;
    min-width: 180px;
  }
  .search input {
    width: 100%;
  }
  label.small {
    display: flex;
    flex-direction: column;
    gap: 2px;
    font-size: 0.85em;
    color: var(--um-color-muted);
  }
  .dates {
    display: flex;
    gap: var(--um-space);
  }
  .panel p {
    margin: 0 0 var(--um-space);
  }
  .tag-row {
    display: grid;
    grid-template-columns: 1fr auto;
    align-items: center;
    gap: var(--um-space);
    padding: 4px 0;
  }
  .tag-name {
    display: inline-flex;
    align-items: center;
    gap: 6px;
  }
  .count {
    display: inline-block;
    min-width: 1.5em;
    padding: 0 6px;
    border-radius: 999px;
    background: var(--um-color-accent);
    color: var(--um-color-accent-text);
    font-size: 0.85em;
    text-align: center;
  }
  .actions {
    margin-inline-start: auto;
    display: flex;
    flex-wrap: wrap;
    gap: var(--um-space);
  }
  /* A phone: the filters fold into "Filters"; open, they stack full width (the tag panel spans the screen: see popoverStyles). */
  @container (max-width: 640px) {
    .search {
      flex-basis: 100%;
    }
    .filters-toggle {
      display: inline-flex;
      gap: 6px;
      align-items: center;
    }
    .filters {
      display: none;
    }
    .filters.open {
      display: flex;
      flex-direction: column;
      align-items: stretch;
      gap: var(--um-space);
      flex-basis: 100%;
      order: 1;
    }
    .dates {
      flex-wrap: wrap;
    }
    .dates label {
      flex: 1 1 140px;
    }
    .actions {
      margin-inline-start: 0;
    }
  }
  .problem {
    flex-basis: 100%;
    color: var(--um-color-danger);
    margin: 0;
  }
`;
