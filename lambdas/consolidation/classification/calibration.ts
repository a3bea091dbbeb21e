import type { EncodedAnswers } from '../encode.ts';
import { addSoftCounts } from './soft-counts.ts';

/**
 * Calibrated posteriors for the Dawid–Skene family, worked out once after EM has chosen the labels.
 *
 * EM's own posterior is overconfident when workers answered few items: a worker seen twice who
 * agreed both times gets a near-perfect confusion row, and that row vouches for the very answers it
 * was fitted on (S_Rel subsets with a median of 2 answers per worker: 83 % of items at ≥ 0.99, 43 %
 * of those wrong; bench/calibration.bench.ts). Two changes make the posterior an honest one:
 *
 * - Leave-one-item-out: an item's own answers are taken out of the counts its answers are scored
 *   with (the worker's row, the crowd's matrix and the class prior), so no answer vouches for itself.
 * - A Dirichlet prior: each worker's row gets `strength` pseudo-answers spread as the crowd's pooled
 *   row. It dominates for a worker with a handful of answers and vanishes for one with hundreds, so
 *   a worker seen twice looks mostly like the average worker. The crowd's rows themselves get K
 *   pseudo-answers at the crowd's overall accuracy, so a class few items had borrows from the others.
 *
 * Counts are EM's soft counts on items two or more workers answered, plus the carried state's, as
 * in the M-step (soft-counts.ts). The leave-one-out takes out only this batch's own answers: when a
 * re-sent batch's earlier part is already folded into the carried state (see acs-shared-state.ts),
 * those answers are in the carried counts too and still vouch for themselves there, as they do in EM. One-coin keeps its own shape: one accuracy per worker, pulled towards the crowd's.
 * The result is a row-major items × classes matrix; rows of items without answers are uniform.
 */
export interface CalibrationInput {
  enc: EncodedAnswers;
  /** EM's final posteriors (items × classes), the soft labels the counts are taken from. */
  posterior: Float64Array;
  /** 1 for items two or more workers answered (the only ones counted), else 0. */
  shared: Uint8Array;
  /** Carried (true, answered) counts per worker, W × K × K, already weighted. */
  carriedCounts: Float64Array;
  /** Carried class counts, already weighted. */
  carriedClassCounts: Float64Array;
  /** Pseudo-answers of the crowd's matrix added to each worker's (> 0). */
  strength: number;
  model: 'confusion' | 'one-coin';
  /** One-coin keeps a uniform class prior (see oneCoinDawidSkene). */
  uniformClassPrior: boolean;
}

/** Pseudo-answers per class in the class prior, so a class no other item had is not impossible. */
const classPseudoCount = 1;

/**
 * The crowd's accuracy before any answer is seen: AWS's Modified Dawid–Skene starts every worker at
 * 0.7 (`all_worker_prior`, reference §6), here worth `crowdAccuracyWeight` answers. Without it, a
 * class no other item had got a flat crowd row, and three workers agreeing on it scored 0.32.
 */
const crowdAccuracyPrior = 0.7;
const crowdAccuracyWeight = 2;

