import type { JsonObject } from '../../lambdas/contracts/check.ts';
import type { TaskTypeDefinition } from '../../lambdas/task-types/define.ts';
import type { CapturedAnswer, ReplacedAnswer } from './answers-file.ts';
import type { ManifestLine } from './manifest.ts';
import { compareIds } from '../../lambdas/consolidation/order.ts';
import { lineSource } from './answer-placement.ts';

export interface RunSummary {
  counts: {
    manifestLines: number;
    badManifestLines: number;
    preFailed: number;
    notForHumans: number;
    renderFailed: number;
    sentToWorkers: number;
    answers: number;
    labeled: number;
    consolidationFailed: number;
    unanswered: number;
    /** Answers the ACS could not use (kept in the metadata's `rejected-annotations` and `unknown-label-answers`). */
    answersSetAside: number;
    /** Lines of the answers file a later line of the same worker and object replaced. */
    answersReplaced: number;
    /** Manifest lines with both `source` and `source-ref` (the run used `source-ref`; each is a warning among the problems). */
    bothSourceLines: number;
    /** A streaming task's sample lines left out because an earlier line gave the same custom id (Ground Truth labels it once); 0 for a job that labels a manifest. */
    repeatedIds: number;
  };
  /** Those lines, each with its worker, object and the line that replaced it (`file:line`). */
  replacedAnswers: ReplacedAnswer[];
  /** Mean similarity of each worker's answers to the other workers' answers on the same objects. */
  workers: Array<{ workerId: string; answers: number; agreement: number }>;
  /** Why `workers` is empty although workers answered: simulated answers that follow no truth, whose agreement means nothing. */
  agreementLeftOut?: string;
  /** The objects the consolidation was least sure of. */
  lowestConfidence: Array<{ datasetObjectId: string; confidence: number; source: string }>;
}

/** What the summary is made of; the run gathers each part as it goes, holding no line longer than it needs. */
type SummaryInput = Pick<RunSummary['counts'], 'manifestLines' | 'badManifestLines' | 'preFailed' | 'notForHumans' | 'renderFailed' | 'sentToWorkers' | 'answers' | 'unanswered' | 'bothSourceLines' | 'repeatedIds'> & {
  output: OutputTally;
  agreement: AgreementTally;
  replacedAnswers: ReplacedAnswer[];
  agreementLeftOut?: string;
};

export function summarise(input: SummaryInput): RunSummary {
  return {
    counts: {
      manifestLines: input.manifestLines,
      badManifestLines: input.badManifestLines,
      preFailed: input.preFailed,
      notForHumans: input.notForHumans,
      renderFailed: input.renderFailed,
      sentToWorkers: input.sentToWorkers,
      answers: input.answers,
      labeled: input.output.labeled - input.output.consolidationFailed,
      consolidationFailed: input.output.consolidationFailed,
      unanswered: input.unanswered,
      answersSetAside: input.output.answersSetAside,
      answersReplaced: input.replacedAnswers.length,
      bothSourceLines: input.bothSourceLines,
      repeatedIds: input.repeatedIds,
    },
    replacedAnswers: input.replacedAnswers,
    workers: input.agreement.result(),
    ...(input.agreementLeftOut !== undefined ? { agreementLeftOut: input.agreementLeftOut } : {}),
    lowestConfidence: input.output.lowestConfidence(),
  };
}

/** Worker agreement, gathered object by object; the objects must come in the same order every run (float sums depend on it). */
export interface AgreementTally {
  /** One object's answers. */
  add(answers: CapturedAnswer[]): void;
  /** Mean similarity of each worker's answers to the other workers' answers on the same objects. */
  result(): RunSummary['workers'];
}

export function agreementTally(type: TaskTypeDefinition<object, unknown>): AgreementTally {
  const totals = new Map<string, { sum: number; pairs: number; answers: number }>();
  return {
    add(list) {
      const parsed = list.flatMap((a) => {
        try {
          return [{ workerId: a.workerId, answer: type.parseAnswer(a.answerContent) }];
        } catch {
          return [];
        }
      });
      for (const a of parsed) {
        const t = totals.get(a.workerId) ?? { sum: 0, pairs: 0, answers: 0 };
        t.answers++;
        for (const b of parsed) {
          if (b === a) continue;
          t.sum += type.similarity(a.answer, b.answer);
          t.pairs++;
        }
        totals.set(a.workerId, t);
      }
    },
    result() {
      return [...totals]
        .map(([workerId, t]) => ({ workerId, answers: t.answers, agreement: t.pairs > 0 ? t.sum / t.pairs : Number.NaN }))
        .sort((a, b) => b.agreement - a.agreement || compareIds(a.workerId, b.workerId));
    },
  };
}

/** What the summary needs from the output manifest, gathered line by line as the lines are made. */
export interface OutputTally {
  /** One output line, with the manifest line it was made from. */
  add(line: JsonObject, from: ManifestLine): void;
  /** Lines that carry the label attribute (a failed consolidation's too). */
  readonly labeled: number;
  readonly consolidationFailed: number;
  readonly answersSetAside: number;
  /** The lines the consolidation was least sure of, least sure first. */
  lowestConfidence(): RunSummary['lowestConfidence'];
}

