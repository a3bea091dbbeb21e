import { deliverAnswer, taskAnswersField } from './shared/answer-panel.ts';
import { h, moveChildren, newSubmitEvent, type Win } from './shared/dom.ts';
import { standInBase, type StandIn } from './shared/lifecycle.ts';
import { submitControls } from './shared/submit-controls.ts';
import { serializeAnswer } from './shared/serialize.ts';
import { isSubmittable } from './shared/submittable.ts';
import { validateFields, type Problem } from './shared/validate.ts';

/**
 * crowd-form: wraps its content in a real `<form>`, adds a Submit button when there is none,
 * and on submit (a) checks required fields, showing a message next to each and focusing the
 * first, (b) fires a cancelable `submit` that template scripts can `preventDefault()`, then (c)
 * writes `taskAnswers` = JSON `[answer]` into a hidden field and hands the answer over with
 * `gtkit:submit` (see answer-panel.ts). `serialize()` returns the answer object.
 */
export const crowdForm: StandIn = {
  tag: 'crowd-form',
  create: (win: Win) =>
    class CrowdForm extends standInBase(win) {
      form?: HTMLFormElement;
      summary?: HTMLElement;
      /** Submit events this element dispatched itself, which must reach the page's listeners. */
      readonly ownEvents = new WeakSet<Event>();
      /** True after a blocked submit, until every problem is fixed. */
      checking = false;

      override build(): void {
        const doc = this.ownerDocument;
        const form = h(doc, 'form', { novalidate: true, class: 'gtkit-ui' });
        moveChildren(this, form);
        this.append(form);
        this.form = form;
        const row = h(doc, 'div', { class: 'gtkit-submit-row' });
        if (!form.querySelector(submitControls)) row.append(h(doc, 'crowd-button', { 'form-action': 'submit', variant: 'primary' }, 'Submit'));
        this.summary = h(doc, 'p', { class: 'gtkit-error', role: 'alert' });
        row.append(this.summary);
        form.append(row, h(doc, 'input', { type: 'hidden', name: taskAnswersField }));
        // Every real submit (a submit button, Enter in a field, requestSubmit) goes through the
        // checks first: the browser's own event is stopped here and dispatched again below.
        this.addEventListener(
          'submit',
          (event) => {
            if (this.ownEvents.has(event)) return;
            event.preventDefault();
            event.stopImmediatePropagation();
            this.requestSubmit();
          },
          { capture: true },
        );
        // A native form.submit() skips events and would navigate away: answer instead.
        form.submit = () => void this.submit();
        form.addEventListener('reset', () => queueMicrotask(() => this.resetAnswers()));
        // After a blocked submit, messages follow the fixes as they happen, like a browser's.
        for (const type of ['input', 'change', 'click']) form.addEventListener(type, () => this.recheck());
      }

      /** Checks every field and sums the problems up next to the Submit button. */
      check(): Problem[] {
        const problems = validateFields(this);
        const first = problems[0];
        if (this.summary) this.summary.textContent = !first ? '' : problems.length === 1 ? `Please fix the field marked above (${first.name}).` : `Please fix the ${problems.length} fields marked above.`;
        return problems;
      }

      recheck(): void {
        if (this.checking) this.checking = this.check().length > 0;
      }

      /** The answer object, as Ground Truth stores it in `answerContent`. */
      serialize(): Record<string, unknown> {
        return serializeAnswer(this);
      }

      /**
       * Runs the checks and the `submit` listeners, then delivers the answer. Returns the
       * answer, or null when a required field or a listener blocked the submission.
       */
      requestSubmit(): Record<string, unknown> | null {
        const problems = this.check();
        this.checking = problems.length > 0;
        if (problems.length > 0) {
          problems[0]?.focus();
          return null;
        }
        const event = newSubmitEvent(win);
        this.ownEvents.add(event);
        (this.form ?? this).dispatchEvent(event);
        if (event.defaultPrevented) return null;
        return this.submit();
      }

      /** Delivers the answer without checks or `submit` listeners, like a native form.submit(). */
      submit(): Record<string, unknown> {
        const answer = this.serialize();
        const field = this.form?.querySelector<HTMLInputElement>(`input[name="${taskAnswersField}"]`);
        if (field) field.value = JSON.stringify([answer]);
        deliverAnswer(this, answer);
        return answer;
      }

      resetAnswers(): void {
        for (const el of Array.from(this.querySelectorAll('*'))) {
          if (!isSubmittable(el)) continue;
          el.resetAnswer();
          el.showValidation(null);
        }
        if (this.summary) this.summary.textContent = '';
        this.checking = false;
      }
    },
};
