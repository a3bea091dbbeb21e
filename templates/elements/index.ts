import { standIns } from './registry.ts';
import { ensureStyle, type Win } from './runtime/dom.ts';

export { serializeAnswer } from './runtime/form.ts';
export { standIns } from './registry.ts';
export { elementSpecs, type ElementSpec } from './spec.ts';
export { parseLenientValue } from './attributes.ts';

/**
 * Defines every offline stand-in on a window (idempotent), shows the banner that says stand-ins
 * are in use, and fires `all-crowd-elements-ready` on the document once.
 */
export function defineCrowdElements(win: Win = globalThis as unknown as Win): void {
  const doc = win.document;
  for (const [tag, make] of Object.entries(standIns)) if (!win.customElements.get(tag)) win.customElements.define(tag, make(win));
  ensureStyle(doc);
  const ready = () => {
    if (!doc.getElementById('gtkit-banner')) {
      const banner = doc.createElement('div');
      banner.id = 'gtkit-banner';
      banner.className = 'gtkit-banner';
      banner.setAttribute('role', 'note');
      banner.textContent = 'Offline preview: gtkit stand-ins for the Crowd HTML Elements (not Amazon\u2019s). Look and feel differ; answers follow the documented shapes.';
      doc.body.prepend(banner);
    }
    if ((doc as Document & { gtkitReady?: boolean }).gtkitReady) return;
    (doc as Document & { gtkitReady?: boolean }).gtkitReady = true;
    doc.dispatchEvent(new win.Event('all-crowd-elements-ready'));
  };
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', ready, { once: true });
  else ready();
}
