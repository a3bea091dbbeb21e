import { h, readyToBuild, type Win } from './dom.ts';

/** crowd-button: a real button; form-action="submit" submits the enclosing crowd-form. */
export function crowdButton(win: Win) {
  return class CrowdButton extends win.HTMLElement {
    connectedCallback(): void {
      if (!readyToBuild(this)) return;
      const button = h(this.ownerDocument, 'button', { type: 'button', class: this.getAttribute('form-action') === 'submit' || this.getAttribute('variant') === 'primary' ? 'gtkit-submit' : 'gtkit-choice' }) as HTMLButtonElement;
      while (this.firstChild) button.append(this.firstChild);
      if (!button.textContent?.trim()) button.textContent = this.getAttribute('form-action') === 'submit' ? 'Submit' : 'Button';
      if (this.hasAttribute('disabled')) button.disabled = true;
      this.append(button);
      button.addEventListener('click', () => {
        const action = this.getAttribute('form-action');
        const form = this.closest('crowd-form') as (HTMLElement & { submitAnswer?: () => unknown }) | null;
        if (action === 'submit') form?.submitAnswer?.();
        if (action === 'reset') this.closest('form')?.reset();
        const href = this.getAttribute('href');
        if (href) this.ownerDocument.defaultView?.open(href, this.getAttribute('target') ?? '_self');
      });
    }
  };
}

/** crowd-input and crowd-text-area: a labelled text field; empty values are left out. */
export function textField(win: Win, multiline: boolean) {
  return class TextField extends win.HTMLElement {
    readonly gtkitSubmittable = true as const;
    field?: HTMLInputElement | HTMLTextAreaElement;

    connectedCallback(): void {
      if (!readyToBuild(this)) return;
      const doc = this.ownerDocument;
      const id = `gtkit-f-${Math.random().toString(36).slice(2)}`;
      const field = (multiline ? h(doc, 'textarea', { id, rows: this.getAttribute('rows') ?? '3' }) : h(doc, 'input', { id, type: this.getAttribute('type') ?? 'text' })) as HTMLInputElement | HTMLTextAreaElement;
      for (const a of ['placeholder', 'maxlength', 'minlength']) {
        const v = this.getAttribute(a === 'maxlength' ? 'max-length' : a === 'minlength' ? 'min-length' : a);
        if (v !== null) field.setAttribute(a, v);
      }
      if (this.hasAttribute('disabled')) field.disabled = true;
      if (this.hasAttribute('required')) field.setAttribute('aria-required', 'true');
      field.value = this.getAttribute('value') ?? '';
      field.style.cssText = 'width:100%;box-sizing:border-box;font:14px system-ui,sans-serif;padding:6px';
      const label = h(doc, 'label', { for: id, class: 'gtkit-header' }, this.getAttribute('label') ?? '');
      this.append(label, field);
      if (this.hasAttribute('auto-focus')) field.focus();
      this.field = field;
    }

    get value(): string | undefined {
      const v = this.field?.value ?? this.getAttribute('value') ?? '';
      return v === '' ? undefined : v;
    }
    set value(v: string) {
      if (this.field) this.field.value = v;
      else this.setAttribute('value', v);
    }

    validationMessage(): string | null {
      const v = this.value ?? '';
      if (this.hasAttribute('required') && v === '') return this.getAttribute('error-message') ?? 'This field is required.';
      const pattern = this.getAttribute('allowed-pattern');
      if (pattern && v !== '' && !new RegExp(`^(?:${pattern})$`).test(v)) return this.getAttribute('error-message') ?? `Must match ${pattern}.`;
      const min = Number(this.getAttribute('min-length') ?? 0);
      if (v.length > 0 && v.length < min) return `At least ${min} characters.`;
      return null;
    }
  };
}

/** crowd-checkbox and crowd-toggle-button: `{ "<value>": true|false }`, merged by name. */
export function booleanField(win: Win, role: 'checkbox' | 'switch') {
  return class BooleanField extends win.HTMLElement {
    readonly gtkitSubmittable = true as const;
    box?: HTMLInputElement;

    connectedCallback(): void {
      if (!readyToBuild(this)) return;
      const doc = this.ownerDocument;
      const box = h(doc, 'input', { type: 'checkbox', role }) as HTMLInputElement;
      box.checked = this.hasAttribute('checked');
      box.disabled = this.hasAttribute('disabled');
      const label = h(doc, 'label', {}, box, ` ${this.textContent?.trim() || this.getAttribute('value') || ''}`);
      this.textContent = '';
      this.append(label);
      this.box = box;
    }

    get checked(): boolean {
      return this.box?.checked ?? this.hasAttribute('checked');
    }
    set checked(v: boolean) {
      if (this.box) this.box.checked = v;
    }

    get value(): Record<string, boolean> {
      return { [this.getAttribute('value') ?? 'on']: this.checked };
    }

    validationMessage(): string | null {
      return this.hasAttribute('required') && !this.checked ? 'Please check this to continue.' : null;
    }
  };
}

/** crowd-radio-button inside crowd-radio-group: one choice per group, `{ "<value>": true|false }`. */
export function radioButton(win: Win) {
  return class RadioButton extends win.HTMLElement {
    readonly gtkitSubmittable = true as const;
    radio?: HTMLInputElement;

    connectedCallback(): void {
      if (!readyToBuild(this)) return;
      const group = this.closest('crowd-radio-group');
      const groupName = group?.getAttribute('data-gtkit-group') ?? `gtkit-r-${Math.random().toString(36).slice(2)}`;
      group?.setAttribute('data-gtkit-group', groupName);
      const radio = h(this.ownerDocument, 'input', { type: 'radio', name: groupName }) as HTMLInputElement;
      radio.checked = this.hasAttribute('checked');
      radio.disabled = this.hasAttribute('disabled');
      const text = this.textContent?.trim() || this.getAttribute('value') || '';
      this.textContent = '';
      this.append(h(this.ownerDocument, 'label', {}, radio, ` ${text}`));
      this.radio = radio;
    }

    get checked(): boolean {
      return this.radio?.checked ?? false;
    }
    set checked(v: boolean) {
      if (this.radio) this.radio.checked = v;
    }

    get value(): Record<string, boolean> {
      return { [this.getAttribute('value') ?? 'on']: this.checked };
    }

    validationMessage(): string | null {
      return null;
    }
  };
}

/** crowd-slider: a range input; the answer is the number (undocumented; see answer-shapes.md). */
export function crowdSlider(win: Win) {
  return class CrowdSlider extends win.HTMLElement {
    readonly gtkitSubmittable = true as const;
    range?: HTMLInputElement;

    connectedCallback(): void {
      if (!readyToBuild(this)) return;
      const doc = this.ownerDocument;
      const range = h(doc, 'input', { type: 'range', min: this.getAttribute('min') ?? '0', max: this.getAttribute('max') ?? '100', step: this.getAttribute('step') ?? '1' }) as HTMLInputElement;
      range.value = this.getAttribute('value') ?? range.min;
      range.disabled = this.hasAttribute('disabled');
      const out = h(doc, 'output', {}, range.value);
      range.addEventListener('input', () => (out.textContent = range.value));
      range.setAttribute('aria-label', this.getAttribute('name') ?? 'slider');
      this.append(range, out);
      this.range = range;
    }

    get value(): number {
      return Number(this.range?.value ?? this.getAttribute('value') ?? 0);
    }
    set value(v: number) {
      if (this.range) this.range.value = String(v);
    }

    validationMessage(): string | null {
      return null;
    }
  };
}
