import type { ClassificationTaskInput, MultiLabelAnswer } from '../../lambdas/task-types/index.ts';
import { defineCatalogTemplate } from './define.ts';
import { quotedLabels } from './samples.ts';

export type ImageClassificationMultilabelTaskInput = ClassificationTaskInput;
/** crowd-image-classifier-multi-select answers `{ labels }`, plus `workerComment` when the worker wrote one. */
export interface ImageClassificationMultilabelAnswer {
  category: MultiLabelAnswer & { workerComment?: string };
}

export const imageClassificationMultilabelTemplate = defineCatalogTemplate<ImageClassificationMultilabelTaskInput>(
  {
    type: 'image-classification-multilabel',
    title: 'Image classification (multi-label)',
    element: 'crowd-image-classifier-multi-select',
    answerField: 'category',
    insideCrowdForm: true,
    sampleTaskInputs: [
      { taskObject: 's3://gtkit-samples/images/street-04.jpg', labels: ['car', 'bicycle', 'person', 'traffic light'] },
      { taskObject: 's3://gtkit-samples/images/ünïcödé/東京.jpg', labels: quotedLabels },
    ],
  },
  new URL('./image-classification-multilabel.liquid.html', import.meta.url),
);
