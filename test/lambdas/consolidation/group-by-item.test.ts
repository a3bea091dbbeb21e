import { describe, expect, it } from 'vitest';
import { groupByItem } from '../../../lambdas/consolidation/group-by-item.ts';

describe('groupByItem', () => {
  it('keeps items in first-seen order, and an item whose every record adds nothing keeps its place', () => {
    const records = [
      { item: 'b', worker: 'w1', answer: 1 },
      { item: 'a', worker: 'w1', answer: Number.NaN },
      { item: 'b', worker: 'w2', answer: 2 },
      { item: 'c', worker: 'w1', answer: 3 },
    ];
    const grouped = groupByItem(records, (r) => (Number.isNaN(r.answer) ? undefined : `${r.worker}:${r.answer}`));
    expect([...grouped]).toEqual([
      ['b', ['w1:1', 'w2:2']],
      ['a', []],
      ['c', ['w1:3']],
    ]);
  });

  it('treats item names such as __proto__ as data', () => {
    const grouped = groupByItem([{ item: '__proto__' }, { item: 'constructor' }], (r) => r.item);
    expect([...grouped.keys()]).toEqual(['__proto__', 'constructor']);
  });
});
