/** The window the stand-ins are defined on: the browser's, or a happy-dom Window in tests. */
export type Win = Window & typeof globalThis;

export const svgNamespace = 'http://www.w3.org/2000/svg';

type Child = Node | string | null | undefined | false;

/** Creates an HTML element with attributes and children (strings become text, falsy are skipped). */
export function h<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, attrs?: Record<string, string | number | boolean | undefined>, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(doc: Document, tag: string, attrs?: Record<string, string | number | boolean | undefined>, ...children: Child[]): HTMLElement;
export function h(doc: Document, tag: string, attrs: Record<string, string | number | boolean | undefined> = {}, ...children: Child[]): HTMLElement {
  const el = doc.createElement(tag);
  setAttributes(el, attrs);
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'string' ? doc.createTextNode(c) : c);
  return el;
}

/** Creates an SVG element in the SVG namespace. */
export function s(doc: Document, tag: string, attrs: Record<string, string | number | boolean | undefined> = {}): SVGElement {
  const el = doc.createElementNS(svgNamespace, tag) as SVGElement;
  setAttributes(el, attrs);
  return el;
}

/** Sets attributes: `true` sets an empty attribute, `false`/undefined leave it out. */
function setAttributes(el: Element, attrs: Record<string, string | number | boolean | undefined>): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
}

const counters = new WeakMap<Document, number>();

/** A document-unique id (deterministic: a per-document counter, never Math.random). */
export function uniqueId(doc: Document, prefix: string): string {
  const n = (counters.get(doc) ?? 0) + 1;
  counters.set(doc, n);
  return `gtkit-${prefix}-${n}`;
}

/** The window that owns an element. */
export function winOf(el: Node): Win {
  const doc = el.ownerDocument ?? (el as Document);
  return doc.defaultView as unknown as Win;
}

/** Moves every child of `from` into `to` (keeps authored content, events and state). */
export function moveChildren(from: Node, to: Node): void {
  while (from.firstChild) to.appendChild(from.firstChild);
}

/** The first descendant with a given tag that does not belong to a nested crowd element. */
export function ownRegion(el: Element, tag: string): Element | null {
  for (const found of Array.from(el.getElementsByTagName(tag))) {
    let owner = found.parentElement;
    while (owner && owner !== el && !owner.tagName.toLowerCase().startsWith('crowd-')) owner = owner.parentElement;
    if (owner === el) return found;
  }
  return null;
}

/** Puts text where assistive technology reads it out (a polite live region). */
export function announce(region: HTMLElement | undefined, text: string): void {
  if (!region) return;
  // Clearing first makes screen readers repeat an identical message.
  region.textContent = '';
  region.textContent = text;
}

/** A cancelable, bubbling `submit` event (a SubmitEvent where the window has one). */
export function newSubmitEvent(win: Win): Event {
  const SubmitEventClass = (win.SubmitEvent ?? win.Event) as unknown as typeof Event;
  return new SubmitEventClass('submit', { bubbles: true, cancelable: true });
}
