import { h } from './shared/dom.ts';
import { regionStandIn } from './shared/region.ts';

/** crowd-card (`heading`, `image`): a bordered card with an optional picture and heading over its content. */
export const crowdCard = regionStandIn('crowd-card', (el) => {
  const doc = el.ownerDocument;
  el.classList.add('gtkit-panel', 'gtkit-card', 'gtkit-ui');
  const heading = el.getAttribute('heading');
  if (heading) el.prepend(h(doc, 'p', { class: 'gtkit-header' }, heading));
  const image = el.getAttribute('image');
  if (image) el.prepend(h(doc, 'img', { src: image, alt: heading ?? '' }));
});
