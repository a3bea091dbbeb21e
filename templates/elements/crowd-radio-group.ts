import { type Win } from './shared/dom.ts';
import { standInBase, type StandIn } from './shared/lifecycle.ts';
import { isSubmittable } from './shared/submittable.ts';
import { getOwn, setOwn } from '../../lambdas/contracts/own-property.ts';

/**
 * crowd-radio-group: holds crowd-radio-buttons so that one choice excludes the others. It has
 * no answer of its own; the buttons answer under their names. `value` lists them for scripts:
 * `{ "<button name>": { "<value>": true|false }, … }`.
 */
export const crowdRadioGroup: StandIn = {
  tag: 'crowd-radio-group',
  create: (win: Win) =>
    class CrowdRadioGroup extends standInBase(win) {
      override build(): void {
        this.setAttribute('role', 'radiogroup');
      }

      get value(): Record<string, unknown> {
        const out: Record<string, unknown> = {};
        for (const button of Array.from(this.querySelectorAll('crowd-radio-button'))) {
          if (!isSubmittable(button)) continue;
          const name = button.getAttribute('name') ?? '';
          const previous = getOwn(out, name);
          setOwn(out, name, typeof previous === 'object' && previous !== null ? { ...previous, ...(button.value as object) } : button.value);
        }
        return out;
      }
    },
};
