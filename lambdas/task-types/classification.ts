import { arr, obj, str } from './check-answer.ts';
import { defineTaskType, fieldOf, objectAndLabelNames, pick, type Random, type SimulatedWorker, type TaskInputBuilder } from './define.ts';
import type { TaskTypeName } from './names.ts';
import { jaccard } from './similarity.ts';
import { commentOf, keepsNote, type CommentedAnswer } from './answer-notes.ts';

export interface ClassificationTaskInput {
  taskObject: string;
  labels: string[];
}

/** `{ category: { label } }` from crowd-classifier / crowd-image-classifier (which adds `workerComment` when the worker wrote one). */
export interface SingleLabelAnswer extends CommentedAnswer {
  label: string;
}

/** `{ category: { labels } }` from the multi-select classifiers (the image one adds `workerComment` when the worker wrote one). */
export interface MultiLabelAnswer extends CommentedAnswer {
  labels: string[];
}

/**
 * The comment an image classifier's `<worker-comment>` adds to the answer, for the parsers of the
 * types whose element has one (reference §4; `answerNotes.workerComment.types`): the ACS writes it
 * as `worker-feedback`.
 */
function withComment<T extends object>(answer: T, category: Record<string, unknown>, type: TaskTypeName): T & CommentedAnswer {
  const comment = keepsNote(type, 'workerComment') ? commentOf(category.workerComment) : undefined;
  return comment === undefined ? answer : { ...answer, workerComment: comment };
}

type ClassShape = 'class' | 'multi-label';

/**
 * The two classification shapes, as a parser of the other one meets them: the single-select
 * classifiers' `{label}` and the multi-select ones' `{labels}`, each without the other's field
 * (written as gtkit consolidate's answer-shape.ts writes them).
 */
const shapes: Record<ClassShape, { other: ClassShape; looks: string; expected: string; answer: string; is: (category: Record<string, unknown>) => boolean }> = {
  class: { other: 'multi-label', looks: '{"label": "…"}', expected: 'one label', answer: 'a single-select answer', is: (c) => typeof c.label === 'string' && c.labels === undefined },
  'multi-label': { other: 'class', looks: '{"labels": […]}', expected: 'a list of labels', answer: 'a multi-select answer', is: (c) => Array.isArray(c.labels) && c.label === undefined },
};

/**
 * An answer of the other classification shape than the type takes, in words that name the
 * mistake (the field readers would say "answer.category.label: expected a string, got undefined").
 */
function checkShape(category: Record<string, unknown>, type: TaskTypeName, takes: ClassShape): void {
  const found = shapes[takes].other;
  if (shapes[found].is(category)) throw new Error(`answer.category: expected ${shapes[takes].expected} ${shapes[takes].looks}, which ${type} takes, got ${shapes[found].answer} ${shapes[found].looks}`);
}

/** The answer a worker of the given accuracy gives when the truth is `truth`. */
export function simulatedLabel(truth: string, labels: string[], worker: SimulatedWorker, random: Random): string {
  if (worker.spammer || labels.length < 2) return pick(labels, random);
  if (random() < worker.accuracy) return truth;
  return pick(labels.filter((l) => l !== truth), random);
}

function singleLabel(name: TaskTypeName, outputType: string | undefined, maxLabels: number, { classIndex = 'number' }: { classIndex?: 'number' | 'numeric-string' } = {}) {
  return defineTaskType<ClassificationTaskInput, SingleLabelAnswer>({
    name,
    answerField: 'category',
    answerKind: 'class',
    defaultAlgorithm: 'dawid-skene',
    labelCount: { min: 2, max: maxLabels },
    taskInputType: 'ClassificationTaskInput',
    outputType,
    classIndex,
    buildTaskInput: objectAndLabelNames,
    parseAnswer(answerContent) {
      const a = obj(fieldOf(answerContent, 'category'), 'answer.category');
      checkShape(a, name, 'class');
      return withComment({ label: str(a.label, 'answer.category.label') }, a, name);
    },
    truth: { usable: (truth, labels) => typeof truth === 'string' && labels.includes(truth), expected: 'one of the labels' },
    simulate({ truth, worker, random, labels }) {
      const truthLabel = typeof truth === 'string' && labels.includes(truth) ? truth : pick(labels, random);
      return { category: { label: simulatedLabel(truthLabel, labels, worker, random) } };
    },
    similarity: (a, b) => (a.label === b.label ? 1 : 0),
  });
}

