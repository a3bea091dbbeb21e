import type { ClassificationTaskInput, SingleLabelAnswer } from '../../lambdas/task-types/index.ts';
import { defineCatalogTemplate } from './define.ts';
import { awkwardText, longText, quotedLabels } from './samples.ts';

export type TextClassificationTaskInput = ClassificationTaskInput;
export interface TextClassificationAnswer {
  category: SingleLabelAnswer;
}

export const textClassificationTemplate = defineCatalogTemplate<TextClassificationTaskInput>(
  {
    type: 'text-classification',
    title: 'Text classification (single label)',
    element: 'crowd-classifier',
    answerField: 'category',
    insideCrowdForm: true,
    sampleTaskInputs: [
      { taskObject: 'My parcel arrived crushed and I want my money back.', labels: ['refund', 'delivery', 'other'] },
      { taskObject: awkwardText, labels: quotedLabels },
      { taskObject: longText, labels: ['short', 'long'] },
      // A manifest line with source-ref: the text is an object in S3.
      { taskObject: 's3://gtkit-samples/tickets/t-0042.txt', labels: ['refund', 'delivery', 'other'] },
    ],
  },
  new URL('./text-classification.liquid.html', import.meta.url),
);
