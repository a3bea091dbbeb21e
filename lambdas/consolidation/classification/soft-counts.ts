import type { EncodedAnswers } from '../encode.ts';

/**
 * EM's soft counts, the one definition the M-step, the carried state and the calibration share (so
 * the state and the confidence count the same answers as the fit): for each answer on an item two
 * or more workers answered, the item's posterior T[i, k] is added to the worker's (k, answered)
 * cell of `counts` (W × K × K, row-major), and each such item's posterior to `classCounts`.
 * Adds to what the arrays hold, so callers start them at the carried state or the pseudo-counts.
 */
export function addSoftCounts(enc: EncodedAnswers, T: Float64Array, shared: Uint8Array, counts: Float64Array, classCounts?: Float64Array): void {
  const K = enc.classes.length;
  const KK = K * K;
  const { itemOf, workerOf, classOf } = enc;
  // Hot loop (every EM iteration): indices are in range by construction.
  for (let a = 0; a < itemOf.length; a++) {
    const i = itemOf[a]!;
    if (shared[i] === 0) continue;
    const ti = i * K;
    let c = workerOf[a]! * KK + classOf[a]!;
    for (let k = 0; k < K; k++, c += K) counts[c] = counts[c]! + T[ti + k]!;
  }
  if (!classCounts) return;
  for (let i = 0; i < enc.items.length; i++) if (shared[i] === 1) for (let k = 0; k < K; k++) classCounts[k] = classCounts[k]! + T[i * K + k]!;
}
