import type { ImageTaskInput, PolygonAnswer as PolygonResult } from '../../lambdas/task-types/index.ts';
import { defineCatalogTemplate } from './define.ts';
import { quotedLabels } from './samples.ts';

export type PolygonTaskInput = ImageTaskInput;
/** crowd-polygon answers `{ polygons, inputImageProperties }`. */
export interface PolygonAnswer {
  annotatedResult: PolygonResult;
}

export const polygonTemplate = defineCatalogTemplate<PolygonTaskInput>(
  {
    type: 'polygon',
    title: 'Polygons',
    element: 'crowd-polygon',
    answerField: 'annotatedResult',
    insideCrowdForm: true,
    sampleTaskInputs: [
      { taskObject: 's3://gtkit-samples/aerial/tile-12.png', labels: ['building', 'tree', 'road'] },
      { taskObject: 's3://gtkit-samples/aerial/tile-13.png', labels: quotedLabels },
    ],
  },
  new URL('./polygon.liquid.html', import.meta.url),
);
