import { boxMerge, type BoxAnswer, type MergedBox } from '../../consolidation/geometry/box-merge.ts';
import { objectDetectionOutput } from '../../formats/object-detection.ts';
import type { BoundingBoxAnswer } from '../geometry.ts';
import { algorithmTable, markLabels, type KindConsolidation } from './kind.ts';

/** Bounding boxes: merged boxes, each with its class_id, in the object-detection output. */
export const boxAnswers: KindConsolidation<BoundingBoxAnswer, BoxAnswer> = {
  kind: 'box',
  algorithms: /* @__PURE__ */ algorithmTable([boxMerge]),
  indexedOutput: true,
  toRecordAnswer: (answer) => ({ boxes: answer.boundingBoxes, imageSize: answer.inputImageProperties }),
  labelsOf: (answer) => markLabels(answer, 'boxes'),
  format(item, { labels, workers, sample }) {
    return objectDetectionOutput(item.label as MergedBox[], labels, (sample as BoundingBoxAnswer | undefined)?.inputImageProperties, workers);
  },
};
