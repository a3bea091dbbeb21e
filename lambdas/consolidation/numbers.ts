import { median } from './median.ts';
import type { ItemResult } from './types.ts';
import { workerQualities } from './tallies.ts';
import { checked } from './checked.ts';
import { groupByItem } from './group-by-item.ts';

/**
 * Numbers (sliders, counts, scores): the median, robust to an outlier. Confidence: the share of
 * answers within one median absolute deviation of it (1 when they all agree). Worker quality:
 * 1 / (1 + mean |answer − median| / scale), scale = the answers' overall MAD; 0 for a worker with
 * no finite answer. Answers that are not finite numbers are left out; an item with none left gets
 * `label: null` and a reason.
 * Deviations are measured on halved values, so answers near ±Number.MAX_VALUE cannot overflow
 * to Infinity (every ratio above is unchanged by the halving).
 */
export const numberMedian = /* @__PURE__ */ checked<number, number>({
  name: 'median',
  kind: 'number',
  description: 'Median of numeric answers',
  optionSpecs: {},
  consolidate(records) {
    const valid: Array<(typeof records)[number]> = [];
    // Every item keeps its place, in first-seen order, even when none of its answers is usable.
    const byItem = groupByItem(records, (r) => {
      if (typeof r.answer !== 'number' || !Number.isFinite(r.answer)) return undefined;
      valid.push(r);
      return { worker: r.worker, v: r.answer / 2 };
    });
    const medians = new Map<string, number>();
    const items: Array<ItemResult<number>> = [];
    for (const [item, list] of byItem) {
      if (list.length === 0) {
        items.push({ item, label: null, confidence: 0, support: 0, reason: 'no answer is a finite number' });
        continue;
      }
      const m = median(list.map((x) => x.v));
      medians.set(item, m);
      const mad = median(list.map((x) => Math.abs(x.v - m)));
      const within = list.filter((x) => Math.abs(x.v - m) <= mad + 1e-12).length;
      items.push({ item, label: m * 2, confidence: within / list.length, support: list.length });
    }
    const deviation = (r: { item: string; answer: number }) => Math.abs(r.answer / 2 - (medians.get(r.item) ?? r.answer / 2));
    const scale = median(valid.map(deviation)) || 1;
    // Every worker is listed; one without a finite answer has quality 0.
    const errors = new Map<string, { mean: number; n: number }>(records.map((r) => [r.worker, { mean: 0, n: 0 }]));
    for (const r of valid) {
      const e = errors.get(r.worker) as { mean: number; n: number };
      // A running mean, since a sum of large deviations could overflow.
      e.n++;
      e.mean += (deviation(r) - e.mean) / e.n;
    }
    return { items, workers: workerQualities(errors, (e) => ({ quality: e.n > 0 ? 1 / (1 + e.mean / scale) : 0, answers: e.n })) };
  },
});
