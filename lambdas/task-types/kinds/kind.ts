import type { AcsContext, AcsLabel } from '../../handlers/acs-types.ts';
import type { AnyAlgorithm } from '../../consolidation/registry.ts';
import type { ItemResult } from '../../consolidation/types.ts';
import type { AnswerKind, TaskTypeDefinition } from '../define.ts';

/**
 * How the ACS consolidates one kind of answer: the algorithms that take it, how an answer becomes
 * what they take, and how their result is written in the built-in output format. An ACS passes
 * its type's kind to `kindConsolidation(type, classAnswers, …)` and so carries that kind's
 * algorithms and format, never the others'. (The type's definition does not hold it: the PRE
 * bundles the definition, and must carry no consolidation algorithm.)
 */
export interface KindConsolidation<TAnswer = never, TRecordAnswer = unknown> {
  kind: AnswerKind;
  /** The registry's algorithms of this kind, by name (a test keeps the two equal). */
  algorithms: Readonly<Record<string, AnyAlgorithm>>;
  /**
   * Whether the output names a label by its index in the label list (a class index, a class map,
   * a box's class_id, a mask's pixel values), so that order must hold from batch to batch. Points,
   * spans and shapes carry their label names.
   */
  indexedOutput: boolean;
  /** The answer as the algorithms of this kind take it. */
  toRecordAnswer(answer: TAnswer): TRecordAnswer;
  /** The labels one record answer uses, for output indices when the task names none. */
  labelsOf(answer: TRecordAnswer): Iterable<unknown>;
  /** An object's label and metadata in the type's built-in output format (the note is added by the caller). */
  format(item: ItemResult<unknown>, output: OutputSettings): AcsLabel<unknown>;
  /**
   * For a kind whose label is written elsewhere (a mask's PNG, whose S3 URI becomes the label):
   * writes every object's formatted label at once and returns, per object, what its label
   * becomes, or why it could not be written (that object fails alone).
   */
  writeLabels?(labels: ReadonlyArray<{ datasetObjectId: string; label: unknown }>, context: AcsContext): Promise<Map<string, string | Error>>;
}

/** What an output format reads beside the algorithm's result for one object. */
export interface OutputSettings {
  type: TaskTypeDefinition<object, unknown>;
  /** The output's labels, in order: class indices follow it. */
  labels: readonly string[];
  /** Named entity: label definitions with short names, for the built-in output. */
  labelDefinitions: ReadonlyArray<{ label: string; shortDisplayName?: string }> | undefined;
  /** The workers the confidence is reported for. */
  workers: number | undefined;
  /** One of the object's answers as parsed (image tasks read the image size from it). */
  sample: unknown;
}

/** The labels of each mark in a list under `field` (boxes, spans): for {@link KindConsolidation.labelsOf}. */
export function markLabels(answer: unknown, field: string): unknown[] {
  if (!answer || typeof answer !== 'object') return [];
  const marks = (answer as Record<string, unknown>)[field];
  return Array.isArray(marks) ? marks.map((m: { label?: unknown } | null | undefined) => m?.label) : [];
}

/** Algorithms under their names, as {@link KindConsolidation.algorithms} holds them. */
export function algorithmTable(list: ReadonlyArray<{ name: string }>): Readonly<Record<string, AnyAlgorithm>> {
  return Object.fromEntries(list.map((a) => [a.name, a as unknown as AnyAlgorithm]));
}

/**
 * The name under which `gtkit/task-types` exports each kind's consolidation: a scaffolded `acs.ts`
 * imports it, and messages name it. Names only, so that reading one imports no kind.
 */
export const answerKindExports: { readonly [K in AnswerKind]: string } = {
  class: 'classAnswers',
  'multi-label': 'multiLabelAnswers',
  box: 'boxAnswers',
  keypoint: 'keypointAnswers',
  polygon: 'polygonAnswers',
  span: 'spanAnswers',
  text: 'textAnswers',
  mask: 'maskAnswers',
};
