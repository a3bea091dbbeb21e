import type { ClassificationTaskInput, SingleLabelAnswer } from '../../lambdas/task-types/index.ts';
import { defineCatalogTemplate } from './define.ts';
import { quotedLabels } from './samples.ts';

export type ImageClassificationTaskInput = ClassificationTaskInput;
/** crowd-image-classifier answers `{ label }`, plus `workerComment` when the worker wrote one. */
export interface ImageClassificationAnswer {
  category: SingleLabelAnswer & { workerComment?: string };
}

export const imageClassificationTemplate = defineCatalogTemplate<ImageClassificationTaskInput>(
  {
    type: 'image-classification',
    title: 'Image classification (single label)',
    element: 'crowd-image-classifier',
    answerField: 'category',
    insideCrowdForm: true,
    sampleTaskInputs: [
      { taskObject: 's3://gtkit-samples/images/cat-01.jpg', labels: ['cat', 'dog', 'bird'] },
      { taskObject: 's3://gtkit-samples/images/with space & ampersand.png', labels: quotedLabels },
      { taskObject: 'https://s3.amazonaws.com/gtkit-samples/images/path-style.jpg', labels: Array.from({ length: 10 }, (_, i) => `class ${i + 1}`) },
    ],
  },
  new URL('./image-classification.liquid.html', import.meta.url),
);
