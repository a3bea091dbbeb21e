import { h } from './shared/dom.ts';
import { regionHost, regionStandIn } from './shared/region.ts';

/**
 * short-instructions: inside a tool or classifier, its side panel shows it; on its own (for
 * example directly in crowd-form) it becomes a panel headed "Instructions".
 */
export const shortInstructions = regionStandIn('short-instructions', (el) => {
  if (regionHost(el)) return;
  el.classList.add('gtkit-panel', 'gtkit-ui');
  el.prepend(h(el.ownerDocument, 'p', { class: 'gtkit-header' }, el.getAttribute('header') ?? 'Instructions'));
});
