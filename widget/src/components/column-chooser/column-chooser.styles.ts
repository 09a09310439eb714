import { css } from 'lit';

export const columnChooserStyles = css`
  :host {
    display: inline-block;
  }
  .chooser {
    position: relative;
  }
  .panel {
    position: absolute;
    z-index: 5;
    top: calc(100% + 4px);
    inset-inline-end: 0;
    width: min(300px, calc(100vw - 16px));
    max-height: min(420px, 70vh);
    overflow: auto;
    padding: var(--um-space);
    border: 1px solid var(--um-color-border);
    border-radius: var(--um-radius);
    background: var(--um-color-bg);
    box-shadow: var(--um-shadow);
  }
  ul {
    list-style: none;
    margin: 0 0 var(--um-space);
    padding: 0;
  }
  li {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto auto;
    align-items: center;
    gap: 4px;
    padding: 2px 0;
  }
  label {
    display: flex;
    min-width: 0;
    align-items: center;
    gap: 6px;
  }
  li .button {
    padding: 2px 8px;
  }
  /* A phone: the panel spans the screen below its button. */
  @media (max-width: 640px) {
    .chooser {
      position: static;
    }
    .panel {
      position: fixed;
      top: auto;
      inset-inline: 8px;
      width: auto;
      max-height: 60vh;
    }
  }
`;
