import { css } from 'lit';

/** Controls and pieces every component shares; they read only the theme tokens (styles/theme.ts). */
export const sharedStyles = css`
  :host {
    font-family: var(--um-font-family);
    font-size: var(--um-font-size);
    color: var(--um-color-text);
    line-height: 1.4;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  button,
  input,
  select {
    font: inherit;
    color: inherit;
  }
  .button {
    display: inline-flex;
    align-items: center;
    gap: calc(var(--um-space) * 0.5);
    padding: calc(var(--um-space) * 0.5) calc(var(--um-space) * 1.5);
    border: 1px solid var(--um-color-border);
    border-radius: var(--um-radius);
    background: var(--um-color-bg);
    color: var(--um-color-text);
    cursor: pointer;
    white-space: nowrap;
  }
  .button:hover:not(:disabled) {
    border-color: var(--um-color-accent);
  }
  .button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .button.primary {
    background: var(--um-color-accent);
    border-color: var(--um-color-accent);
    color: var(--um-color-accent-text);
  }
  .button.danger {
    background: var(--um-color-danger);
    border-color: var(--um-color-danger);
    color: var(--um-color-danger-text);
  }
  /* An action that hurts, before its confirmation: Ban…, Delete…. */
  .button.danger-outline {
    border-color: var(--um-color-danger);
    color: var(--um-color-danger);
  }
  .button.quiet {
    border-color: transparent;
    background: transparent;
  }
  .link {
    border: 0;
    padding: 0;
    background: none;
    color: var(--um-color-accent);
    cursor: pointer;
    text-align: start;
    text-decoration: underline;
    text-underline-offset: 2px;
  }
  .field {
    padding: calc(var(--um-space) * 0.5) var(--um-space);
    border: 1px solid var(--um-color-border);
    border-radius: var(--um-radius);
    background: var(--um-color-bg);
    color: var(--um-color-text);
    min-height: 32px;
  }
  :focus-visible {
    outline: 2px solid var(--um-color-focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  /* A label above its control. */
  label.block {
    display: flex;
    flex-direction: column;
    gap: 4px;
  }
  /* A long text ends in an ellipsis; its title (and the text, for screen readers) has it whole. */
  .clip {
    display: block;
    max-width: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  /* A count beside a tab or a saved view. */
  .tab-count {
    padding: 0 6px;
    border-radius: 999px;
    background: var(--um-color-surface);
    border: 1px solid var(--um-color-border);
    font-size: 0.85em;
    font-weight: normal;
    min-width: 2em;
    text-align: center;
  }
  .muted {
    color: var(--um-color-muted);
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 1px 8px;
    border-radius: 999px;
    border: 1px solid var(--um-color-border);
    background: var(--um-color-surface);
    font-size: 0.9em;
  }
  .swatch {
    width: 8px;
    height: 8px;
    border-radius: 50%;
    flex: none;
  }
  /* A message that something failed; its "Try again" button sits beside it. */
  .error {
    color: var(--um-color-danger);
  }
  /* An empty list: what is missing, and the way out. */
  .empty {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: var(--um-space);
  }
  .empty p {
    margin: 0;
  }
`;
