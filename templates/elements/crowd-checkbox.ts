import type { Win } from './shared/dom.ts';
import { booleanFieldBase } from './shared/boolean-field.ts';
import type { StandIn } from './shared/lifecycle.ts';

/**
 * crowd-checkbox (`name`, `value` default "on", `checked`, `disabled`, `required`). Answer:
 * `{ "<value>": true|false }`; boxes sharing a name merge (`{ "blurry": true, "dim": false }`).
 */
export const crowdCheckbox: StandIn = {
  tag: 'crowd-checkbox',
  create: (win: Win) => class CrowdCheckbox extends booleanFieldBase(win) {},
};
