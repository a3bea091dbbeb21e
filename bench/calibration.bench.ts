import { getAlgorithm } from '../lambdas/consolidation/registry.ts';
import type { AnswerRecord, ItemResult } from '../lambdas/consolidation/types.ts';
import { seededRandom } from '../lambdas/task-types/define.ts';
import { classDatasets, loadClassDataset, type ClassDataset } from './datasets.ts';
import { fmt } from './measure.ts';
import { jobSeed, jobsOf, labels as smallJobLabels, simulateJob, simulatedAccuracies } from './small-jobs.bench.ts';
import type { BenchResult, BenchTable } from './types.ts';

/**
 * Whether a classification algorithm's confidence means what it says: of the items at confidence
 * 0.9, about 90 % should be right. Per algorithm, before (the confidence as it was: EM's own
 * posterior, `confidencePrior: 0`) and after (the defaults), on
 *
 * - each shared classification dataset as published;
 * - sparse versions of them: seeded random subsets of items, each just large enough that the
 *   median worker answers 2 of its items (as in walk151's 400 S_Rel items), pooled over subsets;
 * - the small two-class jobs of bench/small-jobs.bench.ts (its generator and seeds).
 *
 * Measured on the items with gold: accuracy (the same before and after: calibration never changes
 * a label), expected calibration error (10 equal-width bins of confidence; the items' mean
 * |accuracy − confidence| weighted by bin size), Brier score and log-loss of the confidence as the
 * probability that the label is right, and the share of items at confidence ≥ 0.99 with their
 * accuracy. A last table sets `confidencePrior`'s default: ECE over a range of strengths, and its
 * mean over the settings; the target is that the default's mean is below EM's own posterior's.
 */
interface Variant {
  algorithm: string;
  /** Options giving the confidence as it was before calibration; undefined when it did not change. */
  before?: Record<string, unknown>;
}

const variants: Variant[] = [
  { algorithm: 'majority-vote' },
  { algorithm: 'wawa' },
  { algorithm: 'dawid-skene', before: { confidencePrior: 0 } },
  { algorithm: 'dawid-skene-pooled', before: { confidencePrior: 0 } },
  { algorithm: 'one-coin-dawid-skene', before: { confidencePrior: 0 } },
];

/** Strengths tried for `confidencePrior` (0: EM's own posterior). */
const strengths = [0, 1, 2, 5, 10, 20, 50];
/** `confidencePrior`'s default (dawid-skene.ts), one of `strengths`. */
const defaultStrength = 10;
const gridAlgorithms = ['dawid-skene', 'dawid-skene-pooled', 'one-coin-dawid-skene'];

/** A sparse version pools subsets until it has this many gold items (or `maxSubsets` subsets). */
const sparseGoldItems = 3000;
const maxSubsets = 200;

interface Scored {
  label: string | null;
  confidence: number;
  truth: string;
}

interface Calibration {
  n: number;
  accuracy: number;
  ece: number;
  brier: number;
  logLoss: number;
  sureShare: number;
  sureAccuracy: number;
}

/** The calibration figures of items with gold (an item with no label counts as wrong at its confidence). */
export function calibrationOf(items: readonly Scored[]): Calibration {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, right: 0, confidence: 0 }));
  let right = 0;
  let brier = 0;
  let logLoss = 0;
  let sure = 0;
  let sureRight = 0;
  for (const { label, confidence, truth } of items) {
    const hit = label === truth ? 1 : 0;
    right += hit;
    brier += (confidence - hit) ** 2;
    // Clipped, so one confidence of exactly 1 on a wrong item is a large loss, not an infinite one.
    const p = Math.min(1 - 1e-6, Math.max(1e-6, confidence));
    logLoss -= hit ? Math.log(p) : Math.log(1 - p);
    const bin = bins[Math.min(9, Math.floor(confidence * 10))]!;
    bin.n++;
    bin.right += hit;
    bin.confidence += confidence;
    if (confidence >= 0.99) {
      sure++;
      sureRight += hit;
    }
  }
  const n = items.length;
  let ece = 0;
  for (const b of bins) if (b.n > 0) ece += Math.abs(b.right - b.confidence) / n;
  return { n, accuracy: right / n, ece, brier: brier / n, logLoss: logLoss / n, sureShare: sure / n, sureAccuracy: sure > 0 ? sureRight / sure : Number.NaN };
}

