import { parseLenientValue } from '../attributes.ts';

/** The window the elements are defined on: the browser's, or a happy-dom Window in tests. */
export type Win = Window & typeof globalThis;

/** Reads an array/object attribute the way the real elements do (JSON or JS-style literals). */
export function attrValue<T>(el: Element, name: string, fallback: T): T {
  const raw = el.getAttribute(name);
  if (raw === null || raw.trim() === '') return fallback;
  const parsed = parseLenientValue(raw);
  return parsed.ok ? (parsed.value as T) : fallback;
}

export function labelsOf(el: Element, attribute: string): string[] {
  const value = attrValue<unknown[]>(el, attribute, []);
  return Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : String((v as { label?: unknown })?.label ?? v))) : [];
}

export function h(doc: Document, tag: string, props: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElement {
  const el = doc.createElement(tag);
  for (const [k, v] of Object.entries(props)) el.setAttribute(k, v);
  for (const c of children) el.append(typeof c === 'string' ? doc.createTextNode(c) : c);
  return el;
}

/** Elements that submit a value implement this; crowd-form collects them. */
export interface Submittable {
  readonly gtkitSubmittable: true;
  /** The answer under `name`, or undefined to leave it out. */
  readonly value: unknown;
  /** A message when the element blocks submission (required and empty), else null. */
  validationMessage(): string | null;
}

export function isSubmittable(el: unknown): el is Element & Submittable {
  return typeof el === 'object' && el !== null && (el as Partial<Submittable>).gtkitSubmittable === true;
}

const styleId = 'gtkit-crowd-stand-in-style';

/** One stylesheet for every stand-in: plain, readable, keyboard focus visible. */
export function ensureStyle(doc: Document): void {
  if (doc.getElementById(styleId)) return;
  const style = doc.createElement('style');
  style.id = styleId;
  style.textContent = `
.gtkit-banner{position:sticky;top:0;z-index:1000;background:#fff4ce;border-bottom:1px solid #e0b400;padding:6px 12px;font:13px system-ui,sans-serif;color:#5c4400}
.gtkit-panel{font:14px system-ui,sans-serif;border:1px solid #d0d7de;border-radius:8px;padding:12px;margin:8px 0;background:#fff}
.gtkit-header{font:600 16px system-ui,sans-serif;margin:0 0 8px}
.gtkit-choices{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0}
.gtkit-choice{border:1px solid #8c959f;border-radius:16px;padding:4px 12px;background:#f6f8fa;cursor:pointer;font:14px system-ui,sans-serif}
.gtkit-choice[aria-pressed=true],.gtkit-choice[aria-checked=true]{background:#0969da;color:#fff;border-color:#0969da}
.gtkit-choice:focus-visible,.gtkit-stage:focus-visible,button:focus-visible{outline:3px solid #fb8500;outline-offset:2px}
.gtkit-error{color:#b42318;font:13px system-ui,sans-serif;margin:4px 0}
.gtkit-stage{position:relative;display:inline-block;user-select:none;touch-action:none;max-width:100%}
.gtkit-stage img{display:block;max-width:100%}
.gtkit-stage svg{position:absolute;inset:0;width:100%;height:100%}
.gtkit-submit{background:#1f883d;color:#fff;border:0;border-radius:6px;padding:8px 16px;font:600 14px system-ui,sans-serif;cursor:pointer}
.gtkit-answer{white-space:pre-wrap;font:12px ui-monospace,monospace;background:#f6f8fa;border:1px solid #d0d7de;padding:8px;border-radius:6px}
.gtkit-entity-text{line-height:2;font:16px system-ui,sans-serif;white-space:pre-wrap}
.gtkit-entity{border-radius:4px;padding:1px 2px}
.gtkit-entity sup{font-size:10px;margin-left:2px}
crowd-instructions details,crowd-modal details{margin:6px 0}
`;
  doc.head.append(style);
}

export const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/**
 * Elements defined by a script that runs before the page is parsed are connected before their
 * children exist; they wait for DOMContentLoaded before reading them. Returns true when deferred.
 */
export function deferUntilParsed(el: Element, build: () => void): boolean {
  const doc = el.ownerDocument;
  if (doc.readyState !== 'loading') return false;
  doc.addEventListener('DOMContentLoaded', () => build(), { once: true });
  return true;
}

/** The crowd element hosting a region (instructions inside a tool), if any. */
export function hostElement(el: Element): Element | null {
  return el.parentElement?.closest('crowd-bounding-box,crowd-keypoint,crowd-polygon,crowd-line,crowd-polyline,crowd-classifier,crowd-classifier-multi-select,crowd-image-classifier,crowd-image-classifier-multi-select,crowd-entity-annotation,crowd-semantic-segmentation,crowd-instance-segmentation') ?? null;
}

const built = new WeakSet<Element>();

/**
 * The start of every stand-in's connectedCallback: waits for the parser when needed, builds an
 * element once (moving it in the DOM connects it again), and adds the shared stylesheet.
 */
export function readyToBuild(el: HTMLElement & { connectedCallback(): void }): boolean {
  if (deferUntilParsed(el, () => el.connectedCallback())) return false;
  if (built.has(el)) return false;
  built.add(el);
  ensureStyle(el.ownerDocument);
  return true;
}
