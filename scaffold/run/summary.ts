import type { JsonObject } from '../../lambdas/contracts/check.ts';
import type { TaskTypeDefinition } from '../../lambdas/task-types/define.ts';
import type { CapturedAnswer, ReplacedAnswer } from './answers-file.ts';
import type { ManifestLine, ManifestReadResult } from './manifest.ts';

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
    /** Answers the ACS could not use (kept in the metadata's `rejected-annotations`). */
    answersSetAside: number;
    /** Lines of the answers file a later line of the same worker and object replaced. */
    answersReplaced: number;
    /** Manifest lines with both `source` and `source-ref` (the run used `source-ref`; each is a warning among the problems). */
    bothSourceLines: number;
  };
  /** Those lines, each with its worker, object and the line that replaced it (`file:line`). */
  replacedAnswers: ReplacedAnswer[];
  /** Mean similarity of each worker's answers to the other workers' answers on the same objects. */
  workers: Array<{ workerId: string; answers: number; agreement: number }>;
  /** The objects the consolidation was least sure of. */
  lowestConfidence: Array<{ datasetObjectId: string; confidence: number; source: string }>;
}

interface SummaryInput {
  type: TaskTypeDefinition<object, unknown>;
  attr: string;
  manifest: ManifestReadResult;
  tasks: Array<{ line: ManifestLine; human: boolean }>;
  renderable: Array<{ line: ManifestLine }>;
  answersById: Map<string, CapturedAnswer[]>;
  outputLines: JsonObject[];
  problems: unknown[];
  replacedAnswers: ReplacedAnswer[];
  bothSourceLines: number;
}

export function summarise(input: SummaryInput): RunSummary {
  const { type, attr } = input;
  const answers = [...input.answersById.values()].flat();
  const labeled = input.outputLines.filter((l) => l[attr] !== undefined);
  const failedConsolidation = labeled.filter((l) => typeof (l[attr] as { consolidationError?: unknown })?.consolidationError === 'string');
  const human = input.tasks.filter((t) => t.human);
  return {
    counts: {
      manifestLines: input.manifest.lines.length + input.manifest.problems.length,
      badManifestLines: input.manifest.problems.length,
      preFailed: input.manifest.lines.length - input.tasks.length,
      notForHumans: input.tasks.length - human.length,
      renderFailed: human.length - input.renderable.length,
      sentToWorkers: input.renderable.length,
      answers: answers.length,
      labeled: labeled.length - failedConsolidation.length,
      consolidationFailed: failedConsolidation.length,
      unanswered: input.renderable.filter((t) => (input.answersById.get(t.line.datasetObjectId)?.length ?? 0) === 0).length,
      answersSetAside: input.outputLines.reduce((n, l) => n + setAsideAnswers(l, attr).length, 0),
      answersReplaced: input.replacedAnswers.length,
      bothSourceLines: input.bothSourceLines,
    },
    replacedAnswers: input.replacedAnswers,
    workers: workerAgreement(type, input.answersById),
    lowestConfidence: lowestConfidence(input.outputLines, input.manifest.lines, attr, 5),
  };
}

function workerAgreement(type: TaskTypeDefinition<object, unknown>, answersById: Map<string, CapturedAnswer[]>): RunSummary['workers'] {
  const totals = new Map<string, { sum: number; pairs: number; answers: number }>();
  for (const list of answersById.values()) {
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
  }
  return [...totals]
    .map(([workerId, t]) => ({ workerId, answers: t.answers, agreement: t.pairs > 0 ? t.sum / t.pairs : Number.NaN }))
    .sort((a, b) => b.agreement - a.agreement || a.workerId.localeCompare(b.workerId));
}

/** Reads a confidence from built-in style metadata: `confidence`, or the mean of a confidence map / per-object list. */
export function confidenceOf(metadata: JsonObject | undefined): number | undefined {
  if (!metadata) return undefined;
  if (typeof metadata.confidence === 'number') return metadata.confidence;
  const values: number[] = [];
  const map = metadata['confidence-map'];
  if (map && typeof map === 'object') values.push(...Object.values(map as Record<string, unknown>).filter((v): v is number => typeof v === 'number'));
  for (const key of ['objects', 'entities', 'keypoints', 'polygons']) {
    const list = metadata[key];
    if (Array.isArray(list)) values.push(...list.map((o) => (o as { confidence?: unknown })?.confidence).filter((v): v is number => typeof v === 'number'));
  }
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : undefined;
}

function lowestConfidence(lines: JsonObject[], manifest: ManifestLine[], attr: string, n: number): RunSummary['lowestConfidence'] {
  const out: RunSummary['lowestConfidence'] = [];
  lines.forEach((line, i) => {
    const confidence = confidenceOf(line[`${attr}-metadata`] as JsonObject | undefined);
    const m = manifest[i];
    if (confidence === undefined || !m) return;
    const source = String(m.dataObject['source-ref'] ?? m.dataObject.source ?? '');
    // The end of a URI (the file name) says more than its bucket.
    out.push({ datasetObjectId: m.datasetObjectId, confidence, source: source.length > 80 ? `…${source.slice(-79)}` : source });
  });
  return out.sort((a, b) => a.confidence - b.confidence || Number(a.datasetObjectId) - Number(b.datasetObjectId)).slice(0, n);
}

/** The answers an ACS set aside for one object: its metadata's `rejected-annotations` (gtkit's ACS helper writes them). */
export function setAsideAnswers(content: JsonObject, attr: string): Array<{ workerId: string; reason: string }> {
  const metadata = content[`${attr}-metadata`];
  const list = typeof metadata === 'object' && metadata !== null ? (metadata as { 'rejected-annotations'?: unknown })['rejected-annotations'] : undefined;
  if (!Array.isArray(list)) return [];
  return list.map((r: unknown) => {
    const entry = (typeof r === 'object' && r !== null ? r : {}) as { workerId?: unknown; reason?: unknown };
    return { workerId: typeof entry.workerId === 'string' ? entry.workerId : 'a worker', reason: typeof entry.reason === 'string' ? entry.reason : 'no reason given' };
  });
}
