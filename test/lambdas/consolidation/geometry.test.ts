import { describe, expect, it } from 'vitest';
import { boxMerge, iou, keypointMerge, multiLabelVote, numberMedian, polygonBestAgreement, sanitizeBox, spanVote, textMedoid, textSimilarity, type BoxAnswer } from '../../../lambdas/consolidation/index.ts';
import { levenshtein, textCodePoints } from '../../../lambdas/consolidation/text.ts';
import { seededRandom } from '../../../lambdas/task-types/define.ts';

const size = { width: 640, height: 480 };
const box = (label: string, left: number, top: number, width: number, height: number) => ({ label, left, top, width, height });
const answer = (...boxes: ReturnType<typeof box>[]): BoxAnswer => ({ boxes, imageSize: size });

describe('box-merge', () => {
  it('merges matching boxes by weighted median, votes the class, and gives a confidence per box', () => {
    const out = boxMerge.consolidate([
      { item: 'img', worker: 'a', answer: answer(box('car', 100, 100, 50, 50)) },
      { item: 'img', worker: 'b', answer: answer(box('car', 102, 98, 50, 52)) },
      { item: 'img', worker: 'c', answer: answer(box('truck', 98, 101, 51, 49)) },
    ]);
    const [merged] = out.items[0]?.label ?? [];
    expect(merged).toMatchObject({ label: 'car', left: 100, top: 100, workers: 3 });
    expect(merged?.confidence).toBeGreaterThan(0.9);
  });

  it('keeps noisy boxes of one small object together, yet two neighbours drawn by the same workers apart', () => {
    // Three workers box a 16-px-wide pedestrian a few pixels apart (pairwise IoU 0.24–0.49): a 0.5
    // join threshold splits them into single-worker clusters, which the quorum drops.
    const smallObject = [
      { item: 'img', worker: 'a', answer: answer(box('p', 100, 100, 16, 40)) },
      { item: 'img', worker: 'b', answer: answer(box('p', 102, 110, 16, 40)) },
      { item: 'img', worker: 'c', answer: answer(box('p', 94, 96, 18, 40)) },
    ];
    const small = boxMerge.consolidate(smallObject);
    expect(small.items[0]?.label).toHaveLength(1);
    expect(small.items[0]?.label?.[0]).toMatchObject({ left: 100, workers: 3 });
    expect(boxMerge.consolidate(smallObject, { iouThreshold: 0.5 }).items[0]?.label).toEqual([]);
    // Two pedestrians side by side, overlapping at IoU 0.40 (above the join threshold), each boxed
    // by all three workers: one box per worker per cluster keeps them apart.
    const pair = boxMerge.consolidate(['a', 'b', 'c'].map((worker, i) => ({ item: 'img', worker, answer: answer(box('p', 200 + i, 100, 40, 80), box('p', 217 + i, 100, 40, 80)) })));
    expect(iou(box('p', 200, 100, 40, 80), box('p', 217, 100, 40, 80))).toBeCloseTo(0.4, 2);
    expect(pair.items[0]?.label?.map((b) => [Math.round(b.left), b.workers])).toEqual([[201, 3], [218, 3]]);
  });

  it('handles an image with no boxes', () => {
    const out = boxMerge.consolidate([
      { item: 'empty', worker: 'a', answer: answer() },
      { item: 'empty', worker: 'b', answer: answer() },
    ]);
    expect(out.items[0]).toMatchObject({ label: [], confidence: 1 });
  });

  it('keeps at most one box per worker per cluster: a doubled box does not count twice', () => {
    const out = boxMerge.consolidate([
      { item: 'img', worker: 'a', answer: answer(box('p', 10, 10, 40, 80), box('p', 11, 10, 40, 80)) },
      { item: 'img', worker: 'b', answer: answer() },
      { item: 'img', worker: 'c', answer: answer() },
    ]);
    expect(out.items[0]?.label).toEqual([]);
  });

  it('sanitises boxes: clips to the image, flips negative sizes, drops NaN and empty ones', () => {
    expect(sanitizeBox(box('p', -10, -10, 50, 50), size)).toEqual(box('p', 0, 0, 40, 40));
    expect(sanitizeBox(box('p', 100, 100, -20, -30), size)).toEqual(box('p', 80, 70, 20, 30));
    expect(sanitizeBox(box('p', Number.NaN, 0, 1, 1), size)).toBe('a coordinate is not a finite number');
    expect(sanitizeBox(box('p', 700, 10, 5, 5), size)).toBe('the box has no area (inside the image)');
    expect(sanitizeBox(box('p', 5, 5, 0, 10), size)).toBe('the box has no area (inside the image)');
    // Finite but absurd: the area overflows, which would make every IoU with it NaN.
    expect(sanitizeBox(box('p', -1e308, 0, 1e308, 1e308))).toBe('the box is too large to measure (its size overflows)');
    const out = boxMerge.consolidate([{ item: 'i', worker: 'a', answer: answer(box('p', Number.NaN, 0, 1, 1), box('p', 10, 10, 20, 20)) }]);
    expect(out.items[0]?.reason).toContain('1 unusable box(es) dropped');
    expect(out.items[0]?.label).toHaveLength(1);
  });

  it('gives spammers the lowest quality and leaves their boxes out', () => {
    const random = seededRandom(4);
    const records = [];
    for (let i = 0; i < 40; i++) {
      const truth = box('p', 50 + random() * 400, 50 + random() * 300, 60, 90);
      for (const w of ['g1', 'g2', 'g3', 'g4']) records.push({ item: `i${i}`, worker: w, answer: answer({ ...truth, left: truth.left + (random() - 0.5) * 6 }) });
      records.push({ item: `i${i}`, worker: 'spam', answer: answer(box('p', random() * 500, random() * 400, 40, 40)) });
    }
    const out = boxMerge.consolidate(records);
    const quality = Object.fromEntries(out.workers.map((w) => [w.worker, w.quality]));
    expect(quality.spam).toBeLessThan(Math.min(quality.g1 ?? 0, quality.g2 ?? 0, quality.g3 ?? 0, quality.g4 ?? 0));
    expect(out.items.every((item) => item.label?.length === 1)).toBe(true);
    expect(JSON.stringify(boxMerge.consolidate(records))).toBe(JSON.stringify(out));
  });

  it('carried state keeps workers who draw nothing in a batch; a "toString" worker is a worker like any other', () => {
    const person = box('p', 100, 100, 60, 90);
    const batch1 = ['a', 'b', 'toString'].map((worker) => ({ item: 'i1', worker, answer: answer(person) }));
    const s1 = boxMerge.consolidate(batch1).state;
    expect(Object.keys(s1?.workers ?? {})).toEqual(['a', 'b', 'toString']);
    const s2 = boxMerge.consolidate(['a', 'b'].map((worker) => ({ item: 'i2', worker, answer: answer(person) })), { prior: s1 }).state;
    expect(Object.keys(s2?.workers ?? {})).toEqual(['a', 'b', 'toString']);
    expect(s2?.workers.toString).toEqual(s1?.workers.toString);
    expect(s2?.workers.a?.boxes).toBe(2);
    // A worker missing from given weights weighs 1, not an inherited function (NaN).
    const out = boxMerge.consolidate(batch1, { weights: { a: 1 } });
    expect(out.items[0]?.label).toHaveLength(1);
    expect(out.workers.every((w) => Number.isFinite(w.quality))).toBe(true);
  });

  it('stops re-weighting once the weights settle: more allowed rounds change nothing', () => {
    const random = seededRandom(9);
    const records = [];
    for (let i = 0; i < 30; i++) {
      const truth = box('p', 50 + random() * 400, 50 + random() * 300, 60, 90);
      for (const w of ['a', 'b', 'c']) records.push({ item: `i${i}`, worker: w, answer: answer({ ...truth, top: truth.top + (random() - 0.5) * 4 }) });
    }
    expect(JSON.stringify(boxMerge.consolidate(records, { qualityRounds: 50 }))).toBe(JSON.stringify(boxMerge.consolidate(records, { qualityRounds: 3 })));
    // With no rounds every worker keeps weight 1: the three boxes are merged all the same.
    expect(boxMerge.consolidate(records, { qualityRounds: 0 }).items.every((item) => item.label?.[0]?.workers === 3)).toBe(true);
  });

  it('label ties go to the first label of `labels`, else alphabetically; a worker answering twice counts once per cluster', () => {
    const tie = [
      { item: 'img', worker: 'a', answer: answer(box('truck', 100, 100, 50, 50)) },
      { item: 'img', worker: 'b', answer: answer(box('car', 101, 100, 50, 50)) },
    ];
    expect(boxMerge.consolidate(tie, { qualityRounds: 0 }).items[0]?.label?.[0]?.label).toBe('car');
    expect(boxMerge.consolidate(tie, { qualityRounds: 0, labels: ['truck', 'car'] }).items[0]?.label?.[0]?.label).toBe('truck');
    const twice = boxMerge.consolidate(
      [
        { item: 'img', worker: 'a', answer: answer(box('p', 10, 10, 40, 80)) },
        { item: 'img', worker: 'a', answer: answer(box('p', 11, 10, 40, 80)) },
        { item: 'img', worker: 'b', answer: answer() },
      ],
      { qualityRounds: 0 },
    );
    expect(twice.items[0]?.label).toEqual([]);
  });
});

