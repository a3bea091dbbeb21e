import { h } from './shared/dom.ts';
import { iconGlyph, isIconUrl } from './shared/icons.ts';
import { regionStandIn } from './shared/region.ts';

/** crowd-icon-button (`icon`, `disabled`): a round button showing the icon, named for screen readers. */
export const crowdIconButton = regionStandIn('crowd-icon-button', (el) => {
  const doc = el.ownerDocument;
  const icon = el.getAttribute('icon') ?? '';
  const name = el.getAttribute('title') ?? el.getAttribute('aria-label') ?? (icon || 'Button');
  const face = icon && isIconUrl(icon) ? h(doc, 'img', { src: icon, alt: '', width: 18, height: 18 }) : iconGlyph(icon || '•');
  el.replaceChildren(h(doc, 'button', { type: 'button', class: 'gtkit-button gtkit-icon gtkit-ui', 'aria-label': name, title: name, disabled: el.hasAttribute('disabled') }, face));
});
