import { h, uniqueId } from './dom.ts';

/**
 * What crowd-form needs from an element that answers under its `name`. Scripts read `value`
 * (and `_submittableValue`, the name AWS's own samples use) on submit.
 */
export interface Submittable extends HTMLElement {
  readonly gtkitSubmittable: true;
  /** The answer under `name`, or undefined to leave it out (e.g. an empty crowd-input). */
  readonly value: unknown;
  /** Checkboxes, radios and toggles sharing a name merge their `{ value: checked }` objects. */
  readonly mergesByName: boolean;
  /** Why the element blocks submission (required and empty, invalid), or null. */
  checkAnswer(): string | null;
  /** Shows (or clears, with null) the message next to the element. */
  showValidation(message: string | null): void;
  /** Moves focus to the control a person should fix. */
  focusControl(): void;
  /** Back to the initial state (a form reset). */
  resetAnswer(): void;
}

export function isSubmittable(el: unknown): el is Submittable {
  return typeof el === 'object' && el !== null && (el as Partial<Submittable>).gtkitSubmittable === true;
}

/**
 * The message line under a control: the text in a paragraph placed after `anchor`, with
 * `aria-invalid` and `aria-describedby` on the control so screen readers tie them together.
 */
export class FieldMessage {
  private line?: HTMLElement;

  constructor(
    private readonly owner: HTMLElement,
    private readonly control: () => Element | undefined,
    private readonly anchor: () => Element | undefined = control,
  ) {}

  show(message: string | null): void {
    const control = this.control();
    if (!this.line) {
      if (message === null) return;
      const doc = this.owner.ownerDocument;
      this.line = h(doc, 'p', { class: 'gtkit-error', id: uniqueId(doc, 'error') });
      const anchor = this.anchor();
      if (anchor?.parentNode) anchor.after(this.line);
      else this.owner.append(this.line);
    }
    this.line.textContent = message ?? '';
    if (!control) return;
    if (message === null) {
      control.removeAttribute('aria-invalid');
      return;
    }
    control.setAttribute('aria-invalid', 'true');
    const ids = new Set((control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean));
    ids.add(this.line.id);
    control.setAttribute('aria-describedby', [...ids].join(' '));
  }
}
