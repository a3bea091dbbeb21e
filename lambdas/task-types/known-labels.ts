import { FailureWithLogReason, type WorkerAnswer } from '../handlers/acs-types.ts';
import { textDigestForLog } from '../handlers/log-fields.ts';
import type { AnswerKind } from '../consolidation/types.ts';
import type { MultiLabelAnswer, SingleLabelAnswer } from './classification.ts';
import type { BoundingBoxAnswer, KeypointAnswer, PolygonAnswer } from './geometry.ts';
import type { NamedEntityAnswer } from './text.ts';
import type { SemanticSegmentationAnswer } from './segmentation.ts';
import { listText } from '../contracts/list-text.ts';
import { closest } from '../contracts/suggest.ts';

/** One object's answers checked against the known labels: those that count, and what was left out. */
export interface ScreenedAnswers {
  counted: Array<WorkerAnswer<unknown>>;
  /** Multi-label or mark answers that count without their unknown labels or marks. */
  trimmed: number;
  /** Of those, the multi-label ones that had no known label at all (counted as "none of the known labels"). */
  emptied: number;
  /** Each label outside the known ones, with the workers who gave it. */
  unknown: Map<string, string[]>;
  /**
   * The answers left out, each with its worker and its labels outside the known ones: a single
   * label that is not known, or marks (boxes, points, spans, shapes) none of which has a known label.
   */
  setAsideAnswers: Array<{ workerId: string; labels: string[] }>;
}

/** How to read the labels of an answer of each kind, and keep only its known ones. */
interface LabelAccess {
  /** The answer field that holds the labels: `label`, `labels`, or the list of marks. */
  field: string;
  labels(answer: unknown): readonly string[];
  /** The answer without its unknown labels; absent when an answer with an unknown label says nothing and is set aside. */
  keepKnown?(answer: unknown, known: ReadonlySet<string>): unknown;
  /** Whether an answer left with no label at all still counts (as "none of the known labels") rather than being set aside. */
  emptiedCounts: boolean;
  /** What the left-out parts are called in the note: "labels", "boxes", …. */
  parts: string;
  /** One of them, as lint words what is dropped (unknownLabelEffect): "label", "box", …. */
  part: string;
}

/** The fields of an answer type that hold a list of labelled marks. */
type MarkField<A> = { [K in keyof A]: A[K] extends ReadonlyArray<{ label: string }> ? K : never }[keyof A];

/**
 * Access to answers that are a list of labelled marks under one field (boxes, keypoints,
 * polygons, entity spans). A mark with an unknown label is left out and the answer still counts,
 * saying "nothing" wherever it has no known mark. An answer whose every mark had an unknown label
 * is set aside instead: its worker did mark things, under labels the task does not have (a
 * template whose labels differ from the config, a typo), and counted as "nothing here" it would
 * vote against the other workers' marks. Only an answer that marked nothing to begin with says that.
 */
function labelledMarks<A>(field: MarkField<A> & string, part: string, parts: string): LabelAccess {
  const marks = (a: unknown) => (a as Record<MarkField<A>, ReadonlyArray<{ label: string }>>)[field];
  return {
    field,
    labels: (a) => marks(a).map((m) => m.label),
    keepKnown: (a, known) => ({ ...(a as object), [field]: marks(a).filter((m) => known.has(m.label)) }),
    emptiedCounts: false,
    parts,
    part,
  };
}

