import { describe, expect, it } from 'vitest';
import { maskFromAnswer, openMaskRows } from '../../../lambdas/consolidation/segmentation/masks.ts';
import { pixelVote, voteMasks } from '../../../lambdas/consolidation/segmentation/pixel-vote.ts';
import { decodePng, encodePng } from '../../../lambdas/consolidation/segmentation/png.ts';
import { writePng } from './segmentation-png-fixtures.ts';
import { digest, resultText, voteCases, voteLabels, type VoteRecord } from './segmentation-vote-fixtures.ts';

// The vote reads its answers side by side a few rows at a time. Its results (each image's mask
// PNG, confidences, reasons, each worker's quality) must be those of the whole-image vote it
// replaced: these digests were taken from that vote, before the change.

/** Case name → digest of resultText, from the whole-image vote. */
const WHOLE_IMAGE_VOTE: Array<[string, string]> = [
  ['spammers, defaults', '5f10d45427ed468f'],
  ['spammers, no weighting', '4050494ec57b0f52'],
  ['spammers, smoothing 0.75 r 2, 2 rounds', 'b41bf26f2c2d1eb6'],
  ['smoothing 0.5 r 7, tall odd image', '7c9e133faa837a24'],
  ['smoothing 1 r 50 past every edge', 'ca664e8603225989'],
  ['one row', '54626ff3416570d6'],
  ['one row, smoothing r 3', '4ad0204161167ca7'],
  ['one column, smoothing r 3', 'c25b36d877776ef2'],
  ['one pixel, smoothing r 1', '8456230373d1da97'],
  ['tiny and huge weights, smoothing r 4', 'ac7f9a2e52e09e64'],
  ['a damaged answer and one of another size left out, smoothing r 1', '8de26a1f6fe1d824'],
  ['wide band-straddling image, smoothing r 2', 'b35f8722c36c5495'],
];

/** Nothing kept: every round reads the PNGs again, and the smoothing's sums are added up again from the answers' rows as needed. */
const nothingKept = { answerPixels: 0, batchPixels: 0, itemPixels: 0, windowBytes: 0 };
/** The first read's maps held for the item's first vote only: the later rounds read the PNGs again. */
const heldOnce = { answerPixels: 0, batchPixels: 0, itemPixels: Infinity, windowBytes: Infinity };

describe('pixel-vote row by row', () => {
  it('covers every identity case', () => {
    expect(voteCases.map((c) => c.name)).toEqual(WHOLE_IMAGE_VOTE.map(([name]) => name));
  });

  for (const [name, expected] of WHOLE_IMAGE_VOTE) {
    const c = voteCases.find((v) => v.name === name)!;
    it(`gives the whole-image vote's results: ${name}`, () => {
      const records = c.records();
      const options = { labels: voteLabels, ...c.options };
      // Small answers' class maps (and the smoothing's sums) are kept; with none kept, every round reads the PNGs again.
      expect(digest(resultText(pixelVote.consolidate(records, options)))).toBe(expected);
      expect(digest(resultText(voteMasks(records, options, nothingKept)))).toBe(expected);
      expect(digest(resultText(voteMasks(records, options, heldOnce)))).toBe(expected);
    });
  }

  describe('with interlaced answers', () => {
    const c = voteCases.find((v) => v.name === 'spammers, smoothing 0.75 r 2, 2 rounds')!;
    const options = { labels: voteLabels, ...c.options };
    const interlaced: VoteRecord[] = c.records().map((r, i) => (i % 2 === 0 ? r : { ...r, answer: { ...r.answer, png: adam7(r.answer.png as Uint8Array) } }));
    /** One item's answers (5 of 53 × 41). */
    const itemPixels = 5 * 53 * 41;

    it("gives the whole-image vote's results, kept, held or read again", () => {
      expect(interlaced.filter((r) => r.answer.png[28] === 1)).toHaveLength(12);
      // The whole-image vote's digest for these very answers, half of them Adam7 (b950537).
      for (const keep of [undefined, nothingKept, heldOnce]) expect(digest(resultText(voteMasks(interlaced, options, keep)))).toBe('b41bf26f2c2d1eb6');
    });

    it("keeps their maps within the batch's cap and holds the others for one item's vote at a time", () => {
      // Room for two answers' maps: the other ten are decoded again for each vote.
      const keep = { answerPixels: Infinity, batchPixels: 2 * 53 * 41 + 100, itemPixels: 0, windowBytes: 0 };
      const held = { keptPixels: 0, mostItemPixels: 0 };
      expect(digest(resultText(voteMasks(interlaced, options, keep, held)))).toBe('b41bf26f2c2d1eb6');
      expect(held.keptPixels).toBe(2 * 53 * 41);
      expect(held.mostItemPixels).toBeGreaterThan(0);
      expect(held.mostItemPixels).toBeLessThanOrEqual(itemPixels);
    });
  });
});

describe('pixel-vote ties', () => {
  it('go to the label met first in the answers, as the whole-image vote gave them', () => {
    const paint = (colour: number[]) => ({ png: encodePng({ width: 2, height: 1, data: Uint8Array.from([...colour, 255, 0, 0, 0, 0]) }), labelMappings: { cat: { color: '#d62728' }, dog: { color: '#2ca02c' } } });
    const vote = (first: number[], second: number[]) => pixelVote.consolidate([{ item: 'a', worker: 'w1', answer: paint(first) }, { item: 'a', worker: 'w2', answer: paint(second) }], { labels: ['cat', 'dog'], qualityRounds: 0 }).items[0]!.label!.classes;
    // One worker cat, one dog, on the first pixel: the first answer's label wins, whichever it is.
    expect(Array.from(vote([44, 160, 44], [214, 39, 40]))).toEqual([2, 0]);
    expect(Array.from(vote([214, 39, 40], [44, 160, 44]))).toEqual([1, 0]);
  });
});

describe('openMaskRows', () => {
  it("pulls maskFromAnswer's rows, plain and Adam7, several answers side by side", () => {
    const answers = voteCases[2]!.records().slice(0, 3).map((r, i) => (i === 1 ? { ...r.answer, png: adam7(r.answer.png as Uint8Array) } : r.answer));
    const whole = answers.map((a) => maskFromAnswer(a, voteLabels));
    const readers = answers.map((a) => openMaskRows(a, voteLabels));
    const { width, height } = whole[0]!;
    for (let y = 0; y < height; y++)
      readers.forEach((reader, j) => expect(reader()).toEqual(whole[j]!.classes.subarray(y * width, (y + 1) * width)));
  });

  it('checks the size against imageSize before reading a row', () => {
    const answer = voteCases[0]!.records()[0]!.answer;
    expect(() => openMaskRows({ ...answer, imageSize: { width: 5, height: 5 } }, voteLabels)).toThrow(/the mask is 37 × 23, but the image is 5 × 5 \(inputImageProperties\)/);
  });
});

/** The same pixels written as an Adam7 PNG (8-bit RGBA). */
function adam7(png: Uint8Array): Uint8Array {
  const { width, height, data } = decodePng(png);
  return writePng({ width, height, colourType: 6, bitDepth: 8, interlace: true, sample: (x, y) => Array.from(data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)) });
}
