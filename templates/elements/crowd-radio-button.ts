import { uniqueId, h, type Win } from './shared/dom.ts';
import { booleanFieldBase } from './shared/boolean-field.ts';
import type { StandIn } from './shared/lifecycle.ts';

/**
 * crowd-radio-button (`name`, `value` default "on", `checked`, `disabled`; no `required`, as
 * documented). Buttons inside one crowd-radio-group exclude each other (arrow keys move between
 * them, natively). Answer per button: `{ "<value>": true|false }` under its own name.
 */
export const crowdRadioButton: StandIn = {
  tag: 'crowd-radio-button',
  create: (win: Win) =>
    class CrowdRadioButton extends booleanFieldBase(win) {
      override makeInput(doc: Document): HTMLInputElement {
        const group = this.closest('crowd-radio-group');
        // Native radios group by name; the group gets its own, so buttons may keep distinct names.
        let groupName = group?.getAttribute('data-gtkit-group') ?? null;
        if (!groupName) {
          groupName = uniqueId(doc, 'radio-group');
          group?.setAttribute('data-gtkit-group', groupName);
        }
        return h(doc, 'input', { type: 'radio', name: groupName });
      }

      override checkAnswer(): string | null {
        return null;
      }
    },
};
