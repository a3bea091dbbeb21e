import type { EncodedAnswers } from '../encode.ts';

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
 * in the M-step. One-coin keeps its own shape: one accuracy per worker, pulled towards the crowd's.
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
  const A = itemOf.length;

  // Soft counts per worker, the crowd's total, and class counts, as the M-step takes them.
  const counts = Float64Array.from(input.carriedCounts);
  for (let a = 0; a < A; a++) {
    const i = itemOf[a]!;
    if (shared[i] === 0) continue;
    let c = workerOf[a]! * KK + classOf[a]!;
    for (let k = 0; k < K; k++, c += K) counts[c] = counts[c]! + T[i * K + k]!;
  }
  const crowd = new Float64Array(KK);
  for (let w = 0; w < W; w++) for (let x = 0; x < KK; x++) crowd[x] = crowd[x]! + counts[w * KK + x]!;
  const classCounts = Float64Array.from(input.carriedClassCounts);
  for (let i = 0; i < N; i++) if (shared[i] === 1) for (let k = 0; k < K; k++) classCounts[k] = classCounts[k]! + T[i * K + k]!;
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
      const l = classOf[order[x]!]!;
      answeredHere[l] = answeredHere[l]! + 1;
      rightHere += t(l);
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
      let mine = 0;
      let mineAsL = 0;
      let mineRight = 0;
      for (let y = from; y < to; y++) {
        const b = order[y]!;
        if (workerOf[b] !== w) continue;
        mine++;
        if (classOf[b] === l) mineAsL++;
        mineRight += t(classOf[b]!);
      }
      if (input.model === 'one-coin') {
        const accuracy = (positive(right[w]! - mineRight) + strength * crowdAccuracy) / (positive(total[w]! - s * mine) + strength);
        for (let k = 0; k < K; k++) logT[k] = logT[k]! + Math.log(k === l ? accuracy : K > 1 ? (1 - accuracy) / (K - 1) : 1);
        continue;
      }
      for (let k = 0; k < K; k++) {
        const crowdShare = (positive(crowd[k * K + l]! - t(k) * answeredHere[l]!) + crowdCellPrior(k, l)) / poolRow[k]!;
        const cell = positive(counts[w * KK + k * K + l]! - t(k) * mineAsL) + strength * crowdShare;
        const row = positive(workerRows[w * K + k]! - t(k) * mine) + strength;
        logT[k] = logT[k]! + Math.log(cell / row);
      }
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
