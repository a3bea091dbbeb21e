import { h, type Win } from './dom.ts';
import { perWindow } from './per-window.ts';
import { ensureStyle } from './style.ts';

/** One stand-in: its tag and a class factory for a given window (happy-dom or the browser). */
export interface StandIn {
  tag: string;
  create(win: Win): CustomElementConstructor;
}

/** What every stand-in element can do, whatever it draws. */
export interface StandInElement extends HTMLElement {
  /** Lays the element out once its children are parsed. Called once per element. */
  build(): void;
  /** Shows a problem with the element's attributes inside the element and on the console. */
  reportProblem(message: string): void;
}

const pending = new WeakMap<Document, Set<StandInElement>>();
const built = new WeakSet<Element>();

/**
 * Builds the element now, or, while the page is still being parsed (the script sits above the
 * elements), once the parser is done: until then the element's children do not exist yet.
 * Moving a built element in the DOM connects it again; it is never built twice.
 */
export function requestBuild(el: StandInElement): void {
  if (built.has(el)) return;
  const doc = el.ownerDocument;
  if (doc.readyState === 'loading') {
    let queue = pending.get(doc);
    if (!queue) {
      queue = new Set();
      pending.set(doc, queue);
      doc.addEventListener('DOMContentLoaded', () => flushPendingBuilds(doc), { once: true });
    }
    queue.add(el);
    return;
  }
  buildNow(el);
}

/** Builds every element that waited for the parser, parents before children (document order). */
export function flushPendingBuilds(doc: Document): void {
  const queue = pending.get(doc);
  if (!queue) return;
  pending.delete(doc);
  for (const el of queue) if (el.isConnected) buildNow(el);
}

function buildNow(el: StandInElement): void {
  if (built.has(el)) return;
  built.add(el);
  ensureStyle(el.ownerDocument);
  try {
    el.build();
  } catch (error) {
    // One broken element must not take the rest of the page down with it.
    el.reportProblem(`could not be shown: ${(error as Error).message}`);
  }
}

/**
 * The base class of every stand-in on a window: deferred, build-once layout and visible
 * attribute problems.
 */
export function standInBase(win: Win) {
  return perWindow(win, makeBase);
}

function makeBase(win: Win) {
  return class StandInBase extends win.HTMLElement implements StandInElement {
    connectedCallback(): void {
      requestBuild(this);
    }

    build(): void {}

    reportProblem(message: string): void {
      const tag = this.tagName.toLowerCase();
      const text = `<${tag}${this.getAttribute('name') ? ` name="${this.getAttribute('name')}"` : ''}> ${message}`;
      win.console?.warn?.(`gtkit stand-in: ${text}`);
      let box = Array.from(this.children).find((c) => c.classList.contains('gtkit-problems')) as HTMLElement | undefined;
      if (!box) {
        box = h(this.ownerDocument, 'ul', { class: 'gtkit-problems', role: 'alert' });
        this.prepend(box);
      }
      box.append(h(this.ownerDocument, 'li', {}, text));
    }
  };
}
