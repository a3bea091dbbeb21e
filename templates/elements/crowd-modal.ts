import { makeDialog } from './shared/dialog.ts';
import { h } from './shared/dom.ts';
import { regionStandIn } from './shared/region.ts';

/**
 * crowd-modal (`link-text`, default "Click to open modal"; `link-type` link or button): a link
 * or button that opens the element's content in a modal dialog (Escape or Close shuts it).
 */
export const crowdModal = regionStandIn('crowd-modal', (el) => {
  const doc = el.ownerDocument;
  const content = Array.from(el.childNodes);
  const { opener, dialog } = makeDialog(doc, el.getAttribute('header') ?? el.getAttribute('link-text') ?? 'Details', content, { text: el.getAttribute('link-text') ?? 'Click to open modal', look: el.getAttribute('link-type') === 'button' ? 'button' : 'link' });
  el.replaceChildren(h(doc, 'span', { class: 'gtkit-ui' }, opener, dialog));
});
