import type { TaskTypeName } from '../../lambdas/task-types/names.ts';
import { boundingBoxTemplate } from './bounding-box.ts';
import type { CatalogTemplate } from './define.ts';
import { freeTextTemplate } from './free-text.ts';
import { imageClassificationMultilabelTemplate } from './image-classification-multilabel.ts';
import { imageClassificationTemplate } from './image-classification.ts';
import { keypointTemplate } from './keypoint.ts';
import { namedEntityTemplate } from './named-entity.ts';
import { polygonTemplate } from './polygon.ts';
import { semanticSegmentationTemplate } from './semantic-segmentation.ts';
import { textClassificationMultilabelTemplate } from './text-classification-multilabel.ts';
import { textClassificationTemplate } from './text-classification.ts';
import { videoClassificationTemplate } from './video-classification.ts';

export { defineCatalogTemplate, type CatalogTemplate } from './define.ts';
export type { BoundingBoxAnswer, BoundingBoxTaskInput } from './bounding-box.ts';
export type { FreeTextAnswer, FreeTextTaskInput } from './free-text.ts';
export type { ImageClassificationMultilabelAnswer, ImageClassificationMultilabelTaskInput } from './image-classification-multilabel.ts';
export type { ImageClassificationAnswer, ImageClassificationTaskInput } from './image-classification.ts';
export type { KeypointAnswer, KeypointTaskInput } from './keypoint.ts';
export type { NamedEntityAnswer, NamedEntityTaskInput } from './named-entity.ts';
export type { PolygonAnswer, PolygonTaskInput } from './polygon.ts';
export type { SemanticSegmentationAnswer, SemanticSegmentationTaskInput } from './semantic-segmentation.ts';
export type { TextClassificationMultilabelAnswer, TextClassificationMultilabelTaskInput } from './text-classification-multilabel.ts';
export type { TextClassificationAnswer, TextClassificationTaskInput } from './text-classification.ts';
export type { VideoClassificationAnswer, VideoClassificationTaskInput } from './video-classification.ts';
export {
  boundingBoxTemplate,
  freeTextTemplate,
  imageClassificationMultilabelTemplate,
  imageClassificationTemplate,
  keypointTemplate,
  namedEntityTemplate,
  polygonTemplate,
  semanticSegmentationTemplate,
  textClassificationMultilabelTemplate,
  textClassificationTemplate,
  videoClassificationTemplate,
};

/** Every catalog template, by task type (one module per type beside this registry). */
export const taskTemplates: Record<TaskTypeName, CatalogTemplate> = {
  'image-classification': imageClassificationTemplate,
  'image-classification-multilabel': imageClassificationMultilabelTemplate,
  'text-classification': textClassificationTemplate,
  'text-classification-multilabel': textClassificationMultilabelTemplate,
  'bounding-box': boundingBoxTemplate,
  keypoint: keypointTemplate,
  polygon: polygonTemplate,
  'named-entity': namedEntityTemplate,
  'free-text': freeTextTemplate,
  'video-classification': videoClassificationTemplate,
  'semantic-segmentation': semanticSegmentationTemplate,
};
