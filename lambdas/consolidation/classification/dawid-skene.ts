import { getOwn, sortedRecord } from '../../contracts/own-property.ts';
import { answerLabels, encodeClassAnswers, type EncodedAnswers } from '../encode.ts';
import { readDawidSkeneState } from '../state-check.ts';
import { commonOptions } from '../options.ts';
import type { ClassOptions, ItemResult, SpecsFor, WorkerQuality } from '../types.ts';
import { argmaxRows, everyWorker, itemResults, supportOf } from './results.ts';
import { calibratedPosteriors } from './calibration.ts';
import { addSoftCounts } from './soft-counts.ts';
import { checked } from '../checked.ts';

/**
 * Dawid–Skene EM (Dawid & Skene 1979), the model AWS's built-in classification consolidation is
 * a variant of. Each worker has a confusion matrix π_w[true, answered]; classes have a prior.
 *
 * - Initialisation: the majority-vote vote shares as soft labels (as crowd-kit does); with a
 *   `prior` state from earlier batches, the first M-step also counts that state.
 * - M-step: soft counts plus `smoothing` pseudo-counts in every cell (so no probability is 0),
 *   plus `diagonalPrior` extra pseudo-counts on the diagonal (a mild belief that workers are
 *   better than chance, which keeps sparse workers from flipping classes). Its default, 0.3 of
 *   an answer, was set on the benchmark: S_Adult needs at least 0.3, and from 0.4 D_Product
 *   loses one item of 8,315; on the other sets anything in 0.2–1 is within 0.002 of it (bench/).
 * - Only items answered by two or more distinct workers count towards the confusion matrices,
 *   the class prior and the carried state. An item only one worker answered gets its posterior
 *   from that worker's matrix (and the prior), so counting it back into them is circular: it
 *   holds no agreement, and lets a worker whose answers are mostly uncorroborated drift to a
 *   permuted matrix (S_Adult: one worker with 2 shared and 21 solo answers, 15 of them gold;
 *   counting the solo items flips 9 of the 12 that were right after two iterations). Solo items
 *   still get a posterior in the E-step, from the matrix fitted on shared items plus the
 *   diagonal prior; with no shared items at all, that is the worker's answer (majority vote).
 * - E-step: posteriors in log space, normalised with log-sum-exp.
 * - Stops when the log-likelihood changes by less than `tolerance` (1e-6, relative) or after
 *   `maxIterations` (30). Stopping early regularises: on S_Rel, 30 iterations give 0.6175 and
 *   running to 100 gives 0.6132, as confusion matrices of sparse workers overfit (bench/).
 * - Label: the argmax posterior, ties to the first class in label order. Worker quality: expected
 *   accuracy Σ_k prior_k π_w[k,k].
 * - Confidence and posteriors: calibrated (calibration.ts), the probability that the label is right
 *   under worker matrices fitted without the item's own answers and pulled towards the crowd's by
 *   `confidencePrior` (10) pseudo-answers. On S_Rel subsets whose median worker answers 2 items,
 *   EM's own posterior put 83 % of the items at ≥ 0.99 and 57 % of those were right; calibrated,
 *   16 % are at ≥ 0.99 and 93 % of those are right (bench/calibration.bench.ts).
 *   The label is EM's in every case, so a label's posterior may fall below another class's: such
 *   an item gets a `reason` naming the class the posteriors favour (the ACS's `consolidation-note`).
 */
export interface DawidSkeneOptions extends ClassOptions {
  /** Most EM iterations (default 30). */
  maxIterations?: number;
  /** Stop when the log-likelihood changes by less than this share of itself (default 1e-6). */
  tolerance?: number;
  /** Pseudo-answers added to every confusion-matrix cell (default 0.01; the class prior has one per class). */
  smoothing?: number;
  /** Extra pseudo-answers on each confusion-matrix diagonal (default 0.3; 0.5 in `dawid-skene-pooled`). */
  diagonalPrior?: number;
  /**
   * How much the state of earlier batches counts in this batch's EM (1 = as much as the answers it
   * came from). It does not change the state carried on, which adds this batch's counts to the
   * earlier ones as they were.
   */
  priorWeight?: number;
  /**
   * Pseudo-counts pulling each worker's confusion matrix towards the crowd's pooled matrix (a
   * hierarchical prior): workers with few answers look like the average worker instead of
   * like noise. 0 turns it off (default 0; 5 in `dawid-skene-pooled`).
   */
  pooling?: number;
  /**
   * Pseudo-answers of the crowd's pooled confusion matrix behind each worker's when the confidence
   * is worked out (default 10, set on bench/calibration.bench.ts). 0 reports EM's own posterior,
   * which is overconfident for workers with few answers. It never changes a label.
   */
  confidencePrior?: number;
}

