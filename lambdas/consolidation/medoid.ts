import { compareIds } from './order.ts';
import type { ItemResult, WorkerQuality } from './types.ts';
import { workerQualities } from './tallies.ts';
import { groupByItem } from './group-by-item.ts';

/**
 * The "most central answer" choice shared by polygons and free text: per item, the answer with
 * the highest mean similarity to the other workers' answers wins (ties to the worker id sorted
 * first, in code-unit order). Confidence: that mean similarity (0 for a lone answer). Worker
 * quality: mean similarity of their answers to the chosen ones (0 for a worker whose answers were
 * all left out). `similarity` must be symmetric: each pair is compared once, on what `prepare`
 * makes of each answer once. Answers `prepare` returns undefined for are left out; an item with
 * none left gets `label: null` and a reason, so no item disappears.
 */
export function medoidConsolidation<A, P = A>(
  records: ReadonlyArray<{ item: string; worker: string; answer: A }>,
  similarity: (a: P, b: P) => number,
  prepare: (answer: A) => P | undefined,
): { items: Array<ItemResult<A>>; workers: WorkerQuality[] } {
  const byItem = groupByItem(records, (r) => {
    const prepared = prepare(r.answer);
    return prepared === undefined ? undefined : { worker: r.worker, answer: r.answer, prepared };
  });
  // Every worker is listed: one whose answers were all unusable has quality 0.
  const quality = new Map<string, { sum: number; n: number }>(records.map((r) => [r.worker, { sum: 0, n: 0 }]));
  const items: Array<ItemResult<A>> = [];
  for (const [item, answers] of byItem) {
    const sorted = [...answers].sort((a, b) => compareIds(a.worker, b.worker));
    const n = sorted.length;
    if (n === 0) {
      items.push({ item, label: null, confidence: 0, support: 0, reason: 'no usable answers' });
      continue;
    }
    // The upper triangle of the similarity matrix, mirrored: each pair is compared once.
    const sim = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) sim[i * n + j] = sim[j * n + i] = similarity(sorted[i]!.prepared, sorted[j]!.prepared);
    let best = 0;
    let bestScore = -1;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) if (i !== j) s += sim[i * n + j] ?? 0;
      const score = n > 1 ? s / (n - 1) : 0;
      if (score > bestScore + 1e-12) [best, bestScore] = [i, score];
    }
    sorted.forEach((a, i) => {
      const q = quality.get(a.worker) as { sum: number; n: number };
      q.sum += i === best ? (n > 1 ? bestScore : 1) : (sim[i * n + best] ?? 0);
      q.n++;
    });
    items.push({ item, label: sorted[best]!.answer, confidence: n > 1 ? bestScore : 0, support: n });
  }
  return { items, workers: workerQualities(quality, (q) => ({ quality: q.n > 0 ? q.sum / q.n : 0, answers: q.n })) };
}
