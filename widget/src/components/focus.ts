const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * The elements Tab reaches inside `root`, in order, following shadow roots
 * and slots (the composed tree), skipping what is hidden or inert.
 */
export function tabbableElements(root: ParentNode): HTMLElement[] {
  const found: HTMLElement[] = [];
  const visit = (parent: ParentNode) => {
    const children = parent instanceof HTMLSlotElement ? parent.assignedElements({ flatten: true }) : Array.from(parent.children);
    for (const child of children) {
      if (!(child instanceof HTMLElement) || child.inert || child.hidden) continue;
      if (child.matches(FOCUSABLE) && child.tabIndex >= 0 && child.getClientRects().length > 0) found.push(child);
      visit(child.shadowRoot ?? child);
    }
  };
  visit(root);
  return found;
}

/** The focused element, looking inside shadow roots. */
export function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
