import type { ImageTaskInput, SemanticSegmentationAnswer as SemanticSegmentationResult } from '../../lambdas/task-types/index.ts';
import { defineCatalogTemplate } from './define.ts';
import { quotedLabels } from './samples.ts';

export type SemanticSegmentationTaskInput = ImageTaskInput;
/** crowd-semantic-segmentation answers `{ inputImageProperties, labelMappings, labeledImage: { pngImageData } }` (+ `initialValueModified` with `initial-value`). */
export interface SemanticSegmentationAnswer {
  annotatedResult: SemanticSegmentationResult;
}

export const semanticSegmentationTemplate = defineCatalogTemplate<SemanticSegmentationTaskInput>(
  {
    type: 'semantic-segmentation',
    title: 'Semantic segmentation',
    element: 'crowd-semantic-segmentation',
    answerField: 'annotatedResult',
    insideCrowdForm: true,
    sampleTaskInputs: [
      { taskObject: 's3://gtkit-samples/aerial/tile-21.png', labels: ['building', 'tree', 'water'] },
      { taskObject: 's3://gtkit-samples/aerial/tile-22.png', labels: quotedLabels },
    ],
  },
  new URL('./semantic-segmentation.liquid.html', import.meta.url),
);
