import { h } from './shared/dom.ts';
import { regionStandIn } from './shared/region.ts';

const types = ['info', 'success', 'warning', 'error'];

/**
 * crowd-alert (`type`: info by default, success, warning, error; `dismissible`): a coloured
 * message; errors and warnings are announced at once (role alert), the others politely.
 */
export const crowdAlert = regionStandIn('crowd-alert', (el) => {
  const type = types.includes(el.getAttribute('type') ?? '') ? (el.getAttribute('type') as string) : 'info';
  el.setAttribute('data-gtkit-type', type);
  el.setAttribute('role', type === 'error' || type === 'warning' ? 'alert' : 'status');
  el.classList.add('gtkit-ui');
  if (!el.hasAttribute('dismissible')) return;
  const close = h(el.ownerDocument, 'button', { type: 'button', class: 'gtkit-icon-only gtkit-dismiss', 'aria-label': 'Dismiss' }, '×');
  close.addEventListener('click', () => (el.hidden = true));
  el.prepend(close);
});
