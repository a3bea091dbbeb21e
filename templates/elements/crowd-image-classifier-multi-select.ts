import type { Win } from './shared/dom.ts';
import { classifierBase, type ClassifierKind } from './shared/classifier-base.ts';
import type { StandIn } from './shared/lifecycle.ts';

const kind: ClassifierKind = { multi: true, image: true };

/**
 * crowd-image-classifier-multi-select: any number of categories for the image at `src` (or the `exclusion-category`), with an optional `worker-comment`. Answer: `{ labels: [...] }`, plus `workerComment` when one was written.
 * Layout and keys are shared with the other classifiers (shared/classifier-base.ts).
 */
export const crowdImageClassifierMultiSelect: StandIn = {
  tag: 'crowd-image-classifier-multi-select',
  create: (win: Win) =>
    class CrowdImageClassifierMultiSelect extends classifierBase(win) {
      override get kind(): ClassifierKind {
        return kind;
      }
    },
};
