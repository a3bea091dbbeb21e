import { describe, expect, it } from 'vitest';
import { boxMerge, dawidSkene, getAlgorithm } from '../../../lambdas/consolidation/index.ts';
import { readBoxMergeState, readDawidSkeneState } from '../../../lambdas/consolidation/state-check.ts';

const r = (item: string, worker: string, answer: string) => ({ item, worker, answer });

describe('carried state readers', () => {
  it('accept what the algorithms write, after a JSON round trip', () => {
    const ds = JSON.parse(JSON.stringify(dawidSkene.consolidate([r('1', 'a', 'x'), r('1', 'b', 'y')]).state));
    expect(readDawidSkeneState(ds, 'dawid-skene')).toEqual(ds);
    expect(dawidSkene.readState?.(ds)).toEqual(ds);
    const box = JSON.parse(JSON.stringify(boxMerge.consolidate([{ item: 'i', worker: 'a', answer: { boxes: [{ left: 1, top: 1, width: 5, height: 5, label: 'p' }] } }]).state));
    expect(readBoxMergeState(box)).toEqual(box);
  });

  it('name every problem of a damaged Dawid–Skene state with its path', () => {
    expect(() => readDawidSkeneState(null, 'dawid-skene')).toThrow('the carried dawid-skene state does not fit: (root): expected an object, got null');
    expect(() => readDawidSkeneState({ version: 2, algorithm: 'dawid-skene-pooled', classes: ['a'], classCounts: [1], workers: {} }, 'dawid-skene')).toThrow(
      'does not fit: version: expected 1, got 2; algorithm: expected "dawid-skene", got "dawid-skene-pooled"',
    );
    expect(() => readDawidSkeneState({ version: 1, algorithm: 'dawid-skene', classes: ['a', 'a'], classCounts: [1, -1], workers: [] }, 'dawid-skene')).toThrow(
      'workers: expected an object, got array; classes: has a class twice; classCounts: expected 2 counts ≥ 0 (one per class)',
    );
    const workers = { 'worker 1': { counts: [1, 2, 3, Number.NaN], answers: 1 }, w2: 'x', w3: { counts: [0, 0, 0, 0] } };
    expect(() => readDawidSkeneState({ version: 1, algorithm: 'dawid-skene', classes: ['a', 'b'], classCounts: [1, 1], workers }, 'dawid-skene')).toThrow(
      'workers["worker 1"].counts: expected 4 counts ≥ 0 (2 classes squared); workers.w2: expected an object, got string; workers.w3.answers: expected a count ≥ 0, got undefined',
    );
    // A huge damaged state reports the first five problems and how many more.
    const many = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`w${i}`, { counts: [], answers: 0 }]));
    expect(() => readDawidSkeneState({ version: 1, algorithm: 'dawid-skene', classes: ['a'], classCounts: [0], workers: many }, 'dawid-skene')).toThrow(/w4\.counts: expected 1 counts ≥ 0 \(1 classes squared\); and 9995 more$/);
  });

  it('name every problem of a damaged box-merge state', () => {
    expect(() => readBoxMergeState({ version: 1, algorithm: 'box-merge', workers: { a: { quality: 1.5, boxes: 2 }, b: { quality: 0.5, boxes: -1 } } })).toThrow(
      'the carried box-merge state does not fit: workers.a.quality: expected a number in [0, 1], got 1.5; workers.b.boxes: expected a count ≥ 0, got -1',
    );
  });

  it('algorithm names are looked up as own keys: "toString" is unknown, not a function', () => {
    expect(() => getAlgorithm('toString')).toThrow(/unknown consolidation algorithm "toString"/);
    expect(() => getAlgorithm('__proto__')).toThrow(/unknown consolidation algorithm "__proto__"/);
  });
});
