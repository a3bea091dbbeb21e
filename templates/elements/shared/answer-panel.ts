import { h, winOf } from './dom.ts';

/** The wire format of the real crowd-form: one field whose value is JSON `[answer]`. */
export const taskAnswersField = 'taskAnswers';

/**
 * Hands a submitted answer over: a bubbling, composed, cancelable `gtkit:submit` CustomEvent
 * with `{ answer }` on `from`. The preview cancels it and stores the answer; when nobody
 * does (a plain HTML file opened on its own), the answer is shown in a small panel.
 */
export function deliverAnswer(from: HTMLElement, answer: Record<string, unknown>): void {
  const win = winOf(from);
  const event = new win.CustomEvent('gtkit:submit', { detail: { answer }, bubbles: true, composed: true, cancelable: true });
  if (!from.dispatchEvent(event)) return;
  const doc = from.ownerDocument;
  let panel = doc.getElementById('gtkit-answer');
  if (!panel) {
    panel = h(doc, 'section', { id: 'gtkit-answer', class: 'gtkit-answer', 'aria-live': 'polite', 'aria-label': 'Submitted answer' });
    from.after(panel);
  }
  panel.replaceChildren(
    h(doc, 'p', { class: 'gtkit-answer-title' }, `Submitted (the real form posts ${taskAnswersField} = [answer]):`),
    h(doc, 'code', {}, JSON.stringify(answer, null, 2)),
  );
}
