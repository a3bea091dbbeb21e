import { encodeClassAnswers } from '../encode.ts';
import { commonOptions } from '../options.ts';
import type { ClassOptions } from '../types.ts';
import { agreementQuality, argmaxRows, supportOf, voteCounts } from './results.ts';
import { weighted } from './weighted-vote.ts';
import { checked } from '../checked.ts';

/**
 * Wawa (worker agreement with aggregate): majority vote first, then each worker's weight is
 * their agreement with it, then a weighted vote with those weights. Ties as majority vote.
 * Confidence: the winner's share of the item's weight, like majority vote's a share and not a
 * probability. With workers who answer a few items each it runs high: a worker whose only item
 * went against them weighs 0 there, so a 2–1 split can read 1 (S_Rel subsets with a median of 2
 * answers per worker: 12 % of items at ≥ 0.99, 70 % of them right; bench/calibration.bench.ts).
 */
export const wawa = /* @__PURE__ */ checked<string, string, ClassOptions>({
  name: 'wawa',
  kind: 'class',
  description: 'Vote weighted by each worker\'s agreement with the majority; confidence: the winning weight share',
  optionSpecs: { labels: commonOptions.labels },
  consolidate(records, options = {}) {
    const enc = encodeClassAnswers(records, options.labels);
    const K = enc.classes.length;
    const votes = voteCounts(enc);
    const chosen = argmaxRows(votes, enc.items.length, K, supportOf(enc));
    const agreement = agreementQuality(enc, chosen);
    return weighted(enc, Float64Array.from(agreement.map((w) => w.quality)), records.length);
  },
});
