import type { EncodedAnswers } from '../encode.ts';
import type { ItemResult, WorkerQuality } from '../types.ts';
import { setOwn } from '../../contracts/own-property.ts';
import { compareIds } from '../order.ts';

/** Why an item whose answers all weigh 0 (weighted vote, wawa, multi-label) has no label. */
export const zeroWeightReason = 'every answer on it has weight 0';

/**
 * Item results from a row-major posterior matrix (items × classes). The label is the argmax
 * ({@link argmaxRows}, or `chosen` when given); ties go to the class listed first (the `labels`
 * option order, else code-unit order). Items without a usable answer get `label: null` and a
 * reason, as do items `chosen` marks -2 (`noLabelReason` says why).
 */
export function itemResults(enc: EncodedAnswers, posterior: Float64Array, support: Int32Array, records: number, chosen = argmaxRows(posterior, enc.items.length, enc.classes.length, support), noLabelReason = 'no label could be chosen'): Array<ItemResult<string>> {
  const K = enc.classes.length;
  return enc.items.map((item, i) => {
    if ((support[i] ?? 0) === 0) {
      return { item, label: null, confidence: 0, support: 0, reason: records > 0 && enc.ignored > 0 ? 'no answer with a known label' : 'no answers' };
    }
    const best = chosen[i] as number;
    if (best < 0) return { item, label: null, confidence: 0, support: support[i] ?? 0, reason: noLabelReason };
    const posteriors: Record<string, number> = {};
    for (let k = 0; k < K; k++) setOwn(posteriors, enc.classes[k] as string, posterior[i * K + k] ?? 0);
    return { item, label: enc.classes[best] ?? null, confidence: posterior[i * K + best] ?? 0, posteriors, support: support[i] ?? 0 };
  });
}

/** Answers per item. */
export function supportOf(enc: EncodedAnswers): Int32Array {
  const support = new Int32Array(enc.items.length);
  for (let a = 0; a < enc.itemOf.length; a++) support[enc.itemOf[a] as number] = (support[enc.itemOf[a] as number] ?? 0) + 1;
  return support;
}

/** Per worker (by index in `enc.workers`): how many answers match the chosen labels, and how many answers in all. */
export function agreementCounts(enc: EncodedAnswers, chosen: Int32Array): { agreed: Float64Array; answers: Float64Array } {
  const agreed = new Float64Array(enc.workers.length);
  const answers = new Float64Array(enc.workers.length);
  for (let a = 0; a < enc.itemOf.length; a++) {
    const w = enc.workerOf[a] as number;
    answers[w] = (answers[w] ?? 0) + 1;
    if (chosen[enc.itemOf[a] as number] === enc.classOf[a]) agreed[w] = (agreed[w] ?? 0) + 1;
  }
  return { agreed, answers };
}

/** Each worker's share of answers that match the chosen labels (agreement with the consensus). */
export function agreementQuality(enc: EncodedAnswers, chosen: Int32Array): WorkerQuality[] {
  const { agreed, answers } = agreementCounts(enc, chosen);
  return enc.workers.map((worker, w) => ({ worker, quality: (answers[w] ?? 0) > 0 ? (agreed[w] ?? 0) / (answers[w] ?? 1) : 0, answers: answers[w] ?? 0 }));
}

/**
 * The result's worker list: `workers` (one per worker with a known-label answer, sorted) plus, with
 * quality 0 and no answer counted, each worker whose every answer had an unknown label, so a worker
 * who only typed labels outside `labels` shows up at 0 instead of vanishing from the table.
 */
export function everyWorker(workers: WorkerQuality[], enc: EncodedAnswers): WorkerQuality[] {
  if (enc.workersWithNoKnownLabel.length === 0) return workers;
  const unheard = enc.workersWithNoKnownLabel.map((worker) => ({ worker, quality: 0, answers: 0 }));
  return [...workers, ...unheard].sort((a, b) => compareIds(a.worker, b.worker));
}

/** Argmax per item of a posterior matrix (ties: lowest class index, within 1e-12; -1 without support). */
export function argmaxRows(posterior: Float64Array, items: number, K: number, support: Int32Array): Int32Array {
  const out = new Int32Array(items).fill(-1);
  for (let i = 0; i < items; i++) {
    if ((support[i] ?? 0) === 0) continue;
    let best = 0;
    for (let k = 1; k < K; k++) if ((posterior[i * K + k] ?? 0) > (posterior[i * K + best] ?? 0) + 1e-12) best = k;
    out[i] = best;
  }
  return out;
}

/** Vote counts per item and class (row-major items × classes). */
export function voteCounts(enc: EncodedAnswers): Float64Array {
  const K = enc.classes.length;
  const votes = new Float64Array(enc.items.length * K);
  for (let a = 0; a < enc.itemOf.length; a++) {
    const at = enc.itemOf[a]! * K + enc.classOf[a]!;
    votes[at] = votes[at]! + 1;
  }
  return votes;
}
