/**
 * The stable kebab-case names of the task types. They are used everywhere: the CLI
 * (`gtkit init --type`), the task config, the template catalog and the docs.
 */
export const taskTypeNames = [
  'image-classification',
  'image-classification-multilabel',
  'text-classification',
  'text-classification-multilabel',
  'bounding-box',
  'keypoint',
  'polygon',
  'named-entity',
  'free-text',
  'video-classification',
  'semantic-segmentation',
] as const;

export type TaskTypeName = (typeof taskTypeNames)[number];

export function isTaskTypeName(value: unknown): value is TaskTypeName {
  return typeof value === 'string' && (taskTypeNames as readonly string[]).includes(value);
}
