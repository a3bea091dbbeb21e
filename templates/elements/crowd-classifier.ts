import type { Win } from './shared/dom.ts';
import { classifierBase, type ClassifierKind } from './shared/classifier-base.ts';
import type { StandIn } from './shared/lifecycle.ts';

const kind: ClassifierKind = { multi: false, image: false };

/**
 * crowd-classifier: one category for the `classification-target` (text, HTML, video, audio). Answer: `{ label }`.
 * Layout and keys are shared with the other classifiers (shared/classifier-base.ts).
 */
export const crowdClassifier: StandIn = {
  tag: 'crowd-classifier',
  create: (win: Win) =>
    class CrowdClassifier extends classifierBase(win) {
      override get kind(): ClassifierKind {
        return kind;
      }
    },
};
