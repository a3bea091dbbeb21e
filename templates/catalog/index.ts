import { readFileSync } from 'node:fs';
import type { TaskTypeName } from '../../lambdas/task-types/names.ts';

export type {
  ClassificationTaskInput,
  SingleLabelAnswer,
  MultiLabelAnswer,
  ImageTaskInput,
  BoundingBoxAnswer,
  KeypointAnswer,
  PolygonAnswer,
  NamedEntityTaskInput,
  NamedEntityAnswer,
  FreeTextTaskInput,
} from '../../lambdas/task-types/index.ts';

/** A worker template of the catalog: one per task type, written from the element contracts. */
export interface CatalogTemplate {
  type: TaskTypeName;
  title: string;
  /** The crowd element that produces the answer. */
  element: string;
  /** Its `name`: the answer's key in `answerContent`. */
  answerField: string;
  /** False only for crowd-entity-annotation, which brings its own form. */
  insideCrowdForm: boolean;
  /** The template text (a plain `.liquid.html` file beside this module). */
  source: string;
  /** Task inputs it renders with in tests and the docs. */
  sampleTaskInputs: unknown[];
}

const read = (type: TaskTypeName) => readFileSync(new URL(`./${type}.liquid.html`, import.meta.url), 'utf8');

const image = { taskObject: 's3://sagemaker-sample-bucket/images/cat-01.jpg', labels: ['cat', 'dog', 'bird'] };
const text = { taskObject: "My parcel arrived crushed — O'Neil & Sons <refund>", labels: ['refund', 'delivery', 'other'] };

function entry(type: TaskTypeName, title: string, element: string, answerField: string, sample: unknown, insideCrowdForm = true): CatalogTemplate {
  return { type, title, element, answerField, insideCrowdForm, source: read(type), sampleTaskInputs: [sample] };
}

/** Every catalog template, by task type. */
export const taskTemplates: Record<TaskTypeName, CatalogTemplate> = {
  'image-classification': entry('image-classification', 'Image classification (single label)', 'crowd-image-classifier', 'category', image),
  'image-classification-multilabel': entry('image-classification-multilabel', 'Image classification (multi-label)', 'crowd-image-classifier-multi-select', 'category', image),
  'text-classification': entry('text-classification', 'Text classification (single label)', 'crowd-classifier', 'category', text),
  'text-classification-multilabel': entry('text-classification-multilabel', 'Text classification (multi-label)', 'crowd-classifier-multi-select', 'category', text),
  'bounding-box': entry('bounding-box', 'Bounding boxes', 'crowd-bounding-box', 'annotatedResult', { ...image, labels: ['vehicle', 'pedestrian'] }),
  keypoint: entry('keypoint', 'Keypoints', 'crowd-keypoint', 'annotatedResult', { ...image, labels: ['nose', 'left eye', 'right eye'] }),
  polygon: entry('polygon', 'Polygons', 'crowd-polygon', 'annotatedResult', { ...image, labels: ['building', 'tree'] }),
  'named-entity': entry(
    'named-entity',
    'Named entities',
    'crowd-entity-annotation',
    'crowd-entity-annotation',
    { taskObject: "Ada Lovelace met Charles Babbage in London — \"O'Neil & Sons\" <b>", labels: [{ label: 'person', shortDisplayName: 'per' }, { label: 'location', shortDisplayName: 'loc' }] },
    false,
  ),
  'free-text': entry('free-text', 'Free text / transcription', 'crowd-text-area', 'transcription', { taskObject: 's3://sagemaker-sample-bucket/receipts/r-01.png', prompt: 'Type the total as written' }),
  'video-classification': entry('video-classification', 'Video classification', 'crowd-classifier', 'category', { taskObject: 's3://sagemaker-sample-bucket/clips/c-01.mp4', labels: ['walking', 'running'] }),
};
