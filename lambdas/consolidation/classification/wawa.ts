import { encodeClassAnswers } from '../encode.ts';
import { commonOptions } from '../options.ts';
import type { ClassOptions } from '../types.ts';
import { agreementQuality, argmaxRows, supportOf, voteCounts } from './results.ts';
import { weighted } from './weighted-vote.ts';
import { checked } from '../checked.ts';

/**
 * Wawa (worker agreement with aggregate): majority vote first, then each worker's weight is
 * their agreement with it, then a weighted vote with those weights. Ties as majority vote.
 */
export const wawa = /* @__PURE__ */ checked<string, string, ClassOptions>({
  name: 'wawa',
  kind: 'class',
  description: 'Vote weighted by each worker\'s agreement with the majority',
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
