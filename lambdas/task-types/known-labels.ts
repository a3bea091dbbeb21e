import type { WorkerAnswer } from '../handlers/acs-types.ts';
import type { AnswerKind } from '../consolidation/types.ts';
import type { MultiLabelAnswer, SingleLabelAnswer } from './classification.ts';
import type { BoundingBoxAnswer } from './geometry.ts';

/** One object's answers checked against the known labels: those that count, and what was left out. */
export interface ScreenedAnswers {
  counted: Array<WorkerAnswer<unknown>>;
  /** Single-label answers left out: their label is not known. */
  setAside: number;
  /** Multi-label or box answers that count without their unknown labels or boxes. */
  trimmed: number;
  /** Of those, the ones that had no known label at all. */
  emptied: number;
  /** Each label outside the known ones, with the workers who gave it. */
  unknown: Map<string, string[]>;
}

/** How to read the labels of an answer of each kind, and keep only its known ones. */
interface LabelAccess {
  labels(answer: unknown): readonly string[];
  keepKnown(answer: unknown, known: ReadonlySet<string>): unknown;
}

// A single label outside the list says nothing about the known classes: the answer is set aside.
// A multi-select or box answer still says "not this" of every known label it leaves out, so it
// counts without its unknown labels.
const labelAccess: Partial<Record<AnswerKind, LabelAccess>> = {
  class: { labels: (a) => [(a as SingleLabelAnswer).label], keepKnown: (a) => a },
  'multi-label': {
    labels: (a) => (a as MultiLabelAnswer).labels,
    keepKnown: (a, known) => ({ ...(a as MultiLabelAnswer), labels: (a as MultiLabelAnswer).labels.filter((l) => known.has(l)) }),
  },
  box: {
    labels: (a) => (a as BoundingBoxAnswer).boundingBoxes.map((b) => b.label),
    keepKnown: (a, known) => ({ ...(a as BoundingBoxAnswer), boundingBoxes: (a as BoundingBoxAnswer).boundingBoxes.filter((b) => known.has(b.label)) }),
  },
};

/** Whether answers of this kind name labels that can be checked against the task's. */
export function checksLabels(kind: AnswerKind): boolean {
  return labelAccess[kind] !== undefined;
}

/**
 * The answers of one object against the known labels. An algorithm would silently skip a label
 * it does not know (a template whose categories differ from the config, a multi-select's
 * exclusion choice), so they are taken out here, where they can be reported.
 */
export function screenAnswers(kind: AnswerKind, answers: ReadonlyArray<WorkerAnswer<unknown>>, known: readonly string[]): ScreenedAnswers {
  const access = labelAccess[kind];
  const screened: ScreenedAnswers = { counted: [], setAside: 0, trimmed: 0, emptied: 0, unknown: new Map() };
  if (!access || known.length === 0) return { ...screened, counted: [...answers] };
  const knownSet = new Set(known);
  for (const a of answers) {
    const labels = access.labels(a.answer);
    const unknown = labels.filter((l) => !knownSet.has(l));
    if (unknown.length === 0) {
      screened.counted.push(a);
      continue;
    }
    for (const label of new Set(unknown)) {
      const workers = screened.unknown.get(label);
      if (workers) workers.push(a.workerId);
      else screened.unknown.set(label, [a.workerId]);
    }
    if (kind === 'class') screened.setAside++;
    else {
      screened.trimmed++;
      if (unknown.length === labels.length) screened.emptied++;
      screened.counted.push({ ...a, answer: access.keepKnown(a.answer, knownSet) });
    }
  }
  return screened;
}

/**
 * Why an object is left with nothing to consolidate, or undefined when it is not: every answer
 * was set aside, or every one named only unknown labels (that is no answer, not a confident
 * "none of them").
 */
export function nothingKnownReason(screened: ScreenedAnswers, known: readonly string[]): string | undefined {
  if (screened.counted.length > 0 && screened.emptied < screened.counted.length) return undefined;
  if (screened.unknown.size === 0) return undefined;
  return `no answer has a known label: ${unknownReasons(screened, known)}`;
}

/**
 * What was left out of an object and why, for its `consolidation-note`, e.g.
 * `2 of 3 answers set aside: label "Dog" is not one of cat, dog (w1, w2)`.
 */
export function unknownLabelsNote(screened: ScreenedAnswers, kind: AnswerKind, known: readonly string[]): string | undefined {
  if (screened.unknown.size === 0) return undefined;
  const total = screened.counted.length + screened.setAside;
  const parts: string[] = [];
  if (screened.setAside > 0) parts.push(`${screened.setAside} of ${total} answers set aside`);
  if (screened.trimmed > 0) parts.push(`${screened.trimmed} of ${total} answers counted without these ${kind === 'box' ? 'boxes' : 'labels'}`);
  return `${parts.join(' and ')}: ${unknownReasons(screened, known)}`;
}

function unknownReasons(screened: ScreenedAnswers, known: readonly string[]): string {
  return [...screened.unknown].map(([label, workers]) => `label ${JSON.stringify(label)} is not one of ${known.join(', ')} (${workers.join(', ')})`).join('; ');
}
