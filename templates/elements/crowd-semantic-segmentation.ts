import type { Win } from './shared/dom.ts';
import type { StandIn } from './shared/lifecycle.ts';
import { segmentationToolBase } from './shared/segmentation-tool.ts';
import { setOwn } from '../../lambdas/contracts/own-property.ts';

/**
 * crowd-semantic-segmentation: paint every region in its label's colour. Answer:
 * `{ inputImageProperties, labelMappings: { "<label>": { color } }, labeledImage: { pngImageData } }`
 * with only the labels that were painted, plus `initialValueModified` when `initial-value`
 * (`{ labelMappings, src }`, an earlier mask) was given. Brush and keys: shared/segmentation-tool.ts.
 */
export const crowdSemanticSegmentation: StandIn = {
  tag: 'crowd-semantic-segmentation',
  create: (win: Win) =>
    class CrowdSemanticSegmentation extends segmentationToolBase(win) {
      override get value() {
        const labelMappings: Record<string, { color: string }> = {};
        for (const paint of this.usedPaints()) setOwn(labelMappings, paint.label, { color: paint.colour });
        return this.withModified({ inputImageProperties: this.inputImageProperties, labelMappings, labeledImage: { pngImageData: this.pngImageData() } });
      }
    },
};
