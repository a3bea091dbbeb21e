import { h, moveChildren, type Win } from './dom.ts';
import { perWindow } from './per-window.ts';
import { readFlag } from './read-attributes.ts';
import { submittableBase } from './submittable-base.ts';

/**
 * The shared on/off field of crowd-checkbox, crowd-toggle-button and crowd-radio-button: a
 * native input inside a label (the element's own content is the label text, or its `value`).
 * Answer: `{ "<value, default on>": checked }`; fields sharing a name merge into one object.
 */
export function booleanFieldBase(win: Win) {
  return perWindow(win, makeBooleanFieldBase);
}

function makeBooleanFieldBase(win: Win) {
  return class BooleanField extends submittableBase(win) {
    override readonly mergesByName: boolean = true;
    input?: HTMLInputElement;

    /** The native input: a checkbox, a switch, or a radio in a group. */
    makeInput(doc: Document): HTMLInputElement {
      return h(doc, 'input', { type: 'checkbox' });
    }

    override build(): void {
      const doc = this.ownerDocument;
      const input = this.makeInput(doc);
      input.checked = readFlag(this, 'checked');
      input.defaultChecked = input.checked;
      input.disabled = readFlag(this, 'disabled');
      if (readFlag(this, 'required')) input.setAttribute('aria-required', 'true');
      if (readFlag(this, 'invalid')) input.setAttribute('aria-invalid', 'true');
      const text = h(doc, 'span', {});
      moveChildren(this, text);
      if (!text.textContent?.trim()) text.textContent = this.getAttribute('value') ?? '';
      this.append(h(doc, 'label', { class: 'gtkit-check gtkit-ui' }, input, text));
      input.addEventListener('change', () => {
        if (input.checked) this.showValidation(null);
      });
      this.input = input;
    }

    get checked(): boolean {
      return this.input?.checked ?? readFlag(this, 'checked');
    }
    set checked(on: boolean) {
      if (this.input) this.input.checked = on;
      else this.toggleAttribute('checked', on);
    }

    get disabled(): boolean {
      return this.input?.disabled ?? readFlag(this, 'disabled');
    }
    set disabled(on: boolean) {
      if (this.input) this.input.disabled = on;
      this.toggleAttribute('disabled', on);
    }

    override get value(): Record<string, boolean> {
      return { [this.getAttribute('value') ?? 'on']: this.checked };
    }

    override checkAnswer(): string | null {
      return readFlag(this, 'required') && !this.checked ? 'Please check this to continue.' : null;
    }

    override control(): HTMLElement | undefined {
      return this.input;
    }

    override messageAnchor(): Element | undefined {
      return this.input?.parentElement ?? undefined;
    }

    override resetAnswer(): void {
      if (this.input) this.input.checked = readFlag(this, 'checked');
    }
  };
}
