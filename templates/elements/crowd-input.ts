import type { Win } from './shared/dom.ts';
import type { StandIn } from './shared/lifecycle.ts';
import { textFieldBase } from './shared/text-field.ts';

/**
 * crowd-input: a one-line text field (any HTML5 `type`). Answer: the string, left out when empty
 * (documented). Note: it cannot be written self-closing (`<crowd-input/>` swallows what follows).
 */
export const crowdInput: StandIn = {
  tag: 'crowd-input',
  create: (win: Win) => class CrowdInput extends textFieldBase(win) {},
};
