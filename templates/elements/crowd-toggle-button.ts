import { h, type Win } from './shared/dom.ts';
import { booleanFieldBase } from './shared/boolean-field.ts';
import type { StandIn } from './shared/lifecycle.ts';

/**
 * crowd-toggle-button: an on/off switch (`name`, `value` default "on", `checked`, `disabled`,
 * `invalid`, `required`). Answer: `{ "<value>": true|false }`.
 */
export const crowdToggleButton: StandIn = {
  tag: 'crowd-toggle-button',
  create: (win: Win) =>
    class CrowdToggleButton extends booleanFieldBase(win) {
      override makeInput(doc: Document): HTMLInputElement {
        return h(doc, 'input', { type: 'checkbox', role: 'switch', class: 'gtkit-switch' });
      }
    },
};
