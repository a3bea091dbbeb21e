import { describe, expect, it } from 'vitest';
import { scoreAgainstGold } from '../../../lambdas/consolidation/index.ts';

describe('scoreAgainstGold', () => {
  it('gives accuracy, per-class precision, recall and F1, and a confusion matrix with a column for undecided items', () => {
    const predicted = new Map<string, string | null>([['1', 'cat'], ['2', 'cat'], ['3', 'dog'], ['4', null], ['5', 'bird']]);
    const gold = new Map([['1', 'cat'], ['2', 'dog'], ['3', 'dog'], ['4', 'dog'], ['6', 'cat']]);
    const s = scoreAgainstGold(predicted, gold, ['dog', 'cat']);
    expect(s).toMatchObject({ scored: 4, missing: 1, accuracy: 0.5 });
    // The given order first; an item without gold (5) is not scored, so bird never appears.
    expect(s.confusion).toEqual({ labels: ['dog', 'cat'], matrix: [[1, 1, 1], [0, 1, 0]] });
    expect(s.classes).toEqual([
      { label: 'dog', precision: 1, recall: 1 / 3, f1: 0.5, support: 3 },
      { label: 'cat', precision: 0.5, recall: 1, f1: 2 / 3, support: 1 },
    ]);
    expect(s.macroF1).toBeCloseTo((0.5 + 2 / 3) / 2, 12);
  });

  it('a predicted class gold never holds gets its row and column, with recall 0 and no support', () => {
    const s = scoreAgainstGold(new Map([['1', 'fox']]), new Map([['1', 'cat']]));
    expect(s.confusion.labels).toEqual(['cat', 'fox']);
    expect(s.classes[1]).toEqual({ label: 'fox', precision: 0, recall: 0, f1: 0, support: 0 });
    expect(s.macroF1).toBe(0);
  });
});
