import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../../lambdas/consolidation/segmentation/rows.ts';
import { voteItem, type ItemVote } from '../../../lambdas/consolidation/segmentation/vote.ts';
import { seededRandom } from '../../../lambdas/task-types/define.ts';

// Without smoothing the vote compares, at each pixel, only background and the classes its answers
// hold there. Its results must be those of the vote over every class present, written out plainly
// below, with many classes and many ties: which class a tie goes to depends on the order classes
// are met in.

const width = 61;
const height = 37;
/** Answer weights: equal ones, halves that add up to one, one that doubles, and 0 (an answer that does not count). */
const weights = Float64Array.from([1, 1, 0.5, 0.5, 0, 2, 1]);

/**
 * Class maps of `answers.length` answers over 255 labels: each 4 × 4 tile has a few classes the
 * answers pick from (so they often disagree evenly), the first answer's from the upper labels and
 * the next ones' from anywhere, so the order the answers meet classes in is not the labels' order.
 */
function classMaps(seed: number): Uint8Array[] {
  const random = seededRandom(seed);
  const pick = (from: number, to: number) => from + Math.floor(random() * (to - from));
  const tiles = Array.from({ length: Math.ceil(height / 4) * Math.ceil(width / 4) }, () => [0, pick(128, 256), pick(1, 256), pick(1, 256)]);
  return Array.from(weights, (_, j) => {
    const map = new Uint8Array(width * height);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const pool = tiles[Math.floor(y / 4) * Math.ceil(width / 4) + Math.floor(x / 4)] as number[];
        // The first answer never paints background, so its classes come first; the others do.
        map[y * width + x] = j === 0 ? (pool[1 + pick(0, 3)] as number) : random() < 0.1 ? pick(1, 256) : (pool[pick(0, 4)] as number);
      }
    return map;
  });
}

/** The vote as first written: per pixel, every class present scored, background first, then in the order the answers meet them. */
function everyClassVote(maps: readonly Uint8Array[], output: Uint8Array): ItemVote {
  const order = [0];
  for (const map of maps) for (let k = 1; k < 256; k++) if (map.includes(k) && !order.includes(k)) order.push(k);
  const index = new Map(order.map((k, c) => [k, c]));
  const K = order.length;
  const total = weights.reduce((sum, w) => sum + w, 0);
  const shareSum = new Float64Array(K);
  const shareCount = new Float64Array(K);
  const inResult = new Float64Array(K);
  const inAnswer = maps.map(() => new Float64Array(K));
  const both = maps.map(() => new Float64Array(K));
  for (let p = 0; p < width * height; p++) {
    const votes = new Float32Array(K);
    maps.forEach((map, j) => {
      if (weights[j] !== 0) add(votes, index.get(map[p] as number) as number, weights[j] as number);
    });
    let best = -1;
    let chosen = 0;
    for (let c = 0; c < K; c++) {
      if ((votes[c] as number) > best + 1e-9 * total) {
        best = votes[c] as number;
        chosen = c;
      }
    }
    output[p] = order[chosen] as number;
    add(inResult, chosen);
    if ((votes[0] as number) < total * (1 - 1e-9)) {
      add(shareSum, chosen, Math.min(1, best / total));
      add(shareCount, chosen);
    }
    maps.forEach((map, j) => {
      const a = index.get(map[p] as number) as number;
      add(inAnswer[j]!, a);
      if (a === chosen) add(both[j]!, a);
    });
  }
  const classConfidence = new Map<number, number>();
  let painted = 0;
  let sum = 0;
  for (let c = 0; c < K; c++) {
    if (shareCount[c] === 0) continue;
    painted += shareCount[c] as number;
    sum += shareSum[c] as number;
    classConfidence.set(order[c] as number, (shareSum[c] as number) / (shareCount[c] as number));
  }
  const agreement = Float64Array.from(maps, (_, j) => {
    let iou = 0;
    let classes = 0;
    for (let c = 1; c < K; c++) {
      const union = inAnswer[j]![c]! + inResult[c]! - both[j]![c]!;
      if (union === 0) continue;
      iou += both[j]![c]! / union;
      classes++;
    }
    return classes === 0 ? 1 : iou / classes;
  });
  return { confidence: painted === 0 ? 1 : sum / painted, classConfidence, agreement };
}

/** Adds `v` to entry `i` (in a Float32Array, rounded to Float32 as stored). */
function add(values: Float32Array | Float64Array, i: number, v = 1): void {
  values[i] = (values[i] as number) + v;
}

/** voteItem over the maps, unsmoothed: its result and its mask. */
function plainVote(maps: readonly Uint8Array[]): { vote: ItemVote; mask: Uint8Array } {
  const answers = maps.map((map) => {
    const seen = new Uint8Array(256);
    for (const k of map) seen[k] = 1;
    return { seen, open: () => rowsOf(map, width) };
  });
  const mask = new Uint8Array(width * height);
  const vote = voteItem(answers, { width, height }, weights, { smoothing: 0, radius: 2, windowBytes: 0 }, (y) => mask.subarray(y * width, (y + 1) * width));
  return { vote, mask };
}

describe('the vote without smoothing, many classes', () => {
  for (const seed of [1, 2, 3]) {
    it(`gives the every-class vote's mask, confidences and agreement to the bit (seed ${seed})`, () => {
      const maps = classMaps(seed);
      const expectedMask = new Uint8Array(width * height);
      const expected = everyClassVote(maps, expectedMask);
      const { vote, mask } = plainVote(maps);
      // Many classes, in an order not the labels', and many ties for them to settle.
      expect(expected.classConfidence.size).toBeGreaterThan(100);
      expect(mask).toEqual(expectedMask);
      expect(vote.confidence).toBe(expected.confidence);
      expect([...vote.classConfidence]).toEqual([...expected.classConfidence]);
      expect(Array.from(vote.agreement)).toEqual(Array.from(expected.agreement));
    });
  }

  it('settles ties as the every-class vote does: background, then the classes in the order the answers meet them', () => {
    const maps = classMaps(1);
    const { mask } = plainVote(maps);
    // Pixels where two classes, or a class and background, tie for the most votes (the zero-weight answer aside).
    let ties = 0;
    let toLaterLabel = 0;
    for (let p = 0; p < width * height; p++) {
      const votes = new Map<number, number>();
      maps.forEach((map, j) => votes.set(map[p] as number, (votes.get(map[p] as number) ?? 0) + (weights[j] as number)));
      const most = Math.max(...votes.values());
      const leaders = [...votes].filter(([, v]) => v === most).map(([k]) => k);
      if (leaders.length < 2) continue;
      ties++;
      if ((mask[p] as number) > Math.min(...leaders)) toLaterLabel++;
    }
    expect(ties).toBeGreaterThan(100);
    // Some ties go to a class met before a lower label: the labels' order would give another mask.
    expect(toLaterLabel).toBeGreaterThan(10);
  });
});
