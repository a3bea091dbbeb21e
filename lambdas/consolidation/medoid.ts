import type { ItemResult, WorkerQuality } from './types.ts';

/**
 * The "most central answer" choice shared by polygons and free text: per item, the answer with
 * the highest mean similarity to the other workers' answers wins (ties to the worker id sorted
 * first). Confidence: that mean similarity. Worker quality: mean similarity of their answers to
 * the chosen ones.
 */
export function medoidConsolidation<A>(records: ReadonlyArray<{ item: string; worker: string; answer: A }>, similarity: (a: A, b: A) => number): { items: Array<ItemResult<A>>; workers: WorkerQuality[] } {
  const byItem = new Map<string, Array<{ worker: string; answer: A }>>();
  for (const r of records) {
    const list = byItem.get(r.item) ?? [];
    list.push({ worker: r.worker, answer: r.answer });
    byItem.set(r.item, list);
  }
  const quality = new Map<string, { sum: number; n: number }>();
  const items: Array<ItemResult<A>> = [];
  for (const [item, answers] of byItem) {
    const sorted = [...answers].sort((a, b) => a.worker.localeCompare(b.worker));
    let best = -1;
    let bestScore = -1;
    sorted.forEach((a, i) => {
      let s = 0;
      sorted.forEach((b, j) => {
        if (i !== j) s += similarity(a.answer, b.answer);
      });
      const score = sorted.length > 1 ? s / (sorted.length - 1) : 0;
      if (score > bestScore + 1e-12) [best, bestScore] = [i, score];
    });
    const chosen = sorted[best];
    if (!chosen) {
      items.push({ item, label: null, confidence: 0, support: 0, reason: 'no answers' });
      continue;
    }
    for (const a of sorted) {
      const q = quality.get(a.worker) ?? { sum: 0, n: 0 };
      q.sum += a === chosen ? (sorted.length > 1 ? bestScore : 1) : similarity(a.answer, chosen.answer);
      q.n++;
      quality.set(a.worker, q);
    }
    items.push({ item, label: chosen.answer, confidence: sorted.length > 1 ? bestScore : 0, support: sorted.length });
  }
  const workers = [...quality].sort((a, b) => a[0].localeCompare(b[0])).map(([worker, q]) => ({ worker, quality: q.sum / q.n, answers: q.n }));
  return { items, workers };
}
