import { encodeClassAnswers } from '../encode.ts';
import { commonOptions } from '../options.ts';
import type { ClassOptions, SpecsFor } from '../types.ts';
import { agreementQuality, argmaxRows, everyWorker, itemResults, supportOf, zeroWeightReason } from './results.ts';
import { getOwn } from '../../contracts/own-property.ts';
import { checked } from '../checked.ts';

export interface WeightedVoteOptions extends ClassOptions {
  /** Weight per worker id; workers not listed weigh `defaultWeight`. */
  weights?: Record<string, number>;
  defaultWeight?: number;
}

/**
 * Weighted vote with given worker weights (e.g. from a qualification test or an earlier job).
 * Posteriors are weight shares; ties go to the first class in label order. An item whose answers
 * all weigh 0 (every worker it had is weighted 0) gets `label: null` and a reason.
 */
const weightedVoteOptionSpecs = {
  labels: commonOptions.labels,
  weights: commonOptions.weights,
  defaultWeight: { kind: 'number', min: 0, default: 1, what: 'the weight of workers not in `weights`' },
} as const satisfies SpecsFor<WeightedVoteOptions>;

export const weightedVote = /* @__PURE__ */ checked<string, string, WeightedVoteOptions>({
  name: 'weighted-vote',
  kind: 'class',
  description: 'Vote weighted by given per-worker weights; confidence: the winning weight share',
  optionSpecs: weightedVoteOptionSpecs,
  consolidate(records, options = {}) {
    const enc = encodeClassAnswers(records, options.labels);
    const weights = enc.workers.map((w) => Math.max(0, getOwn(options.weights, w) ?? options.defaultWeight ?? weightedVoteOptionSpecs.defaultWeight.default));
    return weighted(enc, Float64Array.from(weights), records.length);
  },
});

/**
 * Shared by weighted vote and Wawa: votes weighted per worker, normalised per item. An item whose
 * answers all weigh 0 gets no label (and a reason) rather than the first class, which nobody chose.
 * The result is the algorithm's own: each worker's agreement with the chosen labels, every worker listed.
 */
export function weighted(enc: ReturnType<typeof encodeClassAnswers>, weights: Float64Array, records: number) {
  const K = enc.classes.length;
  const mass = new Float64Array(enc.items.length * K);
  const total = new Float64Array(enc.items.length);
  for (let a = 0; a < enc.itemOf.length; a++) {
    const i = enc.itemOf[a] as number;
    const w = weights[enc.workerOf[a] as number] ?? 0;
    mass[i * K + (enc.classOf[a] as number)] = (mass[i * K + (enc.classOf[a] as number)] ?? 0) + w;
    total[i] = (total[i] ?? 0) + w;
  }
  for (let i = 0; i < enc.items.length; i++) {
    const t = total[i] ?? 0;
    for (let k = 0; k < K; k++) mass[i * K + k] = t > 0 ? (mass[i * K + k] ?? 0) / t : 1 / K;
  }
  const support = supportOf(enc);
  const chosen = argmaxRows(mass, enc.items.length, K, support);
  for (let i = 0; i < enc.items.length; i++) if ((support[i] ?? 0) > 0 && total[i] === 0) chosen[i] = -2;
  return { items: itemResults(enc, mass, support, records, chosen, zeroWeightReason), workers: everyWorker(agreementQuality(enc, chosen), enc) };
}
