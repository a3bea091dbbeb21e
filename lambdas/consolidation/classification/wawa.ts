import { encodeClassAnswers } from '../encode.ts';
import { commonOptions } from '../options.ts';
import type { ClassOptions, SpecsFor } from '../types.ts';
import { agreementCounts, argmaxRows, supportOf, voteCounts } from './results.ts';
import { weighted } from './weighted-vote.ts';
import { checked } from '../checked.ts';

export interface WawaOptions extends ClassOptions {
  /**
   * Pseudo-answers at the crowd's agreement rate added to each worker's own before their weight is
   * taken (default 2, set on bench/calibration.bench.ts). 0 weighs each worker by their raw rate,
   * as before.
   */
  agreementPrior?: number;
}

const wawaOptionSpecs = {
  labels: commonOptions.labels,
  agreementPrior: { kind: 'number', min: 0, default: 2, what: "pseudo-answers at the crowd's agreement rate behind each worker's weight (0: the worker's own rate)" },
} as const satisfies SpecsFor<WawaOptions>;

/**
 * Wawa (worker agreement with aggregate): majority vote first, then each worker's weight is
 * their agreement with it, then a weighted vote with those weights. Ties as majority vote.
 * Confidence: the winner's share of the item's weight, like majority vote's a share and not a
 * probability.
 *
 * A raw agreement rate is 1 or 0 for a worker with one answer, so a lone sparse worker who went
 * against the majority weighed 0 and a 2–1 split read confidence 1. Each worker's rate is therefore
 * shrunk towards the crowd's: (agreed + s × crowd rate) / (answers + s), s = `agreementPrior`. It
 * dominates for a worker seen once or twice and fades for one with dozens of answers (as DS's
 * `confidencePrior` does, calibration.ts). The workers' reported quality stays the raw agreement.
 *
 * On bench/calibration.bench.ts, mean ECE over its 18 settings is 0.107 raw and 0.100 at 2 (0.100
 * at 1, 0.104 at 5 and 10); on its simulated sparse crowd 0.081 → 0.065, and the items at ≥ 0.99
 * fall from 61 % to 42 % (the unanimous ones, as in majority vote). Labels change too: on the seven
 * published sets accuracy is equal or better at 2 (S_Rel 0.5574 → 0.5581, Dog 0.8290 → 0.8302),
 * where 5 and 10 lose a few S_Rel items. Still a share, not a probability: on the D_PosSent subsets,
 * where the raw weights happened to fit, ECE rises from 0.077 to 0.164.
 */
export const wawa = /* @__PURE__ */ checked<string, string, WawaOptions>({
  name: 'wawa',
  kind: 'class',
  description: 'Vote weighted by each worker\'s agreement with the majority; confidence: the winning weight share',
  optionSpecs: wawaOptionSpecs,
  consolidate(records, options = {}) {
    const enc = encodeClassAnswers(records, options.labels);
    const K = enc.classes.length;
    const votes = voteCounts(enc);
    const chosen = argmaxRows(votes, enc.items.length, K, supportOf(enc));
    const strength = options.agreementPrior ?? wawaOptionSpecs.agreementPrior.default;
    return weighted(enc, shrunkWeights(agreementCounts(enc, chosen), strength), records.length);
  },
});

/**
 * Each worker's agreement rate pulled towards the crowd's by `strength` pseudo-answers. Every
 * encoded worker has at least one answer, so no denominator is 0.
 */
function shrunkWeights({ agreed, answers }: { agreed: Float64Array; answers: Float64Array }, strength: number): Float64Array {
  let crowdAgreed = 0;
  let crowdAnswers = 0;
  for (let w = 0; w < answers.length; w++) {
    crowdAgreed += agreed[w] as number;
    crowdAnswers += answers[w] as number;
  }
  const crowdRate = crowdAnswers > 0 ? crowdAgreed / crowdAnswers : 0;
  return Float64Array.from(answers, (n, w) => ((agreed[w] as number) + strength * crowdRate) / (n + strength));
}
