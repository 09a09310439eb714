import { css } from 'lit';

/** The element's own layout: the frame, the status tabs, the pager and the notices. */
export const userManagerStyles = css`
  :host {
    display: block;
    container-type: inline-size;
    background: var(--um-color-bg);
    color: var(--um-color-text);
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: calc(var(--um-space) * 1.5);
    padding: calc(var(--um-space) * 2);
  }
  [role='tablist'] {
    display: flex;
    flex-wrap: wrap;
    gap: 2px;
    border-bottom: 1px solid var(--um-color-border);
  }
  [role='tab'] {
    border: 0;
    border-bottom: 2px solid transparent;
    background: none;
    padding: var(--um-space) calc(var(--um-space) * 1.5);
    cursor: pointer;
    color: var(--um-color-muted);
    display: inline-flex;
    gap: 6px;
    align-items: center;
  }
  [role='tab'][aria-selected='true'] {
    color: var(--um-color-text);
    border-bottom-color: var(--um-color-accent);
    font-weight: 600;
  }
  .panel {
    display: flex;
    flex-direction: column;
    gap: calc(var(--um-space) * 1.5);
  }
  /* The bulk bar's place is kept while nothing is selected, so the table does not move when it appears. */
  .bulk-slot {
    min-height: 50px;
    display: flex;
    flex-direction: column;
    justify-content: center;
  }
  .bulk-hint {
    margin: 0;
    padding-inline: var(--um-space);
  }
  /* "Skip to pages": out of sight until it has focus. */
  .skip-link {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .skip-link:focus {
    position: static;
    width: auto;
    height: auto;
    clip: auto;
    padding: 4px 8px;
    border-radius: var(--um-radius);
    background: var(--um-color-accent);
    color: var(--um-color-accent-text);
  }
  .pager {
    display: flex;
    align-items: center;
    justify-content: flex-end;
    gap: var(--um-space);
  }
  .pager .range {
    margin-inline-end: auto;
  }
  /* A phone or a tablet: the bulk bar, too wide for one line, floats at the bottom of the screen over the list (its slot keeps its height, so nothing moves). */
  @container (max-width: 1023px) {
    .bulk-slot um-bulk-bar {
      position: fixed;
      inset-inline: 8px;
      bottom: 8px;
      z-index: 15;
      box-shadow: var(--um-shadow);
    }
  }
  /* A phone: less padding, and the pager wraps. */
  @container (max-width: 640px) {
    .base {
      padding: var(--um-space);
    }
    .pager {
      flex-wrap: wrap;
    }
    .pager .range {
      flex-basis: 100%;
    }
  }
  .load-error {
    display: flex;
    align-items: center;
    gap: var(--um-space);
    padding: var(--um-space) calc(var(--um-space) * 1.5);
    border: 1px solid var(--um-color-danger);
    border-radius: var(--um-radius);
    color: var(--um-color-danger);
  }
  .load-error p {
    margin: 0;
    flex: 1;
  }
  /* In view at the top of the element while the page scrolls, over what is below. */
  .notices {
    position: sticky;
    top: 0;
    z-index: 20;
    display: flex;
    flex-direction: column;
    gap: var(--um-space);
  }
  /* Inside an open dialog, above its content. */
  .notices[slot='notice']:has(.notice) {
    margin-bottom: calc(var(--um-space) * 1.5);
  }
  .notice {
    background: var(--um-color-bg);
    box-shadow: var(--um-shadow);
    display: flex;
    align-items: center;
    gap: var(--um-space);
    padding: var(--um-space) calc(var(--um-space) * 1.5);
    border-radius: var(--um-radius);
    border: 1px solid var(--um-color-success);
  }
  .notice.error {
    border-color: var(--um-color-danger);
  }
  .notice p {
    margin: 0;
    flex: 1;
  }
  .notice:empty,
  .live:empty {
    display: none;
  }
`;
