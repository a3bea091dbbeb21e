import { makeDialog } from './shared/dialog.ts';
import { h } from './shared/dom.ts';
import type { StandIn } from './shared/lifecycle.ts';
import { regionStandIn } from './shared/region.ts';

/** The example regions of crowd-instructions and the headings they get in the dialog. */
const sections: Array<[tag: string, heading: string, look?: string]> = [
  ['short-summary', 'Summary'],
  ['detailed-instructions', 'Instructions'],
  ['positive-example', 'Good example', 'gtkit-example-good'],
  ['negative-example', 'Bad example', 'gtkit-example-bad'],
];

/**
 * crowd-instructions (`link-text`, default "Click for instructions"; `link-type` link or
 * button): a link that opens the instructions in a dialog, with its `short-summary`,
 * `detailed-instructions`, `positive-example` and `negative-example` regions as headed sections.
 */
export const crowdInstructions = regionStandIn('crowd-instructions', (el) => {
  const doc = el.ownerDocument;
  const content: Node[] = [];
  for (const [tag, heading, look] of sections) {
    for (const region of Array.from(el.children).filter((c) => c.tagName.toLowerCase() === tag)) {
      content.push(h(doc, 'section', { class: look }, h(doc, 'h3', {}, heading), region));
    }
  }
  // Anything else the author wrote comes after the named regions.
  const rest = Array.from(el.childNodes).filter((n) => n.nodeType === 1 || (n.textContent ?? '').trim() !== '');
  if (rest.length > 0) content.push(h(doc, 'section', {}, ...rest));
  const { opener, dialog } = makeDialog(doc, 'Instructions', content, { text: el.getAttribute('link-text') ?? 'Click for instructions', look: el.getAttribute('link-type') === 'button' ? 'button' : 'link' });
  el.replaceChildren(h(doc, 'div', { class: 'gtkit-ui' }, opener, dialog));
});

/** The four example regions: defined so that they count as crowd elements, shown inside the dialog. */
export const instructionRegions: StandIn[] = sections.map(([tag]) => regionStandIn(tag));
