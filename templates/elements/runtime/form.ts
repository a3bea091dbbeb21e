import { h, isSubmittable, readyToBuild, type Win } from './dom.ts';

/** Serialises every named field and crowd element under `root` into the answer object. */
export function serializeAnswer(root: Element): Record<string, unknown> {
  const answer: Record<string, unknown> = {};
  const merge = (name: string, part: Record<string, unknown>) => {
    const existing = answer[name];
    answer[name] = typeof existing === 'object' && existing !== null && !Array.isArray(existing) ? { ...(existing as object), ...part } : part;
  };
  for (const el of Array.from(root.querySelectorAll('[name]'))) {
    const name = el.getAttribute('name') ?? '';
    if (name === '' || name === 'taskAnswers') continue;
    if (isSubmittable(el)) {
      const v = el.value;
      if (v === undefined) continue;
      const tag = el.tagName.toLowerCase();
      if (tag === 'crowd-checkbox' || tag === 'crowd-radio-button' || tag === 'crowd-toggle-button') merge(name, v as Record<string, unknown>);
      else answer[name] = v;
      continue;
    }
    const tag = el.tagName.toLowerCase();
    if (tag.startsWith('crowd-')) continue; // not a submittable crowd element (e.g. crowd-button)
    if (insideSubmittable(el)) continue; // a stand-in's own control, answered by the stand-in
    if (tag === 'input') {
      const input = el as HTMLInputElement;
      const type = (input.type || 'text').toLowerCase();
      if (['submit', 'button', 'reset', 'image', 'file'].includes(type) || input.disabled) continue;
      if (type === 'checkbox' || type === 'radio') merge(name, { [input.value || 'on']: input.checked });
      else answer[name] = input.value;
    } else if (tag === 'select' || tag === 'textarea') {
      answer[name] = (el as HTMLSelectElement | HTMLTextAreaElement).value;
    }
  }
  return answer;
}

function insideSubmittable(el: Element): boolean {
  for (let p = el.parentElement; p; p = p.parentElement) if (isSubmittable(p)) return true;
  return false;
}

/** Checks required fields; the first problem is shown next to its field. */
export function validate(root: Element): string[] {
  const problems: string[] = [];
  for (const old of Array.from(root.querySelectorAll('.gtkit-error[data-gtkit-validation]'))) old.remove();
  for (const el of Array.from(root.querySelectorAll('[name]'))) {
    let message: string | null = null;
    if (isSubmittable(el)) message = el.validationMessage();
    else if ((el as HTMLInputElement).required && ['input', 'select', 'textarea'].includes(el.tagName.toLowerCase())) {
      const input = el as HTMLInputElement;
      if ((input.type === 'checkbox' || input.type === 'radio') ? !root.querySelector(`[name="${input.name}"]:checked`) : input.value === '') message = 'This field is required.';
    }
    if (message) {
      problems.push(`${el.getAttribute('name')}: ${message}`);
      const note = h(el.ownerDocument, 'div', { class: 'gtkit-error', role: 'alert', 'data-gtkit-validation': '' }, message);
      el.after(note);
    }
  }
  return problems;
}

/**
 * crowd-form: wraps its content in a real <form>, adds a Submit button when there is none,
 * keeps native `submit` listeners (and their preventDefault) working, then writes the answer
 * into the `taskAnswers` field as `[answer]` and announces it with `gtkit:submit`.
 */
export function crowdForm(win: Win) {
  return class CrowdForm extends win.HTMLElement {
    form?: HTMLFormElement;

    connectedCallback(): void {
      if (!readyToBuild(this)) return;
      const doc = this.ownerDocument;
      const form = doc.createElement('form');
      form.setAttribute('novalidate', '');
      while (this.firstChild) form.append(this.firstChild);
      this.append(form);
      this.form = form;
      const hasSubmit = form.querySelector('crowd-button[form-action="submit"], button[type="submit"], input[type="submit"], button:not([type])');
      if (!hasSubmit) form.append(h(doc, 'crowd-button', { 'form-action': 'submit', variant: 'primary' }, 'Submit'));
      form.append(h(doc, 'input', { type: 'hidden', name: 'taskAnswers' }));
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        this.submitAnswer();
      });
    }

    /** The answer object, as Ground Truth stores it in answerContent. */
    serialize(): Record<string, unknown> {
      return serializeAnswer(this);
    }

    /** Runs validation and the submit listeners; returns the answer, or null when blocked. */
    submitAnswer(): Record<string, unknown> | null {
      if (validate(this).length > 0) return null;
      const submit = new (this.ownerDocument.defaultView as Win).Event('submit', { cancelable: true });
      if (!this.dispatchEvent(submit)) return null;
      const answer = this.serialize();
      const field = this.querySelector<HTMLInputElement>('input[name="taskAnswers"]');
      if (field) field.value = JSON.stringify([answer]);
      announce(this, answer);
      return answer;
    }
  };
}

/** Dispatches gtkit:submit; when nobody handles it, shows the answer on the page. */
export function announce(from: HTMLElement, answer: Record<string, unknown>): void {
  const win = from.ownerDocument.defaultView as Win;
  const event = new win.CustomEvent('gtkit:submit', { detail: { answer }, bubbles: true, composed: true, cancelable: true });
  if (!from.dispatchEvent(event)) return;
  let panel = from.ownerDocument.getElementById('gtkit-answer');
  if (!panel) {
    panel = h(from.ownerDocument, 'pre', { id: 'gtkit-answer', class: 'gtkit-answer', 'aria-live': 'polite' });
    from.after(panel);
  }
  panel.textContent = `Submitted (taskAnswers = [answer]):\n${JSON.stringify(answer, null, 2)}`;
}
