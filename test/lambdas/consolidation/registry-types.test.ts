import { describe, expect, expectTypeOf, it } from 'vitest';
import { algorithms, getAlgorithm, type AlgorithmName } from '../../../lambdas/consolidation/registry.ts';
import type { AnswerRecord } from '../../../lambdas/consolidation/types.ts';

// walk151 #5: algorithms picked by name were typed Algorithm<never, unknown, …>, so calling one needed casts.
describe('getAlgorithm: typed by name', () => {
  const records: Array<AnswerRecord<string>> = [
    { item: 'a', worker: 'w1', answer: 'cat' },
    { item: 'a', worker: 'w2', answer: 'cat' },
    { item: 'a', worker: 'w3', answer: 'dog' },
  ];

  it('a literal name gives that algorithm with its answer, label and option types', () => {
    const ds = getAlgorithm('dawid-skene');
    const result = ds.consolidate(records, { labels: ['cat', 'dog'], confidencePrior: 0 });
    expectTypeOf(result.items).toEqualTypeOf<Array<import('../../../lambdas/consolidation/types.ts').ItemResult<string>>>();
    expect(result.items[0]?.label).toBe('cat');
    // @ts-expect-error box-merge's option is not dawid-skene's
    expect(() => ds.consolidate(records, { iouThreshold: 0.5 })).toThrow(/iouThreshold/);
  });

  it('a loop over class algorithms by name type-checks and runs without casts', () => {
    const names = ['majority-vote', 'wawa', 'dawid-skene', 'one-coin-dawid-skene'] as const satisfies readonly AlgorithmName[];
    for (const name of names) {
      const label: string | null | undefined = getAlgorithm(name).consolidate(records, { labels: ['cat', 'dog'] }).items[0]?.label;
      expect(label).toBe('cat');
    }
  });

  it('every registered algorithm is filed under its own name, and any other string is refused', () => {
    for (const [name, algorithm] of Object.entries(algorithms)) expect(algorithm.name).toBe(name);
    expect(() => getAlgorithm('Dawid-Skene')).toThrow(/unknown consolidation algorithm "Dawid-Skene"/);
  });
});
