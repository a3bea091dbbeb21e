import { describe, expect, it } from 'vitest';
import { algorithmKinds } from '../../../lambdas/consolidation/algorithm-kinds.ts';
import { algorithms } from '../../../lambdas/consolidation/registry.ts';

// The config check names a misplaced algorithm's kind from this table, without importing any algorithm.
describe('algorithmKinds', () => {
  it('names every registered algorithm, and no other, with the kind the algorithm itself declares', () => {
    expect(algorithmKinds).toEqual(Object.fromEntries(Object.values(algorithms).map((a) => [a.name, a.kind])));
  });
});
