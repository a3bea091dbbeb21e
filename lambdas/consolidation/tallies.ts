import { compareIds } from './order.ts';
import type { WorkerQuality } from './types.ts';

// Per-worker bookkeeping shared by the algorithms; not exported from gtkit/consolidation.

/** Per-worker tallies as results, sorted by worker id ({@link compareIds}), the same on every machine. */
export function workerQualities<T>(tallies: ReadonlyMap<string, T>, read: (tally: T) => { quality: number; answers: number }): WorkerQuality[] {
  return [...tallies].sort((a, b) => compareIds(a[0], b[0])).map(([worker, tally]) => ({ worker, ...read(tally) }));
}

/**
 * For clustering algorithms (spans, keypoints): an answer with no usable mark counts once for its
 * worker, so every worker gets a quality and one who never marks anything is seen: right when it
 * marked nothing at all and the item kept nothing, wrong otherwise.
 */
export function countUnmarked(hits: Map<string, { hit: number; total: number }>, answers: ReadonlyArray<{ worker: string; marked: number; usable: number }>, kept: number): void {
  for (const a of answers) {
    if (a.usable > 0) continue;
    const h = hits.get(a.worker) ?? { hit: 0, total: 0 };
    h.total++;
    if (a.marked === 0 && kept === 0) h.hit++;
    hits.set(a.worker, h);
  }
}

/**
 * The confidence of an item where nothing was kept: the share of its answers that marked nothing
 * at all. An answer whose marks were all unusable (NaN, no extent) is no vote for "nothing here".
 */
export function shareMarkingNothing(answers: ReadonlyArray<{ marked: number }>): number {
  let none = 0;
  for (const a of answers) if (a.marked === 0) none++;
  return answers.length > 0 ? none / answers.length : 0;
}
