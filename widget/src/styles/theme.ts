import { css } from 'lit';

/**
 * The theme tokens, set on the <user-manager> host so that a page can
 * override any of them (`user-manager { --um-color-accent: … }` wins over
 * these defaults). Light unless `theme="dark"`, or the system is dark and the
 * element has no `theme="light"`.
 */
export const themeTokens = css`
  :host {
    --um-color-bg: #ffffff;
    --um-color-surface: #f8fafc;
    --um-color-text: #0f172a;
    --um-color-muted: #475569;
    --um-color-border: #cbd5e1;
    --um-color-accent: #2563eb;
    --um-color-accent-text: #ffffff;
    --um-color-danger: #b91c1c;
    --um-color-danger-text: #ffffff;
    --um-color-success: #15803d;
    --um-color-selected: #eff6ff;
    --um-color-focus: #2563eb;
    --um-color-backdrop: rgb(15 23 42 / 0.45);
    --um-font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
    --um-font-size: 14px;
    --um-radius: 6px;
    --um-space: 8px;
    --um-shadow: 0 10px 30px rgb(15 23 42 / 0.2);
    color-scheme: light;
  }
  :host([theme='dark']) {
    --um-color-bg: #0f172a;
    --um-color-surface: #1e293b;
    --um-color-text: #e2e8f0;
    --um-color-muted: #a3b1c6;
    --um-color-border: #3b4a61;
    --um-color-accent: #60a5fa;
    --um-color-accent-text: #0f172a;
    --um-color-danger: #f87171;
    --um-color-danger-text: #0f172a;
    --um-color-success: #4ade80;
    --um-color-selected: #1e3a5f;
    --um-color-focus: #93c5fd;
    --um-color-backdrop: rgb(0 0 0 / 0.6);
    --um-shadow: 0 10px 30px rgb(0 0 0 / 0.5);
    color-scheme: dark;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      --um-color-bg: #0f172a;
      --um-color-surface: #1e293b;
      --um-color-text: #e2e8f0;
      --um-color-muted: #a3b1c6;
      --um-color-border: #3b4a61;
      --um-color-accent: #60a5fa;
      --um-color-accent-text: #0f172a;
      --um-color-danger: #f87171;
      --um-color-danger-text: #0f172a;
      --um-color-success: #4ade80;
      --um-color-selected: #1e3a5f;
      --um-color-focus: #93c5fd;
      --um-color-backdrop: rgb(0 0 0 / 0.6);
      --um-shadow: 0 10px 30px rgb(0 0 0 / 0.5);
      color-scheme: dark;
    }
  }
`;

/** Controls every component shares; they read only the tokens above. */
export const controlStyles = css`
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
`;
