import { isObject } from '../../contracts/check.ts';
import type { MaskAnswer } from '../../consolidation/segmentation/masks.ts';
import { pixelVote } from '../../consolidation/segmentation/pixel-vote.ts';
import { semanticSegmentationOutput } from '../../formats/semantic-segmentation.ts';
import { writeMasks } from '../mask-output.ts';
import type { SemanticSegmentationAnswer } from '../segmentation.ts';
import { algorithmTable, type KindConsolidation } from './kind.ts';

/**
 * Semantic segmentation: a consolidated class map, whose pixel values index the label list. The
 * formatted label is the PNG itself; {@link KindConsolidation.writeLabels} writes each one to S3
 * and its URI becomes the label, as in Ground Truth's built-in output.
 */
export const maskAnswers: KindConsolidation<SemanticSegmentationAnswer, MaskAnswer> = {
  kind: 'mask',
  algorithms: /* @__PURE__ */ algorithmTable([pixelVote]),
  indexedOutput: true,
  toRecordAnswer: (answer) => ({ png: answer.labeledImage.pngImageData, labelMappings: answer.labelMappings, imageSize: answer.inputImageProperties }),
  labelsOf: (answer) => (isObject(answer?.labelMappings) ? Object.keys(answer.labelMappings) : []),
  format(item, { workers }) {
    const out = semanticSegmentationOutput(item.label as Parameters<typeof semanticSegmentationOutput>[0], item.confidence, workers);
    return { label: out.png, metadata: out.metadata };
  },
  writeLabels: (labels, context) => writeMasks(labels.map(({ datasetObjectId, label }) => ({ datasetObjectId, png: label as Uint8Array })), context),
};
