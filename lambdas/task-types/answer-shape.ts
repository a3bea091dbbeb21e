import type { AnswerKind, TaskTypeDefinition } from './define.ts';

/**
 * The shape of an answer under its field name, coarse enough to compare what a template element
 * submits with what an ACS decodes (lint's answer-shape rule): a string, a number, a list of
 * strings, a `{"<value>": true|false}` map (checkboxes, radio buttons), or an object with the
 * named keys. `unverified` marks a shape that is gtkit's choice where the reference is silent.
 */
export type AnswerShape = ({ kind: 'text' } | { kind: 'number' } | { kind: 'list' } | { kind: 'checked' } | { kind: 'object'; keys: readonly string[] }) & { unverified?: true };

/**
 * What each kind of task type's parseAnswer decodes under its field: the keys it reads. Some
 * may be absent from one answer (a worker who drew no box), but an element that never submits
 * them gives consolidation nothing.
 */
const decodedShapes: Record<AnswerKind, AnswerShape> = {
  class: { kind: 'object', keys: ['label'] },
  'multi-label': { kind: 'object', keys: ['labels'] },
  box: { kind: 'object', keys: ['boundingBoxes', 'inputImageProperties'] },
  keypoint: { kind: 'object', keys: ['keypoints', 'inputImageProperties'] },
  polygon: { kind: 'object', keys: ['polygons', 'inputImageProperties'] },
  span: { kind: 'object', keys: ['entities'] },
  text: { kind: 'text' },
};

/** The shape a task type's ACS decodes under its answer field (`category` → `{ label }` for text classification). */
export function decodedAnswerShape(type: Pick<TaskTypeDefinition<object, unknown>, 'answerKind'>): AnswerShape {
  return decodedShapes[type.answerKind];
}
