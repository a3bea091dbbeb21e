import { h } from './shared/dom.ts';
import { iconGlyph, isIconUrl } from './shared/icons.ts';
import { regionStandIn } from './shared/region.ts';

/**
 * crowd-fab (`icon`, `label`: one character, `title`, `disabled`): a round floating button in
 * the lower right corner; the page's click listeners on crowd-fab keep working.
 */
export const crowdFab = regionStandIn('crowd-fab', (el) => {
  const doc = el.ownerDocument;
  const icon = el.getAttribute('icon');
  const title = el.getAttribute('title') ?? el.getAttribute('label') ?? icon ?? 'Action';
  const face = icon ? (isIconUrl(icon) ? h(doc, 'img', { src: icon, alt: '', width: 22, height: 22 }) : iconGlyph(icon)) : (el.getAttribute('label') ?? '+');
  const button = h(doc, 'button', { type: 'button', class: 'gtkit-fab', 'aria-label': title, title, disabled: el.hasAttribute('disabled') }, face);
  el.replaceChildren(button);
});