/** How much of an inline `source` text the summary shows: enough to recognise the object, not to copy the customer's text into CI logs. */
export const shownSourceTextLength = 40;

/**
 * What the summary shows of a line's data: the end of its `source-ref` URI (the file name says more
 * than the bucket), or the start of its inline `source` text cut to `shownSourceTextLength`
 * characters, since the summary lands on stdout and CI logs and the text is often the customer's own.
 */
export function shownSource(dataObject: Record<string, unknown>): string {
  const source = lineSource(dataObject);
  const ref = Object.hasOwn(dataObject, 'source-ref') ? dataObject['source-ref'] : undefined;
  if (ref !== undefined && ref !== null) return source.length > 80 ? `…${source.slice(-79)}` : source;
  const characters = [...source];
  return characters.length > shownSourceTextLength ? `${characters.slice(0, shownSourceTextLength - 1).join('')}…` : source;
}

export function outputTally(attr: string, lowestShown = 5): OutputTally {
  let labeled = 0;
  let consolidationFailed = 0;
  let answersSetAside = 0;
  // Only the few least confident so far, in order: never one entry per line.
  const lowest: RunSummary['lowestConfidence'] = [];
  const before = (a: { confidence: number; datasetObjectId: string }, b: { confidence: number; datasetObjectId: string }) => a.confidence - b.confidence || Number(a.datasetObjectId) - Number(b.datasetObjectId);
  return {
    add(line, from) {
      if (line[attr] !== undefined) {
        labeled++;
        if (typeof (line[attr] as { consolidationError?: unknown })?.consolidationError === 'string') consolidationFailed++;
      }
      answersSetAside += setAsideAnswers(line, attr).length;
      const confidence = confidenceOf(line[`${attr}-metadata`] as JsonObject | undefined);
      if (confidence === undefined) return;
      const entry = { datasetObjectId: from.datasetObjectId, confidence, source: '' };
      if (lowest.length === lowestShown && before(entry, lowest[lowest.length - 1] as typeof entry) >= 0) return;
      entry.source = shownSource(from.dataObject);
      const at = lowest.findIndex((other) => before(entry, other) < 0);
      lowest.splice(at === -1 ? lowest.length : at, 0, entry);
      if (lowest.length > lowestShown) lowest.pop();
    },
    get labeled() {
      return labeled;
    },
    get consolidationFailed() {
      return consolidationFailed;
    },
    get answersSetAside() {
      return answersSetAside;
    },
    lowestConfidence: () => lowest.slice(),
  };
}

/**
 * Reads a confidence from built-in style metadata: `confidence`, or the mean of a confidence map,
 * a per-object list or a semantic-segmentation `internal-color-map`'s per-class confidences (one
 * per image there, the same for every class).
 */
export function confidenceOf(metadata: JsonObject | undefined): number | undefined {
  if (!metadata) return undefined;
  if (typeof metadata.confidence === 'number') return metadata.confidence;
  const values: number[] = [];
  const map = metadata['confidence-map'];
  if (map && typeof map === 'object') values.push(...Object.values(map as Record<string, unknown>).filter((v): v is number => typeof v === 'number'));
  const colours = metadata['internal-color-map'];
  if (colours && typeof colours === 'object') for (const entry of Object.values(colours as Record<string, unknown>)) if (typeof (entry as { confidence?: unknown })?.confidence === 'number') values.push((entry as { confidence: number }).confidence);
  for (const key of ['objects', 'entities', 'keypoints', 'polygons']) {
    const list = metadata[key];
    if (Array.isArray(list)) values.push(...list.map((o) => (o as { confidence?: unknown })?.confidence).filter((v): v is number => typeof v === 'number'));
  }
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : undefined;
}

/**
 * The answers an ACS set aside for one object: its metadata's `rejected-annotations` (answers
 * gtkit's ACS helper could not read, or a worker's earlier answer) and `unknown-label-answers`
 * (answers `taskConsolidation` set aside for a label outside the known ones).
 */
export function setAsideAnswers(content: JsonObject, attr: string): Array<{ workerId: string; reason: string }> {
  const metadata = content[`${attr}-metadata`];
  if (typeof metadata !== 'object' || metadata === null) return [];
  const lists = metadata as { 'rejected-annotations'?: unknown; 'unknown-label-answers'?: unknown };
  return [...entriesOf(lists['rejected-annotations'], 'workerId'), ...entriesOf(lists['unknown-label-answers'], 'worker-id')];
}

/** One line per answer the ACS set aside for object `id`, as gtkit run and gtkit consolidate name them among their problems. */
export function setAsideMessages(id: string, content: JsonObject, attr: string): string[] {
  return setAsideAnswers(content, attr).map((r) => `datasetObjectId ${id}: the answer of ${r.workerId} was set aside: ${r.reason}`);
}

/** The worker and reason of each entry of a list of set-aside answers, whose worker field is named `workerKey`. */
function entriesOf(list: unknown, workerKey: string): Array<{ workerId: string; reason: string }> {
  if (!Array.isArray(list)) return [];
  return list.map((r: unknown) => {
    const entry = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
    const workerId = entry[workerKey];
    return { workerId: typeof workerId === 'string' ? workerId : 'a worker', reason: typeof entry.reason === 'string' ? entry.reason : 'no reason given' };
  });
}
