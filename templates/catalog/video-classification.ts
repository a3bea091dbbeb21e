import type { ClassificationTaskInput, SingleLabelAnswer } from '../../lambdas/task-types/index.ts';
import { defineCatalogTemplate } from './define.ts';
import { quotedLabels } from './samples.ts';

/** `taskObject` is an `s3://` video; an audio file (by its extension) gets an audio player. */
export type VideoClassificationTaskInput = ClassificationTaskInput;
export interface VideoClassificationAnswer {
  category: SingleLabelAnswer;
}

export const videoClassificationTemplate = defineCatalogTemplate<VideoClassificationTaskInput>(
  {
    type: 'video-classification',
    title: 'Video or audio classification',
    element: 'crowd-classifier',
    answerField: 'category',
    insideCrowdForm: true,
    sampleTaskInputs: [
      { taskObject: 's3://gtkit-samples/clips/c-01.mp4', labels: ['walking', 'running', 'standing'] },
      { taskObject: 's3://gtkit-samples/calls/call-02.MP3', labels: quotedLabels },
    ],
  },
  new URL('./video-classification.liquid.html', import.meta.url),
);
