import type { Win } from './dom.ts';
import { standInBase } from './lifecycle.ts';
import { perWindow } from './per-window.ts';
import { FieldMessage, type Submittable } from './submittable.ts';

/**
 * The base of every element that answers under its `name`: exposes `name`, `value` and
 * `_submittableValue` for scripts, and a message line for validation. Subclasses implement
 * `value`, and where they can block submission, `checkAnswer`.
 */
export function submittableBase(win: Win) {
  return perWindow(win, makeSubmittableBase);
}

function makeSubmittableBase(win: Win) {
  return class SubmittableBase extends standInBase(win) implements Submittable {
    readonly gtkitSubmittable = true as const;
    readonly mergesByName: boolean = false;
    /** Where validation messages go; subclasses point it at their control. */
    message = new FieldMessage(this, () => this.control(), () => this.messageAnchor());

    get name(): string {
      return this.getAttribute('name') ?? '';
    }
    set name(value: string) {
      this.setAttribute('name', value);
    }

    get value(): unknown {
      return undefined;
    }

    /** The name AWS's samples read on submit; the same as `value`. */
    get _submittableValue(): unknown {
      return this.value;
    }

    checkAnswer(): string | null {
      return null;
    }

    showValidation(message: string | null): void {
      this.message.show(message);
    }

    /** The element focus moves to when the answer needs fixing. */
    control(): HTMLElement | undefined {
      return undefined;
    }

    /** The element the message line follows. */
    messageAnchor(): Element | undefined {
      return this.control();
    }

    focusControl(): void {
      (this.control() ?? this).focus?.();
    }

    resetAnswer(): void {}
  };
}
