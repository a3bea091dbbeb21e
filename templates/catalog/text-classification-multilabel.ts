import type { ClassificationTaskInput, MultiLabelAnswer } from '../../lambdas/task-types/index.ts';
import { defineCatalogTemplate } from './define.ts';
import { awkwardText, quotedLabels } from './samples.ts';

export type TextClassificationMultilabelTaskInput = ClassificationTaskInput;
export interface TextClassificationMultilabelAnswer {
  category: MultiLabelAnswer;
}

export const textClassificationMultilabelTemplate = defineCatalogTemplate<TextClassificationMultilabelTaskInput>(
  {
    type: 'text-classification-multilabel',
    title: 'Text classification (multi-label)',
    element: 'crowd-classifier-multi-select',
    answerField: 'category',
    insideCrowdForm: true,
    sampleTaskInputs: [
      { taskObject: 'Late delivery, and the invoice charges me twice.', labels: ['delivery', 'billing', 'product', 'praise'] },
      { taskObject: awkwardText, labels: quotedLabels },
      // A manifest line with source-ref: the text is an object in S3.
      { taskObject: 's3://gtkit-samples/tickets/t-0042.txt', labels: ['delivery', 'billing', 'product', 'praise'] },
    ],
  },
  new URL('./text-classification-multilabel.liquid.html', import.meta.url),
);
