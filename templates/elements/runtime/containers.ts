import { h, readyToBuild, type Win } from './dom.ts';

/** Regions and layout elements that hold content and submit nothing. */
export function container(win: Win, decorate?: (el: HTMLElement) => void) {
  return class Container extends win.HTMLElement {
    connectedCallback(): void {
      if (!readyToBuild(this)) return;
      decorate?.(this);
    }
  };
}

/** crowd-instructions and crowd-modal: a link or button that opens the content. */
export function disclosure(el: HTMLElement, defaultText: string): void {
  const doc = el.ownerDocument;
  const details = h(doc, 'details', { class: 'gtkit-panel' });
  const summary = h(doc, 'summary', {}, el.getAttribute('link-text') ?? defaultText);
  details.append(summary);
  while (el.firstChild) details.append(el.firstChild);
  el.append(details);
}

/** crowd-tabs: buttons for each crowd-tab header; the chosen tab shows, inputs in hidden tabs still submit. */
export function tabs(el: HTMLElement): void {
  const doc = el.ownerDocument;
  const panes = Array.from(el.querySelectorAll(':scope > crowd-tab')) as HTMLElement[];
  const bar = h(doc, 'div', { class: 'gtkit-choices', role: 'tablist' });
  const show = (i: number) =>
    panes.forEach((p, j) => {
      p.style.display = i === j ? '' : 'none';
      bar.children[j]?.setAttribute('aria-selected', String(i === j));
    });
  panes.forEach((p, i) => {
    const b = h(doc, 'button', { type: 'button', class: 'gtkit-choice', role: 'tab' }, p.getAttribute('header') ?? `Tab ${i + 1}`);
    b.addEventListener('click', () => show(i));
    bar.append(b);
  });
  el.prepend(bar);
  show(0);
}

export function alertBox(el: HTMLElement): void {
  const colours: Record<string, string> = { info: '#ddf4ff', success: '#dafbe1', error: '#ffebe9', warning: '#fff8c5' };
  el.setAttribute('role', el.getAttribute('type') === 'error' ? 'alert' : 'status');
  el.style.cssText = `display:block;padding:8px 12px;border-radius:6px;background:${colours[el.getAttribute('type') ?? 'info'] ?? colours.info};font:14px system-ui,sans-serif`;
  if (el.hasAttribute('dismissible')) {
    const close = h(el.ownerDocument, 'button', { type: 'button', 'aria-label': 'Dismiss', style: 'float:right;border:0;background:none;cursor:pointer' }, '×');
    close.addEventListener('click', () => (el.style.display = 'none'));
    el.prepend(close);
  }
}

export function card(el: HTMLElement): void {
  el.classList.add('gtkit-panel');
  el.style.display = 'block';
  const doc = el.ownerDocument;
  if (el.getAttribute('image')) el.prepend(h(doc, 'img', { src: el.getAttribute('image') ?? '', alt: '', style: 'max-width:100%' }));
  if (el.getAttribute('heading')) el.prepend(h(doc, 'p', { class: 'gtkit-header' }, el.getAttribute('heading') ?? ''));
}

export function iconButton(el: HTMLElement): void {
  const b = h(el.ownerDocument, 'button', { type: 'button', class: 'gtkit-choice', 'aria-label': el.getAttribute('title') ?? el.getAttribute('icon') ?? 'button' }, el.getAttribute('label') ?? el.getAttribute('icon') ?? '•');
  if (el.hasAttribute('disabled')) (b as HTMLButtonElement).disabled = true;
  el.append(b);
}

export function badge(el: HTMLElement): void {
  el.setAttribute('role', 'status');
  el.style.cssText = 'display:inline-block;min-width:1.4em;padding:0 6px;border-radius:10px;background:#cf222e;color:#fff;font:12px system-ui,sans-serif;text-align:center';
  el.textContent = el.getAttribute('label') ?? el.getAttribute('icon') ?? '';
}

export function toast(el: HTMLElement): void {
  el.setAttribute('role', 'status');
  el.style.cssText = 'position:fixed;bottom:16px;left:16px;padding:8px 12px;background:#24292f;color:#fff;border-radius:6px;font:14px system-ui,sans-serif';
  el.textContent = el.getAttribute('text') ?? el.textContent ?? '';
  const duration = Number(el.getAttribute('duration') ?? 3000);
  if (!el.hasAttribute('opened')) el.style.display = 'none';
  else if (duration > 0) setTimeout(() => (el.style.display = 'none'), duration);
}

/**
 * short-instructions / full-instructions: a panel with a heading on their own; inside a tool,
 * short instructions show as they are and full instructions fold behind "View full instructions".
 */
export function instructionsRegion(el: HTMLElement, title: string, insideTool: boolean): void {
  el.style.display = 'block';
  if (insideTool) {
    if (el.tagName.toLowerCase() === 'full-instructions') disclosure(el, el.getAttribute('header') ?? 'View full instructions');
    return;
  }
  el.classList.add('gtkit-panel');
  el.prepend(h(el.ownerDocument, 'p', { class: 'gtkit-header' }, el.getAttribute('header') ?? title));
}
