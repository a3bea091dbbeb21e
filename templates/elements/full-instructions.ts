import { h, moveChildren } from './shared/dom.ts';
import { regionHost, regionStandIn } from './shared/region.ts';

/**
 * full-instructions (`header`): inside a tool or classifier, behind "View full instructions"
 * in its side panel; on its own, a section that folds open under its header.
 */
export const fullInstructions = regionStandIn('full-instructions', (el) => {
  if (regionHost(el)) return;
  const doc = el.ownerDocument;
  const details = h(doc, 'details', { class: 'gtkit-panel gtkit-ui' }, h(doc, 'summary', { class: 'gtkit-header', style: 'cursor:pointer;margin:0' }, el.getAttribute('header') ?? 'Full instructions'));
  moveChildren(el, details);
  el.append(details);
});
