import { isObject } from '../../lambdas/contracts/check.ts';
import { algorithms } from '../../lambdas/consolidation/registry.ts';
import type { AnswerKind } from '../../lambdas/consolidation/types.ts';
import { getTaskType } from '../../lambdas/task-types/registry.ts';
import { taskTypeNames } from '../../lambdas/task-types/names.ts';
import type { CapturedAnswer } from '../run/answers-file.ts';

/** The two classification shapes a worker's answer can have, as the crowd classifiers submit them. */
type ClassShape = Extract<AnswerKind, 'class' | 'multi-label'>;

// Each shape written as the classification parsers write it in their messages (lambdas/task-types/classification.ts).
const shapeWords: Record<ClassShape, { name: string; looks: string }> = {
  class: { name: 'single-label', looks: '{"label": "…"}' },
  'multi-label': { name: 'multi-label', looks: '{"labels": […]}' },
};

/** What a consolidation of one classification shape met: answers of the other shape only. */
export interface ShapeMismatch {
  /** The shape the type and its algorithm take. */
  takes: ClassShape;
  /** The shape every usable answer has. */
  found: ClassShape;
  /** How many answers have it. */
  answers: number;
  /** The first of them, for the user to look at. */
  first: { workerId: string; datasetObjectId: string };
}

/**
 * Answers of the other classification shape than `kind` takes (a multi-select's `{labels}` fed to a
 * single-label type, or the reverse), when no answer has the fitting shape: then every object would
 * fail (the type's parser names the shape in each one's consolidationError), so the whole job is
 * said once, with what consolidates them. Undefined when the shapes fit, when the answers mix both
 * (each unfit answer is set aside and named), or when `kind` is no classification.
 */
export function shapeMismatch(answers: ReadonlyMap<string, readonly CapturedAnswer[]>, field: string, kind: AnswerKind): ShapeMismatch | undefined {
  if (kind !== 'class' && kind !== 'multi-label') return undefined;
  const found: ClassShape = kind === 'class' ? 'multi-label' : 'class';
  let fitting = 0;
  let other = 0;
  let first: ShapeMismatch['first'] | undefined;
  for (const [datasetObjectId, list] of answers)
    for (const answer of list) {
      const shape = shapeOf(answer.answerContent[field]);
      if (shape === kind) fitting++;
      else if (shape === found) {
        other++;
        first ??= { workerId: answer.workerId, datasetObjectId };
      }
    }
  return fitting === 0 && first !== undefined ? { takes: kind, found, answers: other, first } : undefined;
}

function shapeOf(value: unknown): ClassShape | undefined {
  if (!isObject(value)) return undefined;
  if (typeof value.label === 'string') return 'class';
  return Array.isArray(value.labels) ? 'multi-label' : undefined;
}

/** The answers as found, in words: `multi-label ({"labels": […]} in "category": all 3 answers; the first from worker "w0" on datasetObjectId 0)`. */
export function foundPhrase(m: ShapeMismatch, field: string): string {
  return `${shapeWords[m.found].name} (${shapeWords[m.found].looks} in "${field}": all ${m.answers} answers; the first from worker ${JSON.stringify(m.first.workerId)} on datasetObjectId ${m.first.datasetObjectId})`;
}

/** What consolidates the shape found: its task types and algorithms, from the registries. */
export function whatFits(m: ShapeMismatch): string {
  const types = taskTypeNames.filter((name) => getTaskType(name).answerKind === m.found);
  const fitting = Object.values(algorithms)
    .filter((a) => a.kind === m.found)
    .map((a) => a.name);
  return `--type ${types.join(' or ')} (algorithms: ${fitting.join(', ')})`;
}

/** The phrase for the shape a type takes: `single-label answers ({"label": "…"})`. */
export function takesPhrase(m: ShapeMismatch): string {
  return `${shapeWords[m.takes].name} answers (${shapeWords[m.takes].looks})`;
}