/**
 * Worker-quality state carried from batch to batch (JSON). Counts are soft answer counts, summed
 * over batches ({@link mergeDawidSkeneStates}). It holds every worker seen so far in the job: a
 * worker absent from a batch keeps their counts for the next one.
 */
export interface DawidSkeneState {
  version: 1;
  /** The algorithm that wrote it; a state is only read back by the same algorithm. */
  algorithm: 'dawid-skene' | 'dawid-skene-pooled' | 'one-coin-dawid-skene';
  classes: string[];
  classCounts: number[];
  /** Per worker: row-major K×K soft counts of (true class, answered class). */
  workers: Record<string, { counts: number[]; answers: number }>;
}

/**
 * `confidencePrior`'s default, the same for the three variants. On bench/calibration.bench.ts, mean
 * ECE over its first 17 settings (dawid-skene; the grid table's "mean ECE" row) was 0.169 at 0,
 * 0.142 at 10 and 0.137 at 50: past 10 it gains under 0.005, while 5-object jobs and the dense
 * Bluebirds set get worse, and a stronger prior would no longer fade for workers with a few dozen
 * answers. With the sparse-crowd setting added (18), 0.1686 at 0 and 0.1366 at 10.
 */
const defaultConfidencePrior = 10;

/** The options of `dawid-skene` and `one-coin-dawid-skene`; the pooled variant differs in two defaults. */
const dawidSkeneOptionSpecs = {
  labels: commonOptions.labels,
  maxIterations: { kind: 'number', min: 1, max: 10_000, integer: true, default: 30, what: 'the most EM iterations' },
  tolerance: { kind: 'number', min: 0, default: 1e-6, what: 'stop when the log-likelihood changes by less than this share' },
  smoothing: { kind: 'number', min: 0, aboveMin: true, default: 0.01, what: 'pseudo-answers in every confusion-matrix cell' },
  diagonalPrior: { kind: 'number', min: 0, default: 0.3, what: 'extra pseudo-answers on the confusion-matrix diagonal' },
  priorWeight: { kind: 'number', min: 0, default: 1, what: 'how much the state of earlier batches counts' },
  pooling: { kind: 'number', min: 0, default: 0, what: "pseudo-answers pulling each worker towards the crowd's matrix" },
  confidencePrior: { kind: 'number', min: 0, default: defaultConfidencePrior, what: "pseudo-answers of the crowd's matrix behind each worker's in the confidence (0: EM's own posterior)" },
} as const satisfies SpecsFor<DawidSkeneOptions>;

/** The options of `dawid-skene-pooled`: its own `pooling` and `diagonalPrior` defaults. */
const dawidSkenePooledOptionSpecs = {
  ...dawidSkeneOptionSpecs,
  diagonalPrior: { ...dawidSkeneOptionSpecs.diagonalPrior, default: 0.5 },
  pooling: { ...dawidSkeneOptionSpecs.pooling, default: 5 },
} as const satisfies SpecsFor<DawidSkeneOptions>;

/** The specs every variant's options are read against, with that variant's defaults. */
type DawidSkeneOptionSpecs = typeof dawidSkeneOptionSpecs | typeof dawidSkenePooledOptionSpecs;

export const dawidSkene = /* @__PURE__ */ checked<string, string, DawidSkeneOptions, DawidSkeneState>({
  name: 'dawid-skene',
  kind: 'class',
  description: 'Dawid–Skene EM with per-worker confusion matrices; confidence: calibrated probability the label is right',
  optionSpecs: dawidSkeneOptionSpecs,
  consolidate(records, options = {}) {
    const enc = encodeClassAnswers(records, classesFor(records, options));
    return runEm(enc, records.length, options, 'dawid-skene', dawidSkeneOptionSpecs);
  },
  readState: (value) => readDawidSkeneState(value, 'dawid-skene'),
  mergeStates: mergeDawidSkeneStates,
});

/**
 * Dawid–Skene with a hierarchical prior: every worker's confusion matrix is pulled towards the
 * crowd's pooled matrix (`pooling` 5) plus a mild diagonal prior (0.5). Best on data with many
 * sparse workers (S_Rel, S_Adult in the benchmark); plain `dawid-skene` is as good or better on
 * dense data.
 */
