import { css } from 'lit';

/** The frame every dialog shares: native <dialog>, a header with the title and Close, the body, the footer. */
export const dialogStyles = css`
  dialog {
    padding: 0;
    border: 1px solid var(--um-color-border);
    border-radius: calc(var(--um-radius) * 1.5);
    background: var(--um-color-bg);
    color: var(--um-color-text);
    box-shadow: var(--um-shadow);
    width: min(560px, calc(100vw - 32px));
    max-height: calc(100vh - 32px);
  }
  dialog::backdrop {
    background: var(--um-color-backdrop);
  }
  dialog.end {
    margin: 0 0 0 auto;
    height: 100vh;
    max-height: 100vh;
    border-radius: 0;
    width: min(600px, 100vw);
  }
  .frame {
    display: flex;
    flex-direction: column;
    max-height: inherit;
    height: 100%;
  }
  dialog > .frame > header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--um-space);
    padding: calc(var(--um-space) * 1.5) calc(var(--um-space) * 2);
    border-bottom: 1px solid var(--um-color-border);
  }
  #dialog-title {
    margin: 0;
    font-size: 1.15em;
  }
  dialog .body {
    padding: calc(var(--um-space) * 2);
    overflow: auto;
    flex: 1;
  }
  dialog > .frame > footer {
    display: flex;
    justify-content: flex-end;
    flex-wrap: wrap;
    gap: var(--um-space);
    padding: calc(var(--um-space) * 1.5) calc(var(--um-space) * 2);
    border-top: 1px solid var(--um-color-border);
  }
  .close {
    font-size: 1.3em;
    line-height: 1;
    padding: 2px 8px;
  }
`;