export function calibratedPosteriors(input: CalibrationInput): Float64Array {
  const { enc, posterior: T, shared, strength } = input;
  const N = enc.items.length;
  const W = enc.workers.length;
  const K = enc.classes.length;
  const KK = K * K;
  const { itemOf, workerOf, classOf } = enc;

  // Soft counts per worker, the crowd's total, and class counts, as the M-step takes them.
  const counts = Float64Array.from(input.carriedCounts);
  const classCounts = Float64Array.from(input.carriedClassCounts);
  addSoftCounts(enc, T, shared, counts, classCounts);
  const crowd = new Float64Array(KK);
  for (let w = 0; w < W; w++) for (let x = 0; x < KK; x++) crowd[x] = crowd[x]! + counts[w * KK + x]!;
  const rowSum = (m: Float64Array, at: number) => {
    let s = 0;
    for (let l = 0; l < K; l++) s += m[at + l]!;
    return s;
  };
  const workerRows = new Float64Array(W * K);
  for (let r = 0; r < W * K; r++) workerRows[r] = rowSum(counts, r * K);
  const crowdRows = new Float64Array(K);
  for (let k = 0; k < K; k++) crowdRows[k] = rowSum(crowd, k * K);
  // One-coin: right answers and all answers, per worker and in the crowd.
  const right = new Float64Array(W);
  const total = new Float64Array(W);
  for (let w = 0; w < W; w++) for (let k = 0; k < K; k++) {
    right[w] = right[w]! + counts[w * KK + k * K + k]!;
    total[w] = total[w]! + workerRows[w * K + k]!;
  }
  let crowdRight = 0;
  let crowdTotal = 0;
  for (let w = 0; w < W; w++) {
    crowdRight += right[w]!;
    crowdTotal += total[w]!;
  }

  const { start, order } = answersByItem(itemOf, N);
  const out = new Float64Array(N * K);
  const logT = new Float64Array(K);
  const answeredHere = new Float64Array(K);
  const poolRow = new Float64Array(K);
  // Per worker, their answers on the item at hand: how many, how many of each class, and their
  // share of its soft counts. Filled and cleared per item, so each answer is looked at a fixed
  // number of times however many workers answered it (test items shown to every worker).
  const mine = new Float64Array(W);
  const mineAs = new Float64Array(W * K);
  const mineRight = new Float64Array(W);
  for (let i = 0; i < N; i++) {
    const from = start[i]!;
    const to = start[i + 1]!;
    if (from === to) {
      out.fill(1 / K, i * K, i * K + K);
      continue;
    }
    // What this item put into the counts (nothing unless shared), to take back out.
    const s = shared[i]!;
    const t = (k: number) => s * T[i * K + k]!;
    answeredHere.fill(0);
    let rightHere = 0;
    for (let x = from; x < to; x++) {
      const a = order[x]!;
      const w = workerOf[a]!;
      const l = classOf[a]!;
      answeredHere[l] = answeredHere[l]! + 1;
      rightHere += t(l);
      mine[w] = mine[w]! + 1;
      mineAs[w * K + l] = mineAs[w * K + l]! + 1;
      mineRight[w] = mineRight[w]! + t(l);
    }
    const n = to - from;
    const crowdAccuracy = (positive(crowdRight - rightHere) + crowdAccuracyWeight * crowdAccuracyPrior) / (positive(crowdTotal - s * n) + crowdAccuracyWeight);
    // Each crowd row also holds K pseudo-answers at the crowd's accuracy, errors spread evenly.
    const crowdCellPrior = (k: number, l: number) => (K === 1 ? 1 : K * (k === l ? crowdAccuracy : (1 - crowdAccuracy) / (K - 1)));
    for (let k = 0; k < K; k++) {
      logT[k] = input.uniformClassPrior ? 0 : Math.log(positive(classCounts[k]! - t(k)) + classPseudoCount);
      poolRow[k] = positive(crowdRows[k]! - t(k) * n) + (K === 1 ? 1 : K);
    }
    for (let x = from; x < to; x++) {
      const a = order[x]!;
      const w = workerOf[a]!;
      const l = classOf[a]!;
      // This worker's answers on this item (usually one; the library counts repeats as answers).
      const mineAsL = mineAs[w * K + l]!;
      if (input.model === 'one-coin') {
        const accuracy = (positive(right[w]! - mineRight[w]!) + strength * crowdAccuracy) / (positive(total[w]! - s * mine[w]!) + strength);
        for (let k = 0; k < K; k++) logT[k] = logT[k]! + Math.log(k === l ? accuracy : K > 1 ? (1 - accuracy) / (K - 1) : 1);
        continue;
      }
      for (let k = 0; k < K; k++) {
        const crowdShare = (positive(crowd[k * K + l]! - t(k) * answeredHere[l]!) + crowdCellPrior(k, l)) / poolRow[k]!;
        const cell = positive(counts[w * KK + k * K + l]! - t(k) * mineAsL) + strength * crowdShare;
        const row = positive(workerRows[w * K + k]! - t(k) * mine[w]!) + strength;
        logT[k] = logT[k]! + Math.log(cell / row);
      }
    }
    for (let x = from; x < to; x++) {
      const w = workerOf[order[x]!]!;
      mine[w] = 0;
      mineRight[w] = 0;
      mineAs.fill(0, w * K, w * K + K);
    }
    normaliseInto(out, i * K, logT);
  }
  return out;
}

/** Counts minus what one item put in can round to a hair below 0. */
const positive = (x: number) => (x > 0 ? x : 0);

/** Answer indices grouped by item (CSR): item i's answers are order[start[i] .. start[i + 1]). */
function answersByItem(itemOf: Int32Array, N: number): { start: Int32Array; order: Int32Array } {
  const start = new Int32Array(N + 1);
  for (let a = 0; a < itemOf.length; a++) start[itemOf[a]! + 1] = start[itemOf[a]! + 1]! + 1;
  for (let i = 0; i < N; i++) start[i + 1] = start[i + 1]! + start[i]!;
  const next = Int32Array.from(start.subarray(0, N));
  const order = new Int32Array(itemOf.length);
  for (let a = 0; a < itemOf.length; a++) order[next[itemOf[a]!]!++] = a;
  return { start, order };
}

/** Log weights to probabilities (log-sum-exp), written at `out[at ..]`. */
function normaliseInto(out: Float64Array, at: number, logT: Float64Array): void {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of logT) if (v > max) max = v;
  let sum = 0;
  for (let k = 0; k < logT.length; k++) sum += Math.exp(logT[k]! - max);
  for (let k = 0; k < logT.length; k++) out[at + k] = Math.exp(logT[k]! - max) / sum;
}