export const dawidSkenePooled = /* @__PURE__ */ checked<string, string, DawidSkeneOptions, DawidSkeneState>({
  name: 'dawid-skene-pooled',
  kind: 'class',
  description: 'Dawid–Skene with confusion matrices pulled towards the crowd average (sparse workers); confidence: calibrated probability',
  optionSpecs: dawidSkenePooledOptionSpecs,
  consolidate(records, options = {}) {
    const enc = encodeClassAnswers(records, classesFor(records, options));
    return runEm(enc, records.length, options, 'dawid-skene-pooled', dawidSkenePooledOptionSpecs);
  },
  readState: (value) => readDawidSkeneState(value, 'dawid-skene-pooled'),
  mergeStates: mergeDawidSkeneStates,
});

/**
 * One accuracy per worker, errors spread evenly over the other classes, and a uniform class
 * prior. A learned prior feeds on itself here: the model cannot tell a common class from one
 * workers over-answer, so the over-answered class grows each iteration (S_Rel: class 1 is 37 % of
 * answers but 19 % of gold, and a learned prior labelled 86 % of the gold items 1, accuracy 0.26; uniform:
 * 0.47). The uniform prior is as good or better on every benchmark set. The diagonal prior (0.3,
 * as in `dawid-skene`) gives a worker with no shared item a better-than-chance accuracy: at 0 the
 * matrix was flat, so such a worker's answers counted for nothing and every item only they
 * answered got the first class. It also lifts S_Rel 0.4661 → 0.4854 and S_Adult 0.7207 →
 * 0.7628; Dog loses one item of 807 (bench/).
 */
export const oneCoinDawidSkene = /* @__PURE__ */ checked<string, string, DawidSkeneOptions, DawidSkeneState>({
  name: 'one-coin-dawid-skene',
  kind: 'class',
  description: 'Dawid–Skene with one accuracy per worker (errors spread evenly); confidence: calibrated probability',
  optionSpecs: dawidSkeneOptionSpecs,
  consolidate(records, options = {}) {
    const enc = encodeClassAnswers(records, classesFor(records, options));
    return runEm(enc, records.length, options, 'one-coin-dawid-skene', dawidSkeneOptionSpecs);
  },
  readState: (value) => readDawidSkeneState(value, 'one-coin-dawid-skene'),
  mergeStates: mergeDawidSkeneStates,
});

/**
 * The classes: the `labels` option; else, with a carried state, its classes (in its order, so its
 * counts stay aligned) followed by labels first seen in this batch, sorted; else the answers'
 * labels, sorted. A label new in this batch is a class, not an answer to drop.
 */
function classesFor(records: ReadonlyArray<{ answer: string }>, options: DawidSkeneOptions & { prior?: DawidSkeneState }): string[] | undefined {
  if (options.labels) return [...options.labels];
  const carried = options.prior?.classes;
  if (!carried) return undefined;
  const known = new Set(carried);
  return [...carried, ...answerLabels(records).filter((l) => !known.has(l))];
}

