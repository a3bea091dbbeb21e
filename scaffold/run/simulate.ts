import type { DataObject } from '../../lambdas/contracts/pre.ts';
import { hashString, seededRandom, type Random, type SimulatedWorker } from '../../lambdas/task-types/define.ts';
import type { TaskTypeDefinition } from '../../lambdas/task-types/define.ts';
import { lineList } from './line-list.ts';
import type { CapturedAnswer } from './answers-file.ts';
import type { ManifestLine } from './manifest.ts';
import { getOwn } from '../../lambdas/contracts/own-property.ts';
import { answerPage } from './field-answers.ts';
import { truthFieldOf, type PagePlan } from './page-fields.ts';
import { adjustedAnswer } from './adjusted-shapes.ts';
import { truthOf } from './truth-value.ts';

export interface SimulationOptions {
  workers: number;
  seed: number;
  /** Share of workers who answer at random (0–1). */
  spammers?: number;
  /** Accuracy of the honest workers, spread evenly between these bounds. */
  accuracy?: [number, number];
  /** Manifest attribute holding the true answer, when the data has one. */
  truthField?: string;
}

/**
 * The simulated crowd: ids shaped like a private workforce's in the job's Region
 * (`private.<region>.sim…`, as Ground Truth names private workers), seeded accuracies, the
 * spammers last.
 */
export function simulatedWorkers(options: SimulationOptions, region = 'us-east-1'): SimulatedWorker[] {
  const [lo, hi] = options.accuracy ?? [0.7, 0.95];
  const spammers = Math.round(options.workers * (options.spammers ?? 0));
  return Array.from({ length: options.workers }, (_, i) => {
    const spammer = i >= options.workers - spammers;
    const accuracy = options.workers === 1 ? hi : hi - ((hi - lo) * i) / Math.max(1, options.workers - 1);
    return { id: `private.${region}.sim${String(i + 1).padStart(13, '0')}`, accuracy: spammer ? 0 : accuracy, spammer };
  });
}

/**
 * The name a worker's answers are seeded by: the id with the Region read as us-east-1, the only
 * Region ids had before they carried the job's. So a seed gives the same answers in every Region,
 * and as before.
 */
function seedName(workerId: string): string {
  return workerId.replace(/^private\.[^.]+\./, 'private.us-east-1.');
}

/**
 * Answers of every simulated worker for one object. Each (object, worker) pair has its own
 * seed, so the answers do not depend on batch size or on which other objects are in the run.
 *
 * With the page's fields (`plan`, read from the page rendered for the object), each worker answers
 * every field the page submits: the task type's own field from the truth, with the type's
 * simulation and the same seed as before (a scaffolded page, which submits only that field, gets
 * the answers it always got), every other field with its element's answer from a seed of its own.
 * Without a plan (a page with nothing that submits), the type's answer alone, as before. Where
 * the type's field starts from `initial-value` shapes (an adjustment task), workers adjust those
 * (adjustedAnswer) instead of answering from the truth, as real workers would.
 */
export function simulateAnswers(
  type: TaskTypeDefinition<object, unknown>,
  datasetObjectId: string,
  dataObject: DataObject,
  taskInput: object,
  labels: string[],
  workers: SimulatedWorker[],
  options: SimulationOptions,
  plan?: PagePlan,
): CapturedAnswer[] {
  const truthField = truthFieldOf(plan);
  const initial = truthField?.initial;
  // A labelled type's task without labels (a hand-written ACS may keep labels: []) answers among the labels its page offers, or leaves the field out.
  const among = labels.length > 0 || !plan ? labels : (truthField?.offered ?? []);
  const unanswerable = among.length === 0 && type.labelCount.min > 0;
  // Workers who adjust the page's initial-value shapes read no truth.
  const truth = initial ? undefined : truthOf(dataObject, options.truthField ?? 'truth');
  return workers.map((worker) => {
    const seed = `${options.seed}\u0000${datasetObjectId}\u0000${seedName(worker.id)}`;
    // The type's own answer from this truth (on an adjustment page, a spammer's made up without it), or undefined when it cannot answer.
    const typeAnswer = (from: unknown, random: Random) => (unanswerable ? undefined : type.simulate({ taskInput, truth: from, worker, random, labels: among }));
    if (!plan) return { datasetObjectId, workerId: worker.id, answerContent: typeAnswer(truth, seededRandom(hashString(seed))) ?? {} };
    const typeFieldAnswer = (from: unknown, random: Random) => getOwn(typeAnswer(from, random), type.answerField);
    const randomFor = (key: string) => seededRandom(hashString(`${seed}\u0000${key}`));
    const typeField = initial ? () => adjustedAnswer(initial, worker, seededRandom(hashString(seed)), (random) => typeFieldAnswer(undefined, random)) : () => typeFieldAnswer(truth, seededRandom(hashString(seed)));
    const answerContent = answerPage(plan.fields, typeField, randomFor);
    return { datasetObjectId, workerId: worker.id, answerContent };
  });
}

/**
 * One problem counting the lines whose truth field the simulated workers cannot use (missing, or
 * for classification not among the labels), naming the first few of each: the task type then
 * makes their answers up at random, which a misspelt `--truth-field` would otherwise hide.
 */
export function unusableTruthProblem(type: TaskTypeDefinition<object, unknown>, lines: ManifestLine[], labels: string[], truthField = 'truth'): string | undefined {
  const missing: number[] = [];
  const unusable: number[] = [];
  for (const line of lines) {
    const truth = truthOf(line.dataObject, truthField);
    if (truth === undefined || truth === null) missing.push(line.lineNumber);
    else if (type.truth && !type.truth.usable(truth, labels)) unusable.push(line.lineNumber);
  }
  const n = missing.length + unusable.length;
  if (n === 0) return undefined;
  const named = (numbers: number[], what: string) => numbers.length > 0 && `${lineList(numbers)} ${what}`;
  const why = [named(missing, 'without it'), named(unusable, `with a value that is not ${type.truth?.expected ?? 'usable'}`)].filter(Boolean).join(', ');
  return `${n} line${n === 1 ? ' has' : 's have'} no usable "${truthField}" field (${why}); ${n === 1 ? 'its' : 'their'} simulated answers are random; check --truth-field`;
}
