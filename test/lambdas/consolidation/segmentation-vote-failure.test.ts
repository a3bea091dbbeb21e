import { describe, expect, it, vi } from 'vitest';
import { encodePng } from '../../../lambdas/consolidation/segmentation/png.ts';

// The vote of a 7-pixel-wide image fails as an allocation past the memory would: the item must fail alone.
vi.mock('../../../lambdas/consolidation/segmentation/vote.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../lambdas/consolidation/segmentation/vote.ts')>();
  return {
    ...original,
    voteItem: (...args: Parameters<typeof original.voteItem>) => {
      if (args[1].width === 7) throw new RangeError('Array buffer allocation failed');
      return original.voteItem(...args);
    },
  };
});

const { pixelVote } = await import('../../../lambdas/consolidation/segmentation/pixel-vote.ts');

const mask = (width: number) => ({ png: encodePng({ width, height: 2, data: new Uint8Array(width * 2 * 4).fill(255) }), labelMappings: { cat: { color: '#d62728' } } });

describe('pixel-vote when an item cannot be voted', () => {
  it('gives that item a reason and votes the others', () => {
    const out = pixelVote.consolidate([
      { item: 'a', worker: 'w1', answer: mask(6) },
      { item: 'b', worker: 'w1', answer: mask(7) },
      { item: 'c', worker: 'w1', answer: mask(6) },
    ], { labels: ['cat'] });
    expect(out.items.map((i) => [i.item, i.label === null, i.reason])).toEqual([
      ['a', false, undefined],
      ['b', true, 'its masks could not be voted: Array buffer allocation failed'],
      ['c', false, undefined],
    ]);
  });
});
