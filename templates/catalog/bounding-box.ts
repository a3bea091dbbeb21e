import type { BoundingBoxAnswer as BoundingBoxResult, ImageTaskInput } from '../../lambdas/task-types/index.ts';
import { defineCatalogTemplate } from './define.ts';
import { quotedLabels } from './samples.ts';

export type BoundingBoxTaskInput = ImageTaskInput;
/** crowd-bounding-box answers `{ boundingBoxes, inputImageProperties }` (+ `initialValueModified` with `initial-value`). */
export interface BoundingBoxAnswer {
  annotatedResult: BoundingBoxResult & { initialValueModified?: boolean };
}

export const boundingBoxTemplate = defineCatalogTemplate<BoundingBoxTaskInput>(
  {
    type: 'bounding-box',
    title: 'Bounding boxes',
    element: 'crowd-bounding-box',
    answerField: 'annotatedResult',
    insideCrowdForm: true,
    sampleTaskInputs: [
      { taskObject: 's3://gtkit-samples/images/street-04.jpg', labels: ['vehicle', 'pedestrian'] },
      // crowd-bounding-box shows at most 10 labels.
      { taskObject: 's3://gtkit-samples/images/crowd.jpg', labels: Array.from({ length: 10 }, (_, i) => `object ${i + 1}`) },
      { taskObject: 's3://gtkit-samples/images/quotes.jpg', labels: quotedLabels },
    ],
  },
  new URL('./bounding-box.liquid.html', import.meta.url),
);
