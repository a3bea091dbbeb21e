import { h, uniqueId } from './shared/dom.ts';
import { regionStandIn } from './shared/region.ts';

/**
 * crowd-tabs: a tab bar over its crowd-tab children (each tab's `header` names it). Arrow keys,
 * Home and End move between tabs. Hidden tabs stay in the page, so their fields still submit.
 */
export const crowdTabs = regionStandIn('crowd-tabs', (el) => {
  const doc = el.ownerDocument;
  const panes = Array.from(el.children).filter((c) => c.tagName.toLowerCase() === 'crowd-tab') as HTMLElement[];
  const bar = h(doc, 'div', { class: 'gtkit-tablist gtkit-ui', role: 'tablist' });
  const tabs = panes.map((pane, i) => {
    const tabId = uniqueId(doc, 'tab');
    pane.id ||= uniqueId(doc, 'tabpanel');
    pane.setAttribute('role', 'tabpanel');
    pane.setAttribute('aria-labelledby', tabId);
    const tab = h(doc, 'button', { type: 'button', role: 'tab', id: tabId, 'aria-controls': pane.id }, pane.getAttribute('header') ?? `Tab ${i + 1}`);
    tab.addEventListener('click', () => show(i));
    tab.addEventListener('keydown', (e) => {
      const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? panes.length - 1 : null;
      if (next === null) return;
      e.preventDefault();
      const j = (next + panes.length) % panes.length;
      show(j);
      tabs[j]?.focus();
    });
    bar.append(tab);
    return tab;
  });
  const show = (index: number) => {
    panes.forEach((pane, j) => (pane.hidden = j !== index));
    tabs.forEach((tab, j) => {
      tab.setAttribute('aria-selected', String(j === index));
      tab.tabIndex = j === index ? 0 : -1;
    });
  };
  el.prepend(bar);
  show(0);
});
