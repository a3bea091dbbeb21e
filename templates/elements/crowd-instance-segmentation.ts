import type { Win } from './shared/dom.ts';
import type { StandIn } from './shared/lifecycle.ts';
import { segmentationToolBase } from './shared/segmentation-tool.ts';

/**
 * crowd-instance-segmentation: paint each object in its own colour; labels repeat across
 * instances. "New instance" (or I, or picking another label once the current instance has
 * pixels) starts the next colour. Answer: `{ inputImageProperties, instances: [{ color, label }],
 * labeledImage: { pngImageData } }` with only the instances that were painted, in the order they
 * were started. Brush and keys: shared/segmentation-tool.ts.
 */
export const crowdInstanceSegmentation: StandIn = {
  tag: 'crowd-instance-segmentation',
  create: (win: Win) =>
    class CrowdInstanceSegmentation extends segmentationToolBase(win) {
      override get instanceMode(): boolean {
        return true;
      }

      override get value() {
        const instances = this.usedPaints().map((p) => ({ color: p.colour, label: p.label }));
        return this.withModified({ inputImageProperties: this.inputImageProperties, instances, labeledImage: { pngImageData: this.pngImageData() } });
      }
    },
};