export function runEm(enc: EncodedAnswers, recordCount: number, options: DawidSkeneOptions & { prior?: DawidSkeneState }, name: DawidSkeneState['algorithm'], specs: DawidSkeneOptionSpecs) {
  const oneCoin = name === 'one-coin-dawid-skene';
  const N = enc.items.length;
  const W = enc.workers.length;
  const K = enc.classes.length;
  const A = enc.itemOf.length;
  const KK = K * K;
  // Each default from the variant's own specs, one by one, not by spreading ({ ...defaults, ...options }):
  // an option given as undefined would overwrite the default with undefined.
  const smoothing = options.smoothing ?? specs.smoothing.default;
  const diagonalPrior = options.diagonalPrior ?? specs.diagonalPrior.default;
  const maxIterations = options.maxIterations ?? specs.maxIterations.default;
  const pooling = options.pooling ?? specs.pooling.default;
  const confidencePrior = options.confidencePrior ?? specs.confidencePrior.default;

  const tolerance = options.tolerance ?? specs.tolerance.default;
  const support = supportOf(enc);
  const { itemOf, workerOf, classOf } = enc;
  const shared = sharedItems(enc);

  // Pseudo-counts from earlier batches, mapped onto this batch's workers and classes.
  const priorConf = new Float64Array(W * K * K);
  const priorClass = new Float64Array(K);
  const carried = options.prior ? carriedState(options.prior, enc.classes, options.priorWeight ?? specs.priorWeight.default) : undefined;
  if (carried) {
    carried.map.forEach((p, k) => {
      if (p >= 0) priorClass[k] = (carried.state.classCounts[p] ?? 0) * carried.weight;
    });
    enc.workers.forEach((w, wi) => {
      const saved = getOwn(carried.state.workers, w);
      if (saved) priorConf.set(carried.counts(saved.counts), wi * K * K);
    });
  }

  // Initialise with majority-vote shares.
  const T = new Float64Array(N * K);
  for (let a = 0; a < A; a++) T[(itemOf[a] as number) * K + (classOf[a] as number)] = (T[(itemOf[a] as number) * K + (classOf[a] as number)] ?? 0) + 1;
  for (let i = 0; i < N; i++) {
    const s = support[i] ?? 0;
    for (let k = 0; k < K; k++) T[i * K + k] = s > 0 ? (T[i * K + k] ?? 0) / s : 1 / K;
  }

  const conf = new Float64Array(W * K * K);
  const logConf = new Float64Array(W * K * K);
  const classPrior = new Float64Array(K).fill(1 / K);
  const logPrior = new Float64Array(K).fill(-Math.log(K));
  const logT = new Float64Array(N * K);
  let previous = Number.NEGATIVE_INFINITY;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    // M-step.
    conf.set(priorConf);
    for (let x = 0; x < conf.length; x++) conf[x] = (conf[x] ?? 0) + smoothing;
    if (diagonalPrior > 0) for (let w = 0; w < W; w++) for (let k = 0; k < K; k++) conf[(w * K + k) * K + k] = (conf[(w * K + k) * K + k] ?? 0) + diagonalPrior;
    // One-coin keeps the uniform class prior it starts with (see oneCoinDawidSkene).
    if (!oneCoin) for (let k = 0; k < K; k++) classPrior[k] = priorClass[k]! + classPriorPseudoCount;
    addSoftCounts(enc, T, shared, conf, oneCoin ? undefined : classPrior);
    if (pooling > 0) addPooledPrior(conf, W, K, pooling, smoothing, diagonalPrior);
    if (oneCoin) collapseToOneCoin(conf, W, K);
    for (let row = 0; row < W * K; row++) {
      let sum = 0;
      for (let l = 0; l < K; l++) sum += conf[row * K + l] ?? 0;
      for (let l = 0; l < K; l++) {
        const p = (conf[row * K + l] ?? 0) / sum;
        conf[row * K + l] = p;
        logConf[row * K + l] = Math.log(p);
      }
    }
    if (!oneCoin) {
      let priorSum = 0;
      for (let k = 0; k < K; k++) priorSum += classPrior[k]!;
      for (let k = 0; k < K; k++) {
        classPrior[k] = classPrior[k]! / priorSum;
        logPrior[k] = Math.log(classPrior[k]!);
      }
    }
    // E-step.
    for (let i = 0; i < N; i++) logT.set(logPrior, i * K);
    for (let a = 0; a < A; a++) {
      const ti = itemOf[a]! * K;
      let c = workerOf[a]! * KK + classOf[a]!;
      for (let k = 0; k < K; k++, c += K) logT[ti + k] = logT[ti + k]! + logConf[c]!;
    }
    let likelihood = 0;
    for (let i = 0, ti = 0; i < N; i++, ti += K) {
      let max = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < K; k++) if (logT[ti + k]! > max) max = logT[ti + k]!;
      let sum = 0;
      for (let k = 0; k < K; k++) {
        const e = Math.exp(logT[ti + k]! - max);
        T[ti + k] = e;
        sum += e;
      }
      for (let k = 0; k < K; k++) T[ti + k] = T[ti + k]! / sum;
      if (support[i]! > 0) likelihood += max + Math.log(sum);
    }
    if (Math.abs(likelihood - previous) <= tolerance * Math.abs(likelihood)) {
      iterations++;
      break;
    }
    previous = likelihood;
  }

  const workers: WorkerQuality[] = enc.workers.map((worker, w) => {
    let accuracy = 0;
    for (let k = 0; k < K; k++) accuracy += (classPrior[k] ?? 0) * (conf[(w * K + k) * K + k] ?? 0);
    return { worker, quality: accuracy, answers: 0 };
  });
  for (let a = 0; a < A; a++) (workers[workerOf[a] as number] as WorkerQuality).answers++;
  // The state carried on (`checked` adds it) is the earlier batches' as they were (priorWeight
  // only sets how much they count in this batch's EM) plus this batch's own.
  // The label is EM's argmax; the confidence and posteriors come from the calibrated model.
  const chosen = argmaxRows(T, N, K, support);
  const reported = confidencePrior > 0 ? calibratedPosteriors({ enc, posterior: T, shared, carriedCounts: priorConf, carriedClassCounts: priorClass, strength: confidencePrior, model: oneCoin ? 'one-coin' : 'confusion', uniformClassPrior: oneCoin }) : T;
  const items = itemResults(enc, reported, support, recordCount, chosen);
  if (reported !== T) noteDisagreements(items, enc.classes, reported, chosen);
  return {
    items,
    workers: everyWorker(workers, enc),
    batchState: batchStateFrom(enc, T, name, shared),
    iterations,
  };
}

