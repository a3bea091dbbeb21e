import { describe, expect, it } from 'vitest';
import { boxMerge, dawidSkene, dawidSkenePooled, oneCoinDawidSkene } from '../../../lambdas/consolidation/index.ts';
import type { AnswerRecord } from '../../../lambdas/consolidation/types.ts';

/** Seeded answers of `workers` workers on `items` items, classes a/b/c, each worker right about 70 % of the time. */
function answers(seed: number, items: number, workers: number, classes = ['a', 'b', 'c']): Array<AnswerRecord<string>> {
  let x = seed;
  const next = () => ((x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const out: Array<AnswerRecord<string>> = [];
  for (let i = 0; i < items; i++) {
    const truth = classes[i % classes.length] as string;
    for (let w = 0; w < workers; w++) if (next() < 0.8) out.push({ item: `${seed}-${i}`, worker: `w${w}`, answer: next() < 0.7 ? truth : (classes[Math.floor(next() * classes.length)] as string) });
  }
  return out;
}

describe('learning algorithms: states add up', () => {
  it.each([dawidSkene, dawidSkenePooled, oneCoinDawidSkene].map((a) => [a.name, a] as const))('%s: the state passed on is the prior merged with the batch’s own part, in either order', (_, algorithm) => {
    const first = algorithm.consolidate(answers(1, 40, 5));
    // The second batch brings a class the first never saw, and a worker of its own.
    const second = algorithm.consolidate([...answers(2, 30, 4, ['a', 'b', 'd']), { item: 'x', worker: 'new', answer: 'a' }], { prior: first.state });
    const merge = algorithm.mergeStates!;
    expect(second.state).toEqual(merge([first.state!, second.batchState!]));
    const [ab, ba] = [merge([first.state!, second.batchState!]), merge([second.batchState!, first.state!])];
    expect([ab.classes, ba.classes]).toEqual([['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'd']]);
    const cellOf = (s: typeof ab, worker: string, truth: string, answered: string) => s.workers[worker]!.counts[s.classes.indexOf(truth) * s.classes.length + s.classes.indexOf(answered)];
    for (const worker of Object.keys(ab.workers)) for (const t of ab.classes) for (const a of ab.classes) expect(cellOf(ba, worker, t, a)).toBeCloseTo(cellOf(ab, worker, t, a)!, 6);
    // A worker absent from the second batch keeps the first batch's counts; answers add up.
    expect(second.state!.workers.w4?.answers).toBe(first.state!.workers.w4?.answers);
    expect(second.state!.workers.w0?.answers).toBe((first.state!.workers.w0?.answers ?? 0) + (second.batchState!.workers.w0?.answers ?? 0));
    expect(second.batchState!.workers.w4).toBeUndefined();
  });

  it('priorWeight changes how much the prior counts in the EM, not the state passed on', () => {
    const first = dawidSkene.consolidate(answers(1, 40, 5));
    const half = dawidSkene.consolidate(answers(2, 30, 4), { prior: first.state, priorWeight: 0.5 });
    const full = dawidSkene.consolidate(answers(2, 30, 4), { prior: first.state, priorWeight: 1 });
    // The state passed on is the prior as it was, plus this batch's part…
    expect(half.state!.workers.w4).toEqual(first.state!.workers.w4);
    expect(full.state!.workers.w4).toEqual(first.state!.workers.w4);
    // …and that part comes from an EM the weight did change (its soft counts differ).
    expect(half.batchState!.workers.w0?.counts).not.toEqual(full.batchState!.workers.w0?.counts);
  });

  it('box-merge: quality averaged over the boxes it was measured on, boxes summed', () => {
    const image = (item: string, worker: string, left: number) => ({ item, worker, answer: { boxes: [{ label: 'car', left, top: 10, width: 40, height: 30 }], imageWidth: 200, imageHeight: 100 } });
    const first = boxMerge.consolidate([image('i1', 'a', 10), image('i1', 'b', 11), image('i1', 'c', 90)]);
    const second = boxMerge.consolidate([image('i2', 'a', 10), image('i2', 'b', 60), image('i2', 'c', 61), image('i3', 'a', 10), image('i3', 'c', 10)], { prior: first.state });
    expect(second.state).toEqual(boxMerge.mergeStates!([first.state!, second.batchState!]));
    const { a: before } = first.state!.workers;
    const { a: part } = second.batchState!.workers;
    expect(second.state!.workers.a).toEqual({ quality: ((before?.quality ?? 0) * (before?.boxes ?? 0) + (part?.quality ?? 0) * (part?.boxes ?? 0)) / 3, boxes: 3 });
    expect(boxMerge.mergeStates!([second.batchState!, first.state!])).toEqual(second.state);
  });
});
