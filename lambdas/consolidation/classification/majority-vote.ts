import { encodeClassAnswers } from '../encode.ts';
import { commonOptions } from '../options.ts';
import type { ClassOptions } from '../types.ts';
import { agreementQuality, argmaxRows, everyWorker, itemResults, supportOf, voteCounts } from './results.ts';
import { checked } from '../checked.ts';

/**
 * Majority vote. Model: every answer counts once. Posteriors are vote shares; confidence is
 * the winner's share. Ties go to the class listed first (`labels` order, else alphabetical),
 * never to chance, so the same input always gives the same output. Worker quality: agreement
 * with the majority label.
 *
 * The share is not a probability of being right: with many answers per item it is too low (D_PosSent,
 * 20 answers: right 0.93 of the time, ECE 0.24), and a unanimous 3–0 reads 1 (S_Rel: 8 % of items at
 * ≥ 0.99, 75 % of them right; bench/calibration.bench.ts). It is kept as the share because it says
 * what happened on the item, and it ranks items for a re-check as well as anything the votes alone give.
 */
export const majorityVote = /* @__PURE__ */ checked<string, string, ClassOptions>({
  name: 'majority-vote',
  kind: 'class',
  description: 'Majority vote; ties to the first class in label order; confidence: the winning vote share',
  optionSpecs: { labels: commonOptions.labels },
  consolidate(records, options = {}) {
    const enc = encodeClassAnswers(records, options.labels);
    const K = enc.classes.length;
    const votes = voteCounts(enc);
    const support = supportOf(enc);
    for (let i = 0; i < enc.items.length; i++) {
      const s = support[i] ?? 0;
      if (s > 0) for (let k = 0; k < K; k++) votes[i * K + k] = (votes[i * K + k] ?? 0) / s;
    }
    const chosen = argmaxRows(votes, enc.items.length, K, support);
    return { items: itemResults(enc, votes, support, records.length, chosen), workers: everyWorker(agreementQuality(enc, chosen), enc) };
  },
});
