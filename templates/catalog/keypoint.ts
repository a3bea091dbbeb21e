import type { ImageTaskInput, KeypointAnswer as KeypointResult } from '../../lambdas/task-types/index.ts';
import { defineCatalogTemplate } from './define.ts';
import { quotedLabels } from './samples.ts';

export type KeypointTaskInput = ImageTaskInput;
/** crowd-keypoint answers `{ keypoints, inputImageProperties }`. */
export interface KeypointAnswer {
  annotatedResult: KeypointResult;
}

export const keypointTemplate = defineCatalogTemplate<KeypointTaskInput>(
  {
    type: 'keypoint',
    title: 'Keypoints',
    element: 'crowd-keypoint',
    answerField: 'annotatedResult',
    insideCrowdForm: true,
    sampleTaskInputs: [
      { taskObject: 's3://gtkit-samples/faces/face-07.jpg', labels: ['nose', 'left eye', 'right eye'] },
      { taskObject: 's3://gtkit-samples/faces/face-08.jpg', labels: quotedLabels },
    ],
  },
  new URL('./keypoint.liquid.html', import.meta.url),
);