// A single label outside the list says nothing about the known classes: the answer is set aside.
// A multi-select answer still says "not this" of every known label it leaves out, so it counts
// without its unknown labels, even when none is left: a multi-select's exclusion choice ("none
// of these") may come as a label of its own, and then it means exactly that.
const labelAccess: Partial<Record<AnswerKind, LabelAccess>> = {
  class: { field: 'label' satisfies keyof SingleLabelAnswer, labels: (a) => [(a as SingleLabelAnswer).label], emptiedCounts: false, parts: 'labels', part: 'label' },
  'multi-label': {
    field: 'labels' satisfies keyof MultiLabelAnswer,
    labels: (a) => (a as MultiLabelAnswer).labels,
    keepKnown: (a, known) => ({ ...(a as MultiLabelAnswer), labels: (a as MultiLabelAnswer).labels.filter((l) => known.has(l)) }),
    emptiedCounts: true,
    parts: 'labels',
    part: 'label',
  },
  box: labelledMarks<BoundingBoxAnswer>('boundingBoxes', 'box', 'boxes'),
  keypoint: labelledMarks<KeypointAnswer>('keypoints', 'point', 'points'),
  polygon: labelledMarks<PolygonAnswer>('polygons', 'shape', 'shapes'),
  span: labelledMarks<NamedEntityAnswer>('entities', 'span', 'spans'),
  // A mask's labels are its labelMappings' keys. The answer keeps its mapping whole: the mask
  // reader (maskFromAnswer) reads an unknown label's pixels as background, by that label's own
  // colour, where without the mapping they would go to a known label of a near colour. Like a
  // dropped box, the answer says "nothing" there. Every label unknown: set aside, as for marks.
  mask: {
    field: 'labelMappings' satisfies keyof SemanticSegmentationAnswer,
    labels: (a) => Object.keys((a as SemanticSegmentationAnswer).labelMappings),
    keepKnown: (a) => a,
    emptiedCounts: false,
    parts: 'regions',
    part: 'region',
  },
};

/** Whether answers of this kind carry labels that {@link screenAnswers} can check. */
export function screensLabels(kind: AnswerKind): boolean {
  return labelAccess[kind] !== undefined;
}

/**
 * What {@link screenAnswers} does with an answer whose `answerField` names a label outside the
 * known ones (`them`: "it" or "them"), in words lint's label-mismatch rule puts after "so it", or
 * undefined when no task type screens that field (its answers count with whatever label they carry).
 * Written from the same table the screen reads, so the two cannot drift apart.
 *
 * @example
 * unknownLabelEffect('boundingBoxes', 'it'); // "drops each box labelled with it, and sets aside an answer that has only such boxes"
 */
export function unknownLabelEffect(answerField: string, them: string): string | undefined {
  const access = Object.values(labelAccess).find((a) => a.field === answerField);
  if (!access) return undefined;
  if (!access.keepKnown) return `sets aside each answer that chooses ${them}`;
  if (access.emptiedCounts) return `drops ${them} from each answer that chooses ${them}, and counts the rest of the answer`;
  return `drops each ${access.part} labelled with ${them}, and sets aside an answer that has only such ${access.parts}`;
}

/**
 * The answers of one object against the known labels (a set, built once per batch), or
 * undefined when every label is known and all the answers count as they are. An algorithm would silently skip a label
 * it does not know (a template whose categories differ from the config, a multi-select's
 * exclusion choice), or cluster it with known ones and let it win their vote, so such labels are
 * taken out here, where they can be reported.
 */
export function screenAnswers(kind: AnswerKind, answers: ReadonlyArray<WorkerAnswer<unknown>>, knownSet: ReadonlySet<string>): ScreenedAnswers | undefined {
  const access = labelAccess[kind];
  // The usual object has no unknown label: undefined, at one lookup per label and nothing kept.
  if (!access || answers.every((a) => access.labels(a.answer).every((l) => knownSet.has(l)))) return undefined;
  const screened: ScreenedAnswers = { counted: [], trimmed: 0, emptied: 0, unknown: new Map(), setAsideAnswers: [] };
  for (const a of answers) {
    const labels = access.labels(a.answer);
    const unknown = labels.filter((l) => !knownSet.has(l));
    if (unknown.length === 0) {
      screened.counted.push(a);
      continue;
    }
    const distinct = [...new Set(unknown)];
    for (const label of distinct) {
      const workers = screened.unknown.get(label);
      if (workers) workers.push(a.workerId);
      else screened.unknown.set(label, [a.workerId]);
    }
    const nothingLeft = unknown.length === labels.length;
    if (!access.keepKnown || (nothingLeft && !access.emptiedCounts)) {
      screened.setAsideAnswers.push({ workerId: a.workerId, labels: distinct });
      continue;
    }
    screened.trimmed++;
    if (nothingLeft) screened.emptied++;
    screened.counted.push({ ...a, answer: access.keepKnown(a.answer, knownSet) });
  }
  return screened;
}

/**
 * A batch's known labels: the list (for messages and order), the set (for the screen) and a
 * suggestion per unknown label, looked for once per batch since the same wrong label ("Dog"
 * against "dog") usually recurs across its objects.
 */
export interface KnownLabels {
  list: readonly string[];
  set: ReadonlySet<string>;
  /** The known label an unknown one differs from only by case or surrounding spaces, else by a typo. */
  suggest(label: string): string | undefined;
}

