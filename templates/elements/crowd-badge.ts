import { h } from './shared/dom.ts';
import { iconGlyph, isIconUrl } from './shared/icons.ts';
import { regionStandIn } from './shared/region.ts';

/**
 * crowd-badge (`for`: id of the element it belongs to; `icon`, which wins over `label`): a small
 * round badge placed right after its element, which it also describes for screen readers.
 */
export const crowdBadge = regionStandIn('crowd-badge', (el) => {
  const doc = el.ownerDocument;
  const icon = el.getAttribute('icon');
  const text = el.getAttribute('label') ?? '';
  const badge = h(doc, 'span', { class: 'gtkit-badge' }, icon ? (isIconUrl(icon) ? h(doc, 'img', { src: icon, alt: text, width: 12, height: 12 }) : iconGlyph(icon)) : text);
  el.replaceChildren(badge);
  el.setAttribute('role', 'status');
  const forId = el.getAttribute('for');
  const target = forId ? doc.getElementById(forId) : null;
  if (!target) return;
  el.id ||= `${forId}-badge`;
  target.setAttribute('aria-describedby', [target.getAttribute('aria-describedby'), el.id].filter(Boolean).join(' '));
  if (target.nextSibling !== el) target.after(el);
});