function multiLabel(name: TaskTypeName, outputType: string) {
  return defineTaskType<ClassificationTaskInput, MultiLabelAnswer>({
    name,
    answerField: 'category',
    answerKind: 'multi-label',
    defaultAlgorithm: 'multi-label-vote',
    labelCount: { min: 2, max: 50 },
    taskInputType: 'ClassificationTaskInput',
    outputType,
    buildTaskInput: objectAndLabelNames,
    parseAnswer(answerContent) {
      const a = obj(fieldOf(answerContent, 'category'), 'answer.category');
      checkShape(a, name, 'multi-label');
      return withComment({ labels: arr(a.labels, 'answer.category.labels').map((l, i) => str(l, `answer.category.labels[${i}]`)) }, a, name);
    },
    // A list with a label outside the task's is reported: the simulation would quietly drop it.
    truth: { usable: (truth, labels) => Array.isArray(truth) && truth.every((t) => typeof t === 'string' && labels.includes(t)), expected: 'a list of the labels' },
    simulate({ truth, worker, random, labels }) {
      const truthSet = new Set(Array.isArray(truth) ? truth.filter((t): t is string => typeof t === 'string') : [pick(labels, random)]);
      const chosen = labels.filter((l) => {
        if (worker.spammer) return random() < 0.5;
        const present = truthSet.has(l);
        return random() < worker.accuracy ? present : !present && random() < 0.5;
      });
      // The multi-select elements refuse an empty submit: a worker who would choose nothing picks one.
      if (chosen.length === 0 && labels.length > 0) chosen.push(pick(labels, random));
      return { category: { labels: chosen } };
    },
    similarity: (a, b) => jaccard(a.labels, b.labels),
  });
}

/**
 * `task.input` of each classification type (the object, `source-ref` or `source`, and the label
 * names), as its definition's `buildTaskInput` builds it: what a scaffolded `pre.ts` calls, so the
 * PRE bundles this and not the definition.
 */
export const imageClassificationTaskInputOf: TaskInputBuilder<ClassificationTaskInput> = objectAndLabelNames;
export const imageClassificationMultilabelTaskInputOf: TaskInputBuilder<ClassificationTaskInput> = objectAndLabelNames;
export const textClassificationTaskInputOf: TaskInputBuilder<ClassificationTaskInput> = objectAndLabelNames;
export const textClassificationMultilabelTaskInputOf: TaskInputBuilder<ClassificationTaskInput> = objectAndLabelNames;
export const videoClassificationTaskInputOf: TaskInputBuilder<ClassificationTaskInput> = objectAndLabelNames;

export const imageClassification = /* @__PURE__ */ singleLabel('image-classification', 'groundtruth/image-classification', Infinity);
export const textClassification = /* @__PURE__ */ singleLabel('text-classification', 'groundtruth/text-classification', Infinity, { classIndex: 'numeric-string' });
/**
 * Ground Truth points video classification at the classification format, but its exact `type`
 * string is unverified (reference §5), so the output leaves `type` out rather than guess one.
 */
export const videoClassification = /* @__PURE__ */ singleLabel('video-classification', undefined, 30);
export const imageClassificationMultilabel = /* @__PURE__ */ multiLabel('image-classification-multilabel', 'groundtruth/image-classification-multilabel');
export const textClassificationMultilabel = /* @__PURE__ */ multiLabel('text-classification-multilabel', 'groundtruth/text-classification-multilabel');
