import { css } from 'lit';

/**
 * A panel that opens under its button (the tag filter, the column chooser):
 * `.popover-anchor` around both, `.popover` on the panel, its end aligned
 * with the button's. In a narrow element (a phone) it spans the screen
 * below its button instead, so it never leaves the viewport.
 */
export const popoverStyles = css`
  .popover-anchor {
    position: relative;
  }
  .popover {
    position: absolute;
    z-index: 5;
    top: calc(100% + 4px);
    inset-inline-end: 0;
    width: min(var(--um-popover-width, 360px), calc(100vw - 16px));
    max-height: min(420px, 70vh);
    overflow: auto;
    padding: var(--um-space);
    border: 1px solid var(--um-color-border);
    border-radius: var(--um-radius);
    background: var(--um-color-bg);
    box-shadow: var(--um-shadow);
  }
  @container (max-width: 640px) {
    .popover-anchor {
      position: static;
    }
    .popover {
      position: fixed;
      top: auto;
      inset-inline: 8px;
      width: auto;
      max-height: 60vh;
    }
  }
`;
