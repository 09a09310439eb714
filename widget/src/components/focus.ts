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
  // A radio group is one Tab stop: its checked radio, or its first when none is.
  return found.filter((element) => {
    if (!(element instanceof HTMLInputElement) || element.type !== 'radio' || !element.name) return true;
    const group = found.filter(
      (other): other is HTMLInputElement =>
        other instanceof HTMLInputElement && other.type === 'radio' && other.name === element.name && other.getRootNode() === element.getRootNode(),
    );
    const stop = group.find((radio) => radio.checked) ?? group[0];
    return stop === element;
  });
}

/** The focused element, looking inside shadow roots. */
export function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Whether `node` is `root` or inside it in the composed tree: through shadow roots and the slots it is assigned to. */
export function containsComposed(root: Node, node: Node | null): boolean {
  for (let current = node; current; current = current instanceof ShadowRoot ? current.host : ((current as Element).assignedSlot ?? current.parentNode)) {
    if (current === root) return true;
  }
  return false;
}
