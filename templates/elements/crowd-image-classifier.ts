import type { Win } from './shared/dom.ts';
import { classifierBase, type ClassifierKind } from './shared/classifier-base.ts';
import type { StandIn } from './shared/lifecycle.ts';

const kind: ClassifierKind = { multi: false, image: true };

/**
 * crowd-image-classifier: one category for the image at `src`, with an optional verification `overlay` and `worker-comment`. Answer: `{ label }`, plus `workerComment` only when a comment was written.
 * Layout and keys are shared with the other classifiers (shared/classifier-base.ts).
 */
export const crowdImageClassifier: StandIn = {
  tag: 'crowd-image-classifier',
  create: (win: Win) =>
    class CrowdImageClassifier extends classifierBase(win) {
      override get kind(): ClassifierKind {
        return kind;
      }
    },
};
