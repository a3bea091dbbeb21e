import type { Win } from './shared/dom.ts';
import type { StandIn } from './shared/lifecycle.ts';
import { textFieldBase } from './shared/text-field.ts';

/**
 * crowd-text-area: a multi-line text field with `rows`, `max-rows` (grows up to it) and
 * `char-counter`. Answer: the string with newlines as `\n` (empty: see answer-shapes.ts).
 */
export const crowdTextArea: StandIn = {
  tag: 'crowd-text-area',
  create: (win: Win) =>
    class CrowdTextArea extends textFieldBase(win) {
      override get multiline(): boolean {
        return true;
      }
    },
};
