import { Window } from 'happy-dom';
import { defineCrowdElements, type Win } from '../../../templates/elements/index.ts';

/** A happy-dom page with the stand-ins defined, and what it submitted. */
export interface HappyPage {
  win: Win;
  doc: Document;
  /** Answers handed over with gtkit:submit (the test cancels the event, as the preview does). */
  answers: Array<Record<string, unknown>>;
  /** Names of the ready events seen on the document. */
  events: string[];
  /** The first element matching a selector, typed as the caller needs. */
  $<T = HTMLElement>(selector: string): T;
  /** Fires a pointer event at image coordinates (happy-dom lays nothing out: 1 px = 1 image px). */
  pointer(target: Element, type: 'pointerdown' | 'pointermove' | 'pointerup', x: number, y: number): void;
  key(target: Element, key: string, init?: KeyboardEventInit): void;
  /** Waits until the page's pending timers and loads are done. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens `body` in a fresh happy-dom window without network access, defines the stand-ins and
 * records answers. `keepAnswers: false` leaves gtkit:submit uncancelled (the answer panel shows).
 */
export function happyPage(body: string, options: { keepAnswers?: boolean; head?: string } = {}): HappyPage {
  const window = new Window({ url: 'http://127.0.0.1/', settings: { disableJavaScriptFileLoading: true, disableCSSFileLoading: true, handleDisabledFileLoadingAsSuccess: true, navigation: { disableMainFrameNavigation: true } } });
  const win = window as unknown as Win;
  const doc = win.document;
  doc.write(`<!doctype html><html><head>${options.head ?? ''}</head><body>${body}</body></html>`);
  const events: string[] = [];
  const answers: Array<Record<string, unknown>> = [];
  doc.addEventListener('all-crowd-elements-ready', () => events.push('all-crowd-elements-ready'));
  doc.addEventListener('gtkit:submit', (e) => {
    if (options.keepAnswers !== false) e.preventDefault();
    answers.push((e as CustomEvent<{ answer: Record<string, unknown> }>).detail.answer);
  });
  defineCrowdElements(win);
  return {
    win,
    doc,
    answers,
    events,
    $: <T,>(selector: string) => {
      const el = doc.querySelector(selector);
      if (!el) throw new Error(`no element matches ${selector}`);
      return el as unknown as T;
    },
    pointer: (target, type, x, y) => target.dispatchEvent(new win.PointerEvent(type, { clientX: x, clientY: y, pointerId: 1, button: 0, bubbles: true, cancelable: true })),
    key: (target, key, init = {}) => target.dispatchEvent(new win.KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init })),
    settle: () => window.happyDOM.waitUntilComplete(),
    close: () => window.happyDOM.close(),
  };
}