/**
 * Marks each item whose label (EM's argmax) is not the class its calibrated posteriors favour: the
 * two models disagree, so it is one to check. The ACS writes the reason as `consolidation-note`.
 * The label stays EM's: on D_Product (41 such items, all with gold) EM is right on 27 and the
 * calibrated argmax on 14; on S_Rel 43 and 48 of 125 (bench/).
 */
function noteDisagreements(items: Array<ItemResult<string>>, classes: readonly string[], reported: Float64Array, chosen: Int32Array): void {
  const K = classes.length;
  items.forEach((item, i) => {
    const label = chosen[i]!;
    if (label < 0) return;
    let favoured = label;
    for (let k = 0; k < K; k++) if (reported[i * K + k]! > reported[i * K + favoured]! + 1e-12) favoured = k;
    if (favoured === label) return;
    const p = (k: number) => reported[i * K + k]!.toFixed(3);
    item.reason = `the calibrated posteriors favour ${JSON.stringify(classes[favoured])} (${p(favoured)}) over the label ${JSON.stringify(classes[label])} (${p(label)}), which is EM's most likely class: check this item`;
  });
}

/** A carried state read against this batch's classes, for the M-step. */
interface CarriedState {
  state: DawidSkeneState;
  /** `map[k]`: this batch's class k in the state's class list, or -1 for a class it lacks. */
  map: number[];
  weight: number;
  /** A worker's carried K×K counts on this batch's classes (0 for classes the state lacks), times `weight`. */
  counts(saved: readonly number[]): Float64Array;
}

function carriedState(state: DawidSkeneState, classes: readonly string[], weight: number): CarriedState {
  const map = classes.map((c) => state.classes.indexOf(c));
  const K = classes.length;
  const PK = state.classes.length;
  return {
    state,
    map,
    weight,
    counts(saved) {
      const out = new Float64Array(K * K);
      for (let k = 0; k < K; k++)
        for (let l = 0; l < K; l++) {
          const pk = map[k] ?? -1;
          const pl = map[l] ?? -1;
          if (pk >= 0 && pl >= 0) out[k * K + l] = (saved[pk * PK + pl] ?? 0) * weight;
        }
      return out;
    },
  };
}

/**
 * Pseudo-answers per class in the class prior (Laplace). With the 0.01 of the matrices, a class
 * no shared item had got a prior near 0, and the one worker who answered it on an item nobody
 * else saw was overruled by the prior (one shared "cat" and a solo "dog" gave "cat"). One
 * pseudo-answer keeps that answer and moves no benchmark accuracy (bench/, 4 decimals).
 */
const classPriorPseudoCount = 1;

/** Counts in the state are kept to six decimals: enough, and the JSON stays short. */
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** 1 for items answered by at least two distinct workers (the only ones whose answers can agree), else 0. */
function sharedItems(enc: EncodedAnswers): Uint8Array {
  const first = new Int32Array(enc.items.length).fill(-1);
  const shared = new Uint8Array(enc.items.length);
  for (let a = 0; a < enc.itemOf.length; a++) {
    const i = enc.itemOf[a]!;
    const w = enc.workerOf[a]!;
    if (first[i] === -1) first[i] = w;
    else if (first[i] !== w) shared[i] = 1;
  }
  return shared;
}

