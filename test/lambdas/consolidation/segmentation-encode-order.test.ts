import { describe, expect, it, vi } from 'vitest';
import { encodePng } from '../../../lambdas/consolidation/segmentation/png.ts';

// What pixel-vote does, in order: each vote (by the width of its image) and each mask encoded.
const log = vi.hoisted(() => [] as string[]);

vi.mock('../../../lambdas/consolidation/segmentation/vote.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../lambdas/consolidation/segmentation/vote.ts')>();
  return {
    ...original,
    voteItem: (...args: Parameters<typeof original.voteItem>) => {
      log.push(`vote ${args[1].width}`);
      return original.voteItem(...args);
    },
  };
});
vi.mock('../../../lambdas/consolidation/segmentation/png.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../lambdas/consolidation/segmentation/png.ts')>();
  return {
    ...original,
    IndexedPngWriter: class extends original.IndexedPngWriter {
      override finish() {
        log.push(`encode ${this.width}`);
        return super.finish();
      }
    },
  };
});

const { pixelVote } = await import('../../../lambdas/consolidation/segmentation/pixel-vote.ts');

/** A `width` × 2 answer painted cat in its first `painted` columns (the rest transparent). */
function answer(width: number, painted: number) {
  const data = new Uint8Array(width * 2 * 4);
  for (let y = 0; y < 2; y++) for (let x = 0; x < painted; x++) data.set([214, 39, 40, 255], (y * width + x) * 4);
  return { png: encodePng({ width, height: 2, data }), labelMappings: { cat: { color: '#d62728' } } };
}

/** Images told apart by their width (4, 5, 6), each answered by three workers who disagree a little. */
const records = [4, 5, 6].flatMap((width) => [1, 2, 3].map((painted, w) => ({ item: `w${width}`, worker: `w${w}`, answer: answer(width, painted) })));

describe('pixel-vote keeps no class map past its image', () => {
  it("encodes each image's mask as soon as it is voted, before the next image is voted; the rounds before the result encode none", () => {
    log.length = 0;
    const out = pixelVote.consolidate(records, { labels: ['cat'] });
    expect(log).toEqual(['vote 4', 'vote 5', 'vote 6', 'vote 4', 'encode 4', 'vote 5', 'encode 5', 'vote 6', 'encode 6']);
    // Each label holds the PNG and no class map: only `classes`, read, decodes one.
    for (const item of out.items) {
      const label = item.label!;
      const arrays = Object.values(label).filter((v) => ArrayBuffer.isView(v));
      expect(arrays).toEqual([label.png]);
      expect(label.classes).toHaveLength(label.width * 2);
    }
  });

  it('votes once more with weights that settled, encoding as it goes, so the result is those weights\' masks', () => {
    log.length = 0;
    const alike = [4, 5].flatMap((width) => [0, 1, 2].map((w) => ({ item: `w${width}`, worker: `w${w}`, answer: answer(width, 2) })));
    pixelVote.consolidate(alike, { labels: ['cat'], qualityRounds: 3 });
    expect(log).toEqual(['vote 4', 'vote 5', 'vote 4', 'encode 4', 'vote 5', 'encode 5']);
  });
});
