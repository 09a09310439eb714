import { css } from 'lit';

/** The dark theme's values, written once: `theme="dark"` uses them, and so does a dark system unless `theme="light"`. */
const darkTokens = css`
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
`;

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
    ${darkTokens}
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkTokens}
    }
  }
`;
