import type { WorkerAnswer } from '../handlers/acs-types.ts';
import type { JsonObject } from '../contracts/check.ts';
import type { TaskTypeName } from './names.ts';

/**
 * What an element submits beside the value the type consolidates, and the built-in output
 * formats keep (reference §4, §5): an image classifier's `workerComment` (written as
 * `worker-feedback`, as label verification does) and an adjusted tool's `initialValueModified`
 * (written as `adjustment-status`, as the adjustment jobs do). The type's parser copies them into
 * its answer; {@link answerNotesMetadata} turns an object's answers into the metadata entries.
 */

/** An answer that may carry the worker's comment (`workerComment`). */
export interface CommentedAnswer {
  /** As the worker typed it; only when the element submitted one. */
  workerComment?: string;
}

/** An answer that may say whether the worker changed the element's `initial-value`. */
export interface AdjustableAnswer {
  /** Only when the element was given an `initial-value` and reported it. */
  initialValueModified?: boolean;
}

/**
 * Each note by the name the element submits it under: the metadata key the ACS writes it as, and
 * the task types whose parser keeps it (so only their ACS writes it; lint's kept-field-not-submitted
 * says so only for them). A test holds `types` to what each type's parseAnswer keeps.
 */
export const answerNotes = {
  workerComment: { key: 'worker-feedback', types: ['image-classification', 'image-classification-multilabel'] },
  initialValueModified: { key: 'adjustment-status', types: ['bounding-box', 'keypoint', 'polygon', 'named-entity', 'semantic-segmentation'] },
} as const satisfies Record<keyof (CommentedAnswer & AdjustableAnswer), { key: string; types: readonly TaskTypeName[] }>;

/** True when the type's parser keeps the note, so the type's own ACS writes it under `answerNotes[note].key`. */
export function keepsNote(type: TaskTypeName, note: keyof typeof answerNotes): boolean {
  return (answerNotes[note].types as readonly TaskTypeName[]).includes(type);
}

/** One worker's comment, as `worker-feedback` lists it: the built-in entry with its worker, as gtkit's other per-worker lists name them. */
export interface WorkerFeedbackEntry {
  'worker-id': string;
  comment: string;
}

/**
 * The comment an element submitted, as text. The ACS decodes strings inside an answer that hold
 * JSON (`nestedJson`), so a comment the worker typed as `[1, 2]` arrives as an array: it is
 * written back as JSON text rather than lost. Anything else (absent, a number from a hand-made
 * template) is no comment.
 */
export function commentOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return undefined;
}

/**
 * The parsed answer with the element's `initialValueModified` when it reported one (a boolean, as
 * the elements submit it; anything else says nothing). Documented for crowd-bounding-box; the
 * keypoint, polygon and entity elements take an `initial-value` too, and whether they report it
 * is unverified (reference §4), so their parsers keep it wherever it comes.
 */
export function withModifiedFlag<T extends object>(answer: T, elementAnswer: Record<string, unknown>): T & AdjustableAnswer {
  const modified = elementAnswer.initialValueModified;
  return typeof modified === 'boolean' ? { ...answer, initialValueModified: modified } : answer;
}

/**
 * The metadata entries for one object's answer notes, or nothing when no answer carries one (so
 * an output without them stays as it was):
 * - `worker-feedback`: each non-blank comment with its worker, in answer order, from every answer
 *   of the object (a comment says something whether or not the answer's label counted);
 * - `adjustment-status`: `"adjusted"` when a counted answer says it changed the initial value,
 *   else `"unadjusted"`; only when some answer says either.
 *
 * @example
 * answerNotesMetadata([{ workerId: 'w1', answer: { label: 'bad', workerComment: 'box too wide' } }], [])
 * // { 'worker-feedback': [{ 'worker-id': 'w1', comment: 'box too wide' }] }
 */
export function answerNotesMetadata(answers: ReadonlyArray<WorkerAnswer<unknown>>, counted: ReadonlyArray<WorkerAnswer<unknown>>): JsonObject {
  const feedback: WorkerFeedbackEntry[] = [];
  let flagged = false;
  for (const a of answers) {
    const answer = a.answer as (CommentedAnswer & AdjustableAnswer) | null;
    if (typeof answer !== 'object' || answer === null) continue;
    const comment = answer.workerComment;
    if (typeof comment === 'string' && comment.trim() !== '') feedback.push({ 'worker-id': a.workerId, comment });
    if (typeof answer.initialValueModified === 'boolean') flagged = true;
  }
  const out: JsonObject = {};
  if (feedback.length > 0) out[answerNotes.workerComment.key] = feedback as unknown as JsonObject[keyof JsonObject];
  if (flagged) out[answerNotes.initialValueModified.key] = counted.some((a) => (a.answer as AdjustableAnswer | null)?.initialValueModified === true) ? 'adjusted' : 'unadjusted';
  return out;
}
