import type { TaskTypeName } from '../../lambdas/task-types/names.ts';
import type { SampleData } from './samples.ts';

/** The config texts that say what workers label: the label attribute, and what the task's title, description and keywords say. */
export type TaskWording = Pick<SampleData, 'labelAttributeName' | 'title' | 'description' | 'keywords'>;

/**
 * What `gtkit init --labels` writes in place of the sample's wording: the sample's title asks
 * "Which colour is the shape?" and its output key is `colour`, which would be wrong for labels
 * such as shirt, shoe and bag. This wording names no subject, only what the type's page asks of
 * a worker, so it fits any labels until the author says what their job is about. Only the texts
 * that differ from the sample's are here (a box sample's title already names no subject); the
 * rest are the sample's ({@link chosenWording}).
 */
export const generalWording: Record<TaskTypeName, Partial<TaskWording>> = {
  'image-classification': {
    labelAttributeName: 'category',
    title: 'Which label fits the picture?',
    description: 'Look at the picture and pick the one label that fits it best.',
  },
  'image-classification-multilabel': {
    labelAttributeName: 'categories',
    title: 'Which labels fit the picture?',
    description: 'Look at the picture and pick every label that applies to it.',
  },
  'text-classification': {
    labelAttributeName: 'category',
    title: 'Which label fits the text?',
    description: 'Read the text and pick the one label that fits it best.',
    keywords: ['text', 'classification'],
  },
  'text-classification-multilabel': {
    labelAttributeName: 'categories',
    title: 'Which labels fit the text?',
    description: 'Read the text and pick every label that applies to it.',
    keywords: ['text', 'classification'],
  },
  'bounding-box': {
    description: 'Draw one tight box around each object that one of the labels names, and give the box that label.',
  },
  keypoint: {
    labelAttributeName: 'points',
    title: 'Mark every point',
    description: 'Put a point on each spot in the picture that one of the labels names, and give the point that label.',
  },
  polygon: {
    description: 'Draw a polygon around each object that one of the labels names, and give the polygon that label.',
  },
  'semantic-segmentation': {
    labelAttributeName: 'regions',
    title: 'Paint every region',
    description: 'Paint each area of the picture that one of the labels names with that label; leave everything else unpainted.',
  },
  'named-entity': {
    title: 'Highlight and tag phrases in the text',
    description: 'Select each phrase in the text that one of the labels names, and tag it with that label.',
  },
  'free-text': {
    title: 'Transcribe the text',
    description: 'Type the text you see or hear exactly as written, including numbers and punctuation.',
  },
  'video-classification': {
    labelAttributeName: 'category',
    title: 'Which label fits the recording?',
    description: 'Watch or listen to the recording and pick the one label that fits it best.',
    keywords: ['video', 'classification'],
  },
};

/** What `gtkit init` was given that sets the wording: the labels and the texts each have a flag. */
export interface WordingGiven {
  type: TaskTypeName;
  labels?: unknown[];
  labelAttributeName?: string;
  title?: string;
  description?: string;
}

/** The wording init writes: the general wording when the labels are the author's, else the sample's, each text a flag gave kept. */
export function chosenWording(given: WordingGiven, sample: TaskWording): TaskWording {
  const wording = given.labels ? { ...sample, ...generalWording[given.type] } : sample;
  return {
    labelAttributeName: given.labelAttributeName ?? wording.labelAttributeName,
    title: given.title ?? wording.title,
    description: given.description ?? wording.description,
    keywords: wording.keywords,
  };
}

/**
 * The closing step that names the config texts init wrote for the author to change: the sample's
 * (written for its objects, e.g. `labelAttributeName "colour"`) without --labels, else the general
 * wording, and the sample objects manifest.jsonl still holds. Texts given by a flag are left out.
 */
export function wordingStep(given: WordingGiven, labelAttributeName: string, sampleHasLabels: boolean): string {
  const fields = [
    ...(given.labels === undefined && sampleHasLabels ? ['labels'] : []),
    ...(given.labelAttributeName === undefined ? [`labelAttributeName ${JSON.stringify(labelAttributeName)}`] : []),
    ...(given.title === undefined ? ['task.title'] : []),
    ...(given.description === undefined ? ['task.description'] : []),
    'task.keywords',
  ];
  const list = fields.length === 1 ? fields[0] : `${fields.slice(0, -1).join(', ')} and ${fields.at(-1)}`;
  if (given.labels === undefined) return `edit gtkit.config.ts for your job: its ${list} are the sample's, written for the sample objects in manifest.jsonl`;
  return `edit gtkit.config.ts for your job: its ${list} are general wording for any ${given.type} task, and manifest.jsonl holds the sample objects (their truths moved onto your labels)`;
}