function scored(items: ReadonlyArray<ItemResult<string>>, truth: ReadonlyMap<string, string>): Scored[] {
  const out: Scored[] = [];
  for (const { item, label, confidence } of items) {
    const t = truth.get(item);
    if (t !== undefined) out.push({ label, confidence, truth: t });
  }
  return out;
}

/** One setting: a list of (records, truth) jobs whose gold items are pooled. */
interface Setting {
  name: string;
  jobs: Array<{ records: Array<AnswerRecord<string>>; truth: ReadonlyMap<string, string>; options?: Record<string, unknown> }>;
  /** Mean, over jobs, of the median answers per worker. */
  medianAnswers: number;
}

function consolidateSetting(setting: Setting, algorithm: string, options: Record<string, unknown> = {}): Scored[] {
  const alg = getAlgorithm(algorithm);
  return setting.jobs.flatMap((job) => scored(alg.consolidate(job.records as never, { ...job.options, ...options } as never).items as Array<ItemResult<string>>, job.truth));
}

function medianAnswersPerWorker(records: ReadonlyArray<AnswerRecord<string>>): number {
  const perWorker = new Map<string, number>();
  for (const r of records) perWorker.set(r.worker, (perWorker.get(r.worker) ?? 0) + 1);
  const counts = [...perWorker.values()].sort((a, b) => a - b);
  return counts.length ? (counts[(counts.length - 1) >> 1]! + counts[counts.length >> 1]!) / 2 : 0;
}

/** The records of the first `n` items of `order`. */
function subset(byItem: ReadonlyMap<string, Array<AnswerRecord<string>>>, order: readonly string[], n: number): Array<AnswerRecord<string>> {
  return order.slice(0, n).flatMap((item) => byItem.get(item) ?? []);
}

/**
 * Seeded random subsets of the dataset's items, each the smallest prefix of a shuffled item list
 * whose median worker answers at least 2 items, pooled until `sparseGoldItems` gold items.
 */
function sparseSetting(d: ClassDataset): Setting {
  const byItem = new Map<string, Array<AnswerRecord<string>>>();
  for (const r of d.records) {
    const list = byItem.get(r.item);
    if (list) list.push(r);
    else byItem.set(r.item, [r]);
  }
  const items = [...byItem.keys()];
  const jobs: Setting['jobs'] = [];
  let gold = 0;
  let medians = 0;
  for (let seed = 1; seed <= maxSubsets && gold < sparseGoldItems; seed++) {
    const random = seededRandom(seed);
    const order = [...items];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    // The median grows with the subset (up to noise): bisect for the smallest size reaching 2.
    let lo = 1;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (medianAnswersPerWorker(subset(byItem, order, mid)) >= 2) hi = mid;
      else lo = mid + 1;
    }
    const records = subset(byItem, order, lo);
    medians += medianAnswersPerWorker(records);
    gold += order.slice(0, lo).filter((item) => d.truth.has(item)).length;
    jobs.push({ records, truth: d.truth });
  }
  return { name: `${d.name} sparse (${jobs.length} subsets)`, jobs, medianAnswers: medians / jobs.length };
}

/** The 3-worker jobs of bench/small-jobs.bench.ts at one size. */
function smallJobSetting(objects: number, workers = 3): Setting {
  const accuracies = simulatedAccuracies(workers);
  const jobs: Setting['jobs'] = [];
  for (let job = 0; job < jobsOf(objects); job++) {
    const { records, truth } = simulateJob(objects, accuracies, jobSeed(job, objects, workers));
    jobs.push({ records, truth: new Map(truth.map((t, o) => [String(o), t])), options: { labels: smallJobLabels } });
  }
  return { name: `small jobs, ${objects} objects × ${workers} workers (${jobs.length} jobs)`, jobs, medianAnswers: objects };
}