const r = <A,>(item: string, worker: string, answer: A) => ({ item, worker, answer });

describe('other answer kinds', () => {
  it('multi-label: per-label vote with an explicit tie policy and a confidence per label', () => {
    const records = [
      { item: 'x', worker: 'a', answer: ['cat', 'dog'] },
      { item: 'x', worker: 'b', answer: ['cat'] },
    ];
    expect(multiLabelVote.consolidate(records).items[0]).toMatchObject({ label: ['cat', 'dog'], posteriors: { cat: 1, dog: 0.5 } });
    expect(multiLabelVote.consolidate(records, { ties: 'exclude' }).items[0]?.label).toEqual(['cat']);
    // Hostile names are data: a "__proto__" label keeps its posterior; a "toString" worker gets the default weight.
    const hostile = multiLabelVote.consolidate([{ item: 'x', worker: 'toString', answer: ['__proto__'] }, { item: 'x', worker: 'b', answer: [] }], { weights: { b: 1 } }).items[0];
    expect(hostile?.label).toEqual(['__proto__']);
    expect(JSON.stringify(hostile?.posteriors)).toBe('{"__proto__":0.5}');
  });

  it('multi-label: an item whose answers hold only unknown labels gets no label and a reason, not a confident empty set', () => {
    const out = multiLabelVote.consolidate([r('i', 'a', ['zebra']), r('i', 'b', ['zebra']), r('j', 'a', [])], { labels: ['cat', 'dog'] });
    expect(out.items[0]).toMatchObject({ item: 'i', label: null, confidence: 0, reason: 'no answer with a known label (known: cat, dog)' });
    expect(out.items[1]).toMatchObject({ item: 'j', label: [], confidence: 1 });
  });

  it('keypoints: distance matching and a median centre, robust to one misplaced click', () => {
    const out = keypointMerge.consolidate([
      { item: 'x', worker: 'a', answer: { keypoints: [{ label: 'nose', x: 100, y: 100 }], imageSize: size } },
      { item: 'x', worker: 'b', answer: { keypoints: [{ label: 'nose', x: 104, y: 98 }], imageSize: size } },
      { item: 'x', worker: 'c', answer: { keypoints: [{ label: 'nose', x: 101, y: 103 }, { label: 'nose', x: 500, y: 400 }], imageSize: size } },
    ]);
    expect(out.items[0]?.label).toEqual([expect.objectContaining({ label: 'nose', x: 101, y: 100, workers: 3 })]);
    // An image size of 0 or NaN cannot scale the radius (it made every point its own cluster and
    // every confidence NaN); the 1000 px default applies.
    for (const imageSize of [{ width: 0, height: 0 }, { width: Number.NaN, height: 480 }, { width: Number.POSITIVE_INFINITY, height: 480 }]) {
      const merged = keypointMerge.consolidate(['a', 'b'].map((worker, k) => ({ item: 'x', worker, answer: { keypoints: [{ label: 'nose', x: 100 + k, y: 100 }], imageSize } })));
      expect(merged.items[0]?.label).toEqual([{ label: 'nose', x: 100.5, y: 100, confidence: expect.closeTo(0.99, 2), workers: 2 }]);
    }
  });

  it('spans: clusters overlapping spans, mode boundaries, label vote', () => {
    const out = spanVote.consolidate([
      { item: 't', worker: 'a', answer: { entities: [{ label: 'person', startOffset: 0, endOffset: 12 }] } },
      { item: 't', worker: 'b', answer: { entities: [{ label: 'person', startOffset: 0, endOffset: 12 }] } },
      { item: 't', worker: 'c', answer: { entities: [{ label: 'org', startOffset: 0, endOffset: 11 }] } },
    ]);
    expect(out.items[0]?.label).toEqual([expect.objectContaining({ label: 'person', startOffset: 0, endOffset: 12, workers: 3 })]);
  });

  it('polygons: the best-agreeing worker’s shapes', () => {
    const sq = (x: number) => ({ label: 'roof', vertices: [{ x, y: 0 }, { x: x + 10, y: 0 }, { x: x + 10, y: 10 }, { x, y: 10 }] });
    const out = polygonBestAgreement.consolidate([
      { item: 'x', worker: 'a', answer: { shapes: [sq(0)] } },
      { item: 'x', worker: 'b', answer: { shapes: [sq(1)] } },
      { item: 'x', worker: 'c', answer: { shapes: [sq(40)] } },
    ]);
    expect((out.items[0]?.label as { shapes: unknown[] }).shapes).toEqual([sq(0)]);
  });

  it('free text: the most central answer; numbers: the median', () => {
    expect(textMedoid.consolidate([{ item: 'x', worker: 'a', answer: 'Total 42.50' }, { item: 'x', worker: 'b', answer: 'Total 42.50' }, { item: 'x', worker: 'c', answer: 'Tota1 42.5O' }]).items[0]?.label).toBe('Total 42.50');
    expect(numberMedian.consolidate([{ item: 'x', worker: 'a', answer: 3 }, { item: 'x', worker: 'b', answer: 4 }, { item: 'x', worker: 'c', answer: 100 }, { item: 'x', worker: 'd', answer: Number.NaN }]).items[0]).toMatchObject({ label: 4, support: 3 });
  });

  it('free text: edit distance by bit-parallel words equals the cell-by-cell table, at every word boundary', () => {
    const table = (a: Int32Array, b: Int32Array) => {
      const row = Array.from({ length: b.length + 1 }, (_, j) => j);
      for (let i = 1; i <= a.length; i++) {
        let diagonal = row[0] as number;
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
          const up = row[j] as number;
          row[j] = Math.min(up + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
          diagonal = up;
        }
      }
      return row[b.length] as number;
    };
    const random = seededRandom(5);
    const alphabets = [['a', 'b'], ['a', 'b', 'c', ' '], [...'abcdefghij'], ['a', '🙂', 'é']];
    for (let t = 0; t < 600; t++) {
      const alphabet = alphabets[t % alphabets.length] as string[];
      const lengths = [0, 1, 5, 31, 32, 33, 63, 64, 65, 97];
      const make = () => textCodePoints(Array.from({ length: (lengths[Math.floor(random() * lengths.length)] as number) + (t % 3) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
      const a = make();
      const b = make();
      expect(levenshtein(a, b)).toBe(table(a, b));
    }
    expect(textSimilarity('  Total   42.50 ', 'Total 42.50')).toBe(1);
    expect(textSimilarity('', '')).toBe(1);
    expect(textSimilarity('abc', '')).toBe(0);
  });

  it('free text: an item with no string answer is reported, not dropped; among long answers a near copy wins', () => {
    const out = textMedoid.consolidate([{ item: 'x', worker: 'a', answer: 42 as unknown as string }, { item: 'y', worker: 'a', answer: 'fine' }]);
    expect(out.items).toEqual([
      { item: 'x', label: null, confidence: 0, support: 0, reason: 'no usable answers' },
      { item: 'y', label: 'fine', confidence: 0, support: 1 },
    ]);
    // Five 10,000-character answers: four copies of one text with 1–4 typos, and an unrelated one.
    const random = seededRandom(8);
    const long = () => Array.from({ length: 10_000 }, () => 'abcdefghij'[Math.floor(random() * 10)]).join('');
    const base = long();
    const typos = (n: number) => [...base].map((c, i) => (i % 2000 === 7 && i / 2000 < n ? 'X' : c)).join('');
    const texts = [typos(1), typos(2), typos(3), typos(4), long()].map((answer, i) => ({ item: 'z', worker: 'abcde'[i] as string, answer }));
    const central = textMedoid.consolidate(texts);
    // A copy wins, not the unrelated text (which copy depends on its distances to the odd one out).
    expect([0, 1, 2, 3]).toContain(texts.findIndex((t) => t.answer === central.items[0]?.label));
    expect(central.items[0]?.confidence).toBeGreaterThan(0.7);
    expect(central.workers.reduce((low, w) => (w.quality < low.quality ? w : low)).worker).toBe('e');
  });

  it('polygons: an answer whose shapes are all unusable is left out, not counted as an empty answer', () => {
    const triangle = (x0: number) => ({ label: 'x', vertices: [{ x: x0, y: 0 }, { x: 1, y: 1 }, { x: 2, y: 0 }] });
    const out = polygonBestAgreement.consolidate([
      { item: 'i', worker: 'a', answer: { shapes: [triangle(Number.NaN)] } },
      { item: 'i', worker: 'b', answer: { shapes: [triangle(0)] } },
    ]);
    expect(out.items[0]).toMatchObject({ label: { shapes: [triangle(0)] }, support: 1 });
    // Drawing nothing is still an answer.
    const empty = polygonBestAgreement.consolidate([{ item: 'j', worker: 'a', answer: { shapes: [] } }]);
    expect(empty.items[0]?.label).toEqual({ shapes: [] });
    expect(polygonBestAgreement.consolidate([{ item: 'k', worker: 'a', answer: { shapes: [triangle(Number.NaN)] } }]).items[0]).toMatchObject({ label: null, reason: 'no usable answers' });
  });

  it('free text: answers over 20,000 characters are compared on a prefix, and the item says so; the label is the whole answer', () => {
    const long = (unit: string) => unit.repeat(Math.ceil(60_000 / unit.length)).slice(0, 60_000);
    const out = textMedoid.consolidate([
      { item: 'i', worker: 'a', answer: long('ab') },
      { item: 'i', worker: 'b', answer: long('ab') },
      { item: 'i', worker: 'c', answer: long('abc') },
      { item: 'j', worker: 'a', answer: 'short' },
    ]);
    expect(out.items[0]).toMatchObject({ label: long('ab'), reason: 'answers longer than 20000 characters were compared on their first 20000; the label is the whole answer' });
    expect(out.items[1]?.reason).toBeUndefined();
  });

  it('polygons: a shape with 200,000 vertices does not overflow the call stack', () => {
    const vertices = Array.from({ length: 200_000 }, (_, i) => ({ x: i % 640, y: Math.floor(i / 640) }));
    const out = polygonBestAgreement.consolidate(['a', 'b'].map((worker) => ({ item: 'x', worker, answer: { shapes: [{ label: 'road', vertices }] } })));
    expect(out.items[0]?.confidence).toBe(1);
  });

  it('numbers: an item with no finite answer is reported, not dropped; huge answers do not overflow', () => {
    const out = numberMedian.consolidate([
      { item: 'x', worker: 'a', answer: Number.NaN },
      { item: 'y', worker: 'a', answer: 1.5e308 },
      { item: 'y', worker: 'b', answer: 1.7e308 },
      { item: 'z', worker: 'b', answer: Number.POSITIVE_INFINITY },
      { item: 'w', worker: 'a', answer: -1.7e308 },
      { item: 'w', worker: 'b', answer: 1.7e308 },
    ]);
    expect(out.items.map((i) => i.item)).toEqual(['x', 'y', 'z', 'w']);
    expect(out.items[0]).toEqual({ item: 'x', label: null, confidence: 0, support: 0, reason: 'no answer is a finite number' });
    expect(out.items[1]?.label).toBe(1.6e308);
    expect(out.items[2]?.label).toBeNull();
    expect(out.items[3]?.label).toBe(0);
    for (const w of out.workers) expect(Number.isFinite(w.quality)).toBe(true);
  });
});

describe('determinism of the non-class algorithms', () => {
  // Seeded noisy crowds: 30 items × 5 workers, jittered shapes, misses, one worker answering twice.
  const random = seededRandom(11);
  const jitter = (v: number, by: number) => Math.round((v + (random() - 0.5) * by) * 100) / 100;
  const crowdOf = <T>(make: (item: number) => T) => Array.from({ length: 30 }, (_, i) => ['a', 'b', 'c', 'd', 'e', 'a'].map((worker) => ({ item: `x${i}`, worker, answer: make(i) }))).flat();
  const cases: Array<[string, { consolidate: (records: never) => unknown }, unknown[]]> = [
    ['box-merge', boxMerge, crowdOf((i) => answer(...Array.from({ length: 1 + (i % 4) }, (_, k) => box(k % 2 ? 'car' : 'person', jitter(40 + k * 120, 12), jitter(50, 10), jitter(60, 10), jitter(90, 10))).filter(() => random() > 0.1)))],
    ['keypoint-merge', keypointMerge, crowdOf(() => ({ keypoints: [{ label: 'nose', x: jitter(100, 8), y: jitter(80, 8) }, { label: 'eye', x: jitter(140, 8), y: jitter(60, 8) }].filter(() => random() > 0.1), imageSize: size }))],
    ['span-vote', spanVote, crowdOf(() => ({ entities: [{ label: random() > 0.2 ? 'person' : 'org', startOffset: Math.round(jitter(10, 3)), endOffset: Math.round(jitter(20, 3)) }] }))],
    ['polygon-best-agreement', polygonBestAgreement, crowdOf(() => ({ shapes: [{ label: 'roof', vertices: [{ x: jitter(0, 6), y: jitter(0, 6) }, { x: jitter(50, 6), y: jitter(0, 6) }, { x: jitter(50, 6), y: jitter(40, 6) }] }] }))],
    ['multi-label-vote', multiLabelVote, crowdOf(() => ['cat', 'dog', 'bird'].filter(() => random() > 0.5))],
    ['text-medoid', textMedoid, crowdOf(() => (random() > 0.3 ? 'Total 42.50' : 'Tota1 42.5O'))],
    ['median', numberMedian, crowdOf(() => jitter(10, 6))],
  ];
  it.each(cases)('%s: the same input twice gives byte-identical output', (_name, algorithm, records) => {
    expect(JSON.stringify(algorithm.consolidate(records as never))).toBe(JSON.stringify(algorithm.consolidate(records as never)));
    expect((algorithm.consolidate(records as never) as { items: unknown[] }).items).toHaveLength(30);
  });
});