/** Adds `strength` × the crowd's row-normalised confusion matrix (this iteration's soft counts and the carried state, without the pseudo-counts) to every worker. */
function addPooledPrior(conf: Float64Array, W: number, K: number, strength: number, smoothing: number, diagonalPrior: number): void {
  const pooled = new Float64Array(K * K);
  for (let w = 0; w < W; w++) for (let x = 0; x < K * K; x++) pooled[x] = (pooled[x] ?? 0) + (conf[w * K * K + x] ?? 0) - smoothing - (x % (K + 1) === 0 ? diagonalPrior : 0);
  for (let k = 0; k < K; k++) {
    let sum = 0;
    for (let l = 0; l < K; l++) sum += Math.max(0, pooled[k * K + l] ?? 0);
    for (let l = 0; l < K; l++) pooled[k * K + l] = sum > 0 ? Math.max(0, pooled[k * K + l] ?? 0) / sum : 1 / K;
  }
  for (let w = 0; w < W; w++) for (let x = 0; x < K * K; x++) conf[w * K * K + x] = (conf[w * K * K + x] ?? 0) + strength * (pooled[x] ?? 0);
}

/** One-coin: each worker's diagonal share is pooled, the rest spread evenly over the other classes. */
function collapseToOneCoin(conf: Float64Array, W: number, K: number): void {
  for (let w = 0; w < W; w++) {
    let right = 0;
    let total = 0;
    for (let k = 0; k < K; k++)
      for (let l = 0; l < K; l++) {
        const v = conf[(w * K + k) * K + l] ?? 0;
        total += v;
        if (k === l) right += v;
      }
    const p = total > 0 ? right / total : 1 / K;
    for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) conf[(w * K + k) * K + l] = k === l ? p : K > 1 ? (1 - p) / (K - 1) : 1;
  }
}

/**
 * This batch's own contribution to the state: the soft counts of its answers on items two or more
 * workers answered (an item one worker answered says nothing about that worker), the class counts
 * of those items, and every worker's answers. The carried state is not in it: states add up
 * ({@link mergeDawidSkeneStates}), so a batch's contribution can be stored on its own.
 */
function batchStateFrom(enc: EncodedAnswers, T: Float64Array, name: DawidSkeneState['algorithm'], shared: Uint8Array): DawidSkeneState {
  const K = enc.classes.length;
  const classCounts = new Float64Array(K);
  const counts = new Float64Array(enc.workers.length * K * K);
  addSoftCounts(enc, T, shared, counts, classCounts);
  const answers = new Int32Array(enc.workers.length);
  for (let a = 0; a < enc.itemOf.length; a++) answers[enc.workerOf[a]!] = answers[enc.workerOf[a]!]! + 1;
  const entries = new Map<string, DawidSkeneState['workers'][string]>();
  enc.workers.forEach((w, wi) => entries.set(w, { counts: Array.from(counts.subarray(wi * K * K, (wi + 1) * K * K), round6), answers: answers[wi] ?? 0 }));
  return { version: 1, algorithm: name, classes: [...enc.classes], classCounts: Array.from(classCounts, round6), workers: sortedRecord(entries) };
}

/**
 * States added up: the classes of the first state, then each class a later one adds; per class,
 * per worker and per (true, answered) cell, the sum of the states' counts. Adding is order-free up
 * to the classes' order, so the contributions of batches stored apart (in any order, by batches
 * that ran at once) give the state one running total would. Workers absent from a batch keep
 * their counts. Every state must be of one algorithm (the first one's is kept).
 */
export function mergeDawidSkeneStates(states: readonly DawidSkeneState[]): DawidSkeneState {
  const first = states[0];
  if (!first) throw new TypeError('mergeDawidSkeneStates: expected at least one state');
  const classes = [...new Set(states.flatMap((s) => s.classes))];
  const K = classes.length;
  const index = new Map(classes.map((c, k) => [c, k]));
  const classCounts = new Array<number>(K).fill(0);
  const workers = new Map<string, { counts: number[]; answers: number }>();
  for (const state of states) {
    const map = state.classes.map((c) => index.get(c) as number);
    const PK = state.classes.length;
    map.forEach((k, p) => (classCounts[k] = (classCounts[k] ?? 0) + (state.classCounts[p] ?? 0)));
    for (const [worker, saved] of Object.entries(state.workers)) {
      let entry = workers.get(worker);
      if (!entry) workers.set(worker, (entry = { counts: new Array<number>(K * K).fill(0), answers: 0 }));
      entry.answers += saved.answers;
      for (let p = 0; p < PK; p++)
        for (let q = 0; q < PK; q++) {
          const cell = (map[p] as number) * K + (map[q] as number);
          entry.counts[cell] = (entry.counts[cell] ?? 0) + (saved.counts[p * PK + q] ?? 0);
        }
    }
  }
  for (const entry of workers.values()) entry.counts = entry.counts.map(round6);
  return { version: 1, algorithm: first.algorithm, classes, classCounts: classCounts.map(round6), workers: sortedRecord(workers) };
}
