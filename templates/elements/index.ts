import { h, type Win } from './shared/dom.ts';
import { flushPendingBuilds } from './shared/lifecycle.ts';
import { ensureStyle } from './shared/style.ts';
import { standInList } from './registry.ts';

export { parseLenientValue, type LenientResult } from './attributes.ts';
export { unverifiedChoices, type UnverifiedChoice } from './answer-shapes.ts';
export { standInList, standIns } from './registry.ts';
export { serializeAnswer } from './shared/serialize.ts';
export type { StandIn } from './shared/lifecycle.ts';
export type { Submittable } from './shared/submittable.ts';
export type { Win } from './shared/dom.ts';
export { crowdScriptUrls, elementSpecs, regionTags, type ElementSpec } from './spec.ts';

const readyFired = new WeakSet<Document>();

/**
 * Defines every offline stand-in on a window (idempotent: tags already defined are left alone),
 * then, once the page is parsed and every element is laid out, shows the banner that says
 * stand-ins are in use and fires `all-crowd-elements-ready` on the document, once.
 *
 * @example
 * // In a browser page (the bundle does this on load):
 * defineCrowdElements();
 * // In a happy-dom test:
 * defineCrowdElements(new Window() as unknown as Window & typeof globalThis);
 */
export function defineCrowdElements(win?: Window & typeof globalThis): void {
  const w = (win ?? globalThis) as Win;
  for (const standIn of standInList) if (!w.customElements.get(standIn.tag)) w.customElements.define(standIn.tag, standIn.create(w));
  const doc = w.document;
  const finish = () => {
    flushPendingBuilds(doc);
    ensureStyle(doc);
    showBanner(doc, w);
    if (readyFired.has(doc)) return;
    readyFired.add(doc);
    doc.dispatchEvent(new w.Event('all-crowd-elements-ready'));
  };
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', finish, { once: true });
  else finish();
}

/** The visible note that these are gtkit's stand-ins, naming any crowd tag it cannot stand in for. */
function showBanner(doc: Document, w: Win): void {
  if (!doc.body) return;
  let banner = doc.getElementById('gtkit-banner');
  if (!banner) {
    banner = h(doc, 'div', { id: 'gtkit-banner', class: 'gtkit-banner', role: 'note' });
    doc.body.prepend(banner);
  }
  const unknown = [...new Set(Array.from(doc.querySelectorAll('*')).map((el) => el.tagName.toLowerCase()))].filter((tag) => tag.startsWith('crowd-') && !w.customElements.get(tag)).sort();
  banner.replaceChildren(
    h(doc, 'strong', {}, 'Offline stand-ins.'),
    ' gtkit’s own versions of the Crowd HTML Elements are in use, not Amazon’s: attributes and answers follow the documentation, look and feel differ.',
    unknown.length > 0 ? ` No stand-in for ${unknown.map((t) => `<${t}>`).join(', ')}.` : '',
  );
}
