import type { Win } from './shared/dom.ts';
import { classifierBase, type ClassifierKind } from './shared/classifier-base.ts';
import type { StandIn } from './shared/lifecycle.ts';

const kind: ClassifierKind = { multi: true, image: false };

/**
 * crowd-classifier-multi-select: any number of categories, or the `exclusion-category` (`{ text }`) alone. Answer: `{ labels: [...] }` in category order (the exclusion choice: see answer-shapes.ts).
 * Layout and keys are shared with the other classifiers (shared/classifier-base.ts).
 */
export const crowdClassifierMultiSelect: StandIn = {
  tag: 'crowd-classifier-multi-select',
  create: (win: Win) =>
    class CrowdClassifierMultiSelect extends classifierBase(win) {
      override get kind(): ClassifierKind {
        return kind;
      }
    },
};
