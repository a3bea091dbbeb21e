import { keypointMerge, type KeypointAnswer as KeypointRecord, type MergedKeypoint } from '../../consolidation/geometry/keypoints.ts';
import { builtInConfidence } from '../../formats/metadata.ts';
import type { KeypointAnswer } from '../geometry.ts';
import { algorithmTable, type KindConsolidation } from './kind.ts';

/** Keypoints: merged points in whole pixels, each with its confidence; they carry their label names. */
export const keypointAnswers: KindConsolidation<KeypointAnswer, KeypointRecord> = {
  kind: 'keypoint',
  algorithms: /* @__PURE__ */ algorithmTable([keypointMerge]),
  indexedOutput: false,
  toRecordAnswer: (answer) => ({ keypoints: answer.keypoints, imageSize: answer.inputImageProperties }),
  labelsOf: () => [],
  format(item, { type, workers, sample }) {
    const points = item.label as MergedKeypoint[];
    return {
      label: { keypoints: points.map((p) => ({ label: p.label, x: Math.round(p.x), y: Math.round(p.y) })), inputImageProperties: (sample as KeypointAnswer | undefined)?.inputImageProperties },
      metadata: { keypoints: points.map((p) => ({ confidence: builtInConfidence(p.confidence, workers) })), confidence: builtInConfidence(item.confidence, workers), type: type.outputType },
    };
  },
};
