import { imageClassification, imageClassificationMultilabel, textClassification, textClassificationMultilabel, videoClassification } from './classification.ts';
import type { TaskTypeDefinition } from './define.ts';
import { boundingBox, keypoint, polygon } from './geometry.ts';
import type { TaskTypeName } from './names.ts';
import { semanticSegmentation } from './segmentation.ts';
import { freeText, namedEntity } from './text.ts';
import { getOwn } from '../contracts/own-property.ts';

/**
 * Every task type, by its stable name. Adding a type: its definition beside this module (with
 * its label quotas and task-input type name, which the scaffolder reads from it), its name in
 * `names.ts` and a line here; its template in `templates/catalog/` and a line in that index; the
 * sample data `gtkit init` writes in `scaffold/init/samples.ts`.
 */
export const taskTypes: { [K in TaskTypeName]: TaskTypeDefinition<object, unknown> } = {
  'image-classification': imageClassification as TaskTypeDefinition<object, unknown>,
  'image-classification-multilabel': imageClassificationMultilabel as TaskTypeDefinition<object, unknown>,
  'text-classification': textClassification as TaskTypeDefinition<object, unknown>,
  'text-classification-multilabel': textClassificationMultilabel as TaskTypeDefinition<object, unknown>,
  'bounding-box': boundingBox as TaskTypeDefinition<object, unknown>,
  keypoint: keypoint as TaskTypeDefinition<object, unknown>,
  polygon: polygon as TaskTypeDefinition<object, unknown>,
  'named-entity': namedEntity as TaskTypeDefinition<object, unknown>,
  'free-text': freeText as TaskTypeDefinition<object, unknown>,
  'video-classification': videoClassification as TaskTypeDefinition<object, unknown>,
  'semantic-segmentation': semanticSegmentation as TaskTypeDefinition<object, unknown>,
};

export function getTaskType(name: string): TaskTypeDefinition<object, unknown> {
  const found = getOwn(taskTypes as Record<string, TaskTypeDefinition<object, unknown>>, name);
  if (!found) throw new Error(`unknown task type "${name}"; use one of ${Object.keys(taskTypes).join(', ')}`);
  return found;
}
