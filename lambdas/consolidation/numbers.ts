import type { Algorithm, ItemResult, WorkerQuality } from './types.ts';

/**
 * Numbers (sliders, counts, scores): the median, robust to an outlier. Confidence: the share of
 * answers within one median absolute deviation of it (1 when they all agree). Worker quality:
 * 1 / (1 + mean |answer − median| / scale), scale = the answers' overall MAD.
 */
export const numberMedian: Algorithm<number, number> = {
  name: 'median',
  kind: 'number',
  description: 'Median of numeric answers',
  consolidate(records) {
    const valid = records.filter((r) => typeof r.answer === 'number' && Number.isFinite(r.answer));
    const byItem = new Map<string, Array<{ worker: string; v: number }>>();
    for (const r of valid) {
      const list = byItem.get(r.item) ?? [];
      list.push({ worker: r.worker, v: r.answer });
      byItem.set(r.item, list);
    }
    const medians = new Map<string, number>();
    const items: Array<ItemResult<number>> = [];
    for (const [item, list] of byItem) {
      const m = median(list.map((x) => x.v));
      medians.set(item, m);
      const mad = median(list.map((x) => Math.abs(x.v - m)));
      const within = list.filter((x) => Math.abs(x.v - m) <= mad + 1e-12).length;
      items.push({ item, label: m, confidence: within / list.length, support: list.length });
    }
    const scale = median(valid.map((r) => Math.abs(r.answer - (medians.get(r.item) ?? r.answer)))) || 1;
    const errors = new Map<string, { sum: number; n: number }>();
    for (const r of valid) {
      const e = errors.get(r.worker) ?? { sum: 0, n: 0 };
      e.sum += Math.abs(r.answer - (medians.get(r.item) ?? r.answer));
      e.n++;
      errors.set(r.worker, e);
    }
    const workers: WorkerQuality[] = [...errors].sort((a, b) => a[0].localeCompare(b[0])).map(([worker, e]) => ({ worker, quality: 1 / (1 + e.sum / e.n / scale), answers: e.n }));
    return { items, workers };
  },
};

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length === 0 ? Number.NaN : s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
