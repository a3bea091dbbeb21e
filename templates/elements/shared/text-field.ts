import { omitEmptyTextArea } from '../answer-shapes.ts';
import { h, uniqueId, type Win } from './dom.ts';
import { perWindow } from './per-window.ts';
import { readFlag } from './read-attributes.ts';
import { submittableBase } from './submittable-base.ts';

/**
 * The shared text field of crowd-input and crowd-text-area: a labelled native control that
 * honours `label`, `placeholder`, `value`, `type`, `required`, `disabled`, `auto-focus`,
 * `max-length`/`min-length`, `allowed-pattern` (characters that do not match are dropped as
 * the worker types), `auto-validate` (check while typing) and `error-message`.
 */
export function textFieldBase(win: Win) {
  return perWindow(win, makeTextFieldBase);
}

function makeTextFieldBase(win: Win) {
  return class TextField extends submittableBase(win) {
    field?: HTMLInputElement | HTMLTextAreaElement;
    counter?: HTMLElement;
    allowed?: RegExp;

    get multiline(): boolean {
      return false;
    }

    override build(): void {
      const doc = this.ownerDocument;
      const id = uniqueId(doc, 'field');
      const field = this.multiline ? h(doc, 'textarea', { id, rows: this.getAttribute('rows') ?? '3' }) : h(doc, 'input', { id, type: this.getAttribute('type') ?? 'text' });
      const attrs: Array<[string, string]> = [['placeholder', 'placeholder'], ['max-length', 'maxlength'], ['min-length', 'minlength']];
      for (const [from, to] of attrs) {
        const v = this.getAttribute(from);
        if (v !== null) field.setAttribute(to, v);
      }
      field.disabled = readFlag(this, 'disabled');
      if (readFlag(this, 'required')) field.setAttribute('aria-required', 'true');
      field.value = this.getAttribute('value') ?? '';
      field.defaultValue = field.value;
      const pattern = this.getAttribute('allowed-pattern');
      if (pattern) {
        try {
          this.allowed = new RegExp(pattern, 'u');
        } catch (error) {
          this.reportProblem(`allowed-pattern: not a valid regular expression (${(error as Error).message}).`);
        }
      }
      const wrapper = h(doc, 'div', { class: 'gtkit-field gtkit-ui' });
      const labelText = this.getAttribute('label');
      if (labelText) wrapper.append(h(doc, 'label', { for: id, class: 'gtkit-label' }, labelText, readFlag(this, 'required') ? h(doc, 'span', { 'aria-hidden': 'true', style: 'color:var(--gtkit-danger)' }, ' *') : null));
      else field.setAttribute('aria-label', this.getAttribute('placeholder') ?? this.getAttribute('name') ?? 'text');
      wrapper.append(field);
      const max = this.getAttribute('max-length');
      if (this.multiline && readFlag(this, 'char-counter')) {
        this.counter = h(doc, 'div', { class: 'gtkit-counter', 'aria-live': 'polite' });
        wrapper.append(this.counter);
      }
      field.addEventListener('input', () => this.typed());
      this.append(wrapper);
      this.field = field;
      this.updateCounter(max);
      this.grow();
      if (readFlag(this, 'auto-focus')) field.focus();
    }

    /** After each keystroke: drop characters the pattern does not allow, count, grow, check. */
    typed(): void {
      const field = this.field;
      if (!field) return;
      if (this.allowed) {
        const allowed = this.allowed;
        const kept = [...field.value].filter((ch) => allowed.test(ch)).join('');
        if (kept !== field.value) field.value = kept;
      }
      this.updateCounter(this.getAttribute('max-length'));
      this.grow();
      if (readFlag(this, 'auto-validate')) this.showValidation(this.checkAnswer());
      else if (field.getAttribute('aria-invalid') === 'true' && this.checkAnswer() === null) this.showValidation(null);
    }

    updateCounter(max: string | null): void {
      if (this.counter) this.counter.textContent = `${[...(this.field?.value ?? '')].length}${max ? ` / ${max}` : ''}`;
    }

    /** A text area grows with its content up to `max-rows`. */
    grow(): void {
      const field = this.field;
      const maxRows = Number(this.getAttribute('max-rows'));
      if (!this.multiline || !field || !(maxRows > 0)) return;
      const lines = field.value.split('\n').length;
      (field as HTMLTextAreaElement).rows = Math.max(Number(this.getAttribute('rows') ?? 3), Math.min(maxRows, lines));
    }

    override get value(): string | undefined {
      const v = this.field?.value ?? this.getAttribute('value') ?? '';
      if (v !== '') return v;
      return this.multiline && !omitEmptyTextArea ? '' : undefined;
    }
    override set value(v: string) {
      if (this.field) {
        this.field.value = v;
        this.typed();
      } else this.setAttribute('value', v);
    }

    override checkAnswer(): string | null {
      const v = this.field?.value ?? '';
      const custom = this.getAttribute('error-message');
      if (readFlag(this, 'required') && v === '') return custom ?? 'This field is required.';
      if (v === '') return null;
      const min = Number(this.getAttribute('min-length') ?? 0);
      if ([...v].length < min) return custom ?? `Please write at least ${min} characters.`;
      const field = this.field;
      if (field && typeof field.checkValidity === 'function' && !field.checkValidity()) return custom ?? (field.validationMessage || 'Please correct this value.');
      return null;
    }

    override control(): HTMLElement | undefined {
      return this.field;
    }

    override messageAnchor(): Element | undefined {
      return this.counter ?? this.field;
    }

    override resetAnswer(): void {
      if (this.field) this.field.value = this.getAttribute('value') ?? '';
      this.updateCounter(this.getAttribute('max-length'));
    }
  };
}