export function knownLabels(list: readonly string[]): KnownLabels {
  const set = new Set(list);
  const suggestions = new Map<string, string | undefined>();
  return {
    list,
    set,
    suggest(label) {
      if (suggestions.has(label)) return suggestions.get(label);
      const folded = label.trim().toLowerCase();
      const near = list.find((k) => k.trim().toLowerCase() === folded) ?? closest(label, list);
      suggestions.set(label, near);
      return near;
    },
  };
}

/**
 * The failure of an object left with nothing to consolidate, or undefined when it is not: every
 * answer was set aside, or every multi-label one named only unknown labels (that is no answer, not
 * a confident "none of them"). Its reason names the unknown labels, as the note does; its log
 * reason gives their digests ({@link textDigestForLog}) instead, as the batch's warning does.
 */
export function nothingKnownFailure(screened: ScreenedAnswers, known: KnownLabels): FailureWithLogReason | undefined {
  if (screened.counted.length > 0 && screened.emptied < screened.counted.length) return undefined;
  const entries = [...screened.unknown];
  const why = 'no answer has a known label: ';
  return new FailureWithLogReason(`${why}${labelsReason(entries, known)}`, `${why}${labelsReason(entries, known, textDigestForLog)}`);
}

/**
 * What was left out of an object and why, for its `consolidation-note`, e.g.
 * `2 of 3 answers set aside: label "Dog" (w1, w2; did you mean "dog"?) is not one of cat, dog`.
 */
export function unknownLabelsNote(screened: ScreenedAnswers, kind: AnswerKind, known: KnownLabels): string {
  const leftOut = labelAccess[kind]?.parts ?? 'labels';
  const total = screened.counted.length + screened.setAsideAnswers.length;
  const parts: string[] = [];
  if (screened.setAsideAnswers.length > 0) parts.push(`${screened.setAsideAnswers.length} of ${total} answers set aside`);
  if (screened.trimmed > 0) parts.push(`${screened.trimmed} of ${total} answers counted without these ${leftOut}`);
  return `${parts.join(' and ')}: ${labelsReason([...screened.unknown], known)}`;
}

/** One answer set aside for its labels, as the output metadata's `unknown-label-answers` lists it. */
export interface UnknownLabelAnswer {
  'worker-id': string;
  /** Its labels outside the known ones, with a suggestion where one is close, e.g. `label "Dog" (did you mean "dog"?) is not one of cat, dog`. */
  reason: string;
}

/**
 * The answers of one object set aside for their labels, one entry each: the note says it in a
 * sentence, and this lets a reader of the output (the dry run's summary, a script) count and
 * name them like the answers in `rejected-annotations`.
 */
export function unknownLabelAnswers(screened: ScreenedAnswers, known: KnownLabels): UnknownLabelAnswer[] {
  return screened.setAsideAnswers.map((a) => ({ 'worker-id': a.workerId, reason: labelsReason(a.labels.map((label): [string, string[]] => [label, []]), known) }));
}

// A note is written into every affected object's output label: the lists in it are cut short.
const labelsShown = 5;
const workersShown = 5;
const knownShown = 10;

/**
 * Each unknown label (as `show` writes it: quoted, or its digest for a log line) with its workers
 * (none for one answer's entry, which names its worker beside it) and, where one is close (a case
 * or a typo), the known label it probably meant; then the known labels once, e.g.
 * `label "Dog" (w0, w1; did you mean "dog"?) is not one of cat, dog`.
 */
function labelsReason(entries: ReadonlyArray<[string, readonly string[]]>, known: KnownLabels, show: (label: string) => string = JSON.stringify): string {
  const shown = entries.slice(0, labelsShown).map(([label, workers]) => {
    const near = known.suggest(label);
    const details = [workers.length > 0 ? listText(workers, workersShown) : '', near === undefined ? '' : `did you mean ${JSON.stringify(near)}?`].filter(Boolean).join('; ');
    return details === '' ? show(label) : `${show(label)} (${details})`;
  });
  const more = entries.length > labelsShown ? ` and ${entries.length - labelsShown} more` : '';
  const knownText = listText(known.list, knownShown);
  return entries.length === 1 ? `label ${shown[0]} is not one of ${knownText}` : `labels ${shown.join(', ')}${more} are not among ${knownText}`;
}