function settings(): Setting[] {
  const out: Setting[] = [];
  for (const spec of classDatasets) {
    const d = loadClassDataset(spec);
    out.push({ name: d.name, jobs: [{ records: d.records, truth: d.truth }], medianAnswers: medianAnswersPerWorker(d.records) });
    out.push(sparseSetting(d));
  }
  for (const objects of [5, 20, 50]) out.push(smallJobSetting(objects));
  return out;
}

const row = (setting: string, algorithm: string, when: string, c: Calibration): Array<string | number> => [
  setting,
  algorithm,
  when,
  c.n,
  fmt(c.accuracy),
  fmt(c.ece),
  fmt(c.brier),
  fmt(c.logLoss),
  fmt(c.sureShare, 3),
  Number.isNaN(c.sureAccuracy) ? '-' : fmt(c.sureAccuracy, 3),
];

const key = (...parts: string[]) => parts.join('_').replace(/[^A-Za-z0-9]+/g, '_');

export async function run(): Promise<BenchResult> {
  const rows: Array<Array<string | number>> = [];
  const gridRows: Array<Array<string | number>> = [];
  const metrics: Record<string, number> = {};
  const targets: NonNullable<BenchResult['targets']> = [];
  const all = settings();
  const eceSums: Record<string, number[]> = Object.fromEntries(gridAlgorithms.map((a) => [a, strengths.map(() => 0)]));
  for (const setting of all) {
    for (const { algorithm, before } of variants) {
      const after = calibrationOf(consolidateSetting(setting, algorithm));
      if (before) {
        const old = calibrationOf(consolidateSetting(setting, algorithm, before));
        rows.push(row(setting.name, algorithm, 'before', old));
        metrics[key(setting.name, algorithm, 'before_ece')] = old.ece;
      }
      rows.push(row(setting.name, algorithm, before ? 'after' : 'as is', after));
      metrics[key(setting.name, algorithm, 'accuracy')] = after.accuracy;
      metrics[key(setting.name, algorithm, 'ece')] = after.ece;
      metrics[key(setting.name, algorithm, 'brier')] = after.brier;
    }
    for (const algorithm of gridAlgorithms) {
      const eces = strengths.map((confidencePrior) => calibrationOf(consolidateSetting(setting, algorithm, { confidencePrior })));
      gridRows.push([setting.name, fmt(setting.medianAnswers, 1), algorithm, ...eces.map((c) => `${fmt(c.ece, 3)} / ${fmt(c.logLoss, 3)}`)]);
      eces.forEach((c, s) => (eceSums[algorithm]![s]! += c.ece));
    }
  }
  // The mean over settings is what set the default (dawid-skene.ts quotes it), and what must improve on 0.
  const defaultAt = strengths.indexOf(defaultStrength);
  for (const algorithm of gridAlgorithms) {
    const means = eceSums[algorithm]!.map((sum) => sum / all.length);
    gridRows.push([`mean ECE over the ${all.length} settings`, '', algorithm, ...means.map((m) => fmt(m, 4))]);
    metrics[key(algorithm, 'mean_ece_default')] = means[defaultAt]!;
    targets.push({ what: `${algorithm}: mean ECE over the ${all.length} settings, default confidencePrior (${defaultStrength}) against EM's own posterior (0)`, target: `< ${fmt(means[0]!, 4)}`, measured: fmt(means[defaultAt]!, 4), met: means[defaultAt]! < means[0]! });
  }
  return {
    name: 'calibration',
    tables: [
      {
        title: 'Calibration on gold items: before (EM\'s own posterior) and after (the defaults); ECE over 10 equal-width bins; "≥ 0.99": share of items at confidence ≥ 0.99 and their accuracy',
        columns: ['setting', 'algorithm', 'confidence', 'gold items', 'accuracy', 'ECE', 'Brier', 'log-loss', '≥ 0.99 share', '≥ 0.99 right'],
        rows,
      },
      {
        title: '`confidencePrior` (pseudo-answers of the crowd\'s matrix behind each worker\'s): ECE / log-loss per strength',
        columns: ['setting', 'median answers per worker', 'algorithm', ...strengths.map((s) => String(s))],
        rows: gridRows,
      },
    ] satisfies BenchTable[],
    metrics,
    targets,
  };
}
