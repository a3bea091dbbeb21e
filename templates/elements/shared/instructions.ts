import { makeDialog } from './dialog.ts';
import { h, ownRegion } from './dom.ts';

/**
 * The instruction regions of a tool or classifier, laid out for its side panel: the short
 * instructions as they are, the full instructions behind "View full instructions" (a dialog
 * titled with the region's `header`). The regions are moved, so their content keeps working.
 */
export function instructionNodes(host: Element): Node[] {
  const doc = host.ownerDocument;
  const short = ownRegion(host, 'short-instructions');
  const full = ownRegion(host, 'full-instructions');
  const nodes: Node[] = [];
  if (short || full) nodes.push(h(doc, 'h3', {}, 'Instructions'));
  if (short) nodes.push(short);
  if (full) {
    const title = full.getAttribute('header') ?? 'Full instructions';
    const { opener, dialog } = makeDialog(doc, title, [full], { text: 'View full instructions', look: 'link' });
    nodes.push(h(doc, 'p', {}, opener), dialog);
  }
  return nodes;
}
