import { describe, expect, it } from 'vitest';
import { algorithms, boxMerge, encodePng, keypointMerge, majorityVote, multiLabelVote, numberMedian, pixelVote, spanVote, textMedoid, wawa, weightedVote } from '../../../lambdas/consolidation/index.ts';

/**
 * What the uniform API promises for every algorithm, beyond its own model: one order for ids and
 * labels that does not depend on the machine, a quality for every worker, and the same meaning of
 * "every worker agreed there is nothing here".
 */

/** The code-unit order of Array.prototype.sort(): "B" before "a", on every machine. */
const codeUnitSorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

describe('one order for ids and labels, the same on every machine', () => {
  // localeCompare (the process's locale) put "a" before "B" and chose other labels on ties; in
  // Swedish it put "z" before "ä". Code-unit order puts "B" before "a" everywhere.
  it('text-medoid: a tie goes to the worker id first in code-unit order', () => {
    const out = textMedoid.consolidate([
      { item: 'i', worker: 'a', answer: 'yes' },
      { item: 'i', worker: 'B', answer: 'no' },
    ]);
    expect(out.items[0]?.label).toBe('no');
    expect(out.workers.map((w) => w.worker)).toEqual(['B', 'a']);
  });

  it('box-merge: a tied label vote goes to the label first in code-unit order', () => {
    const box = (label: string, left: number) => ({ boxes: [{ label, left, top: 0, width: 100, height: 100 }] });
    const out = boxMerge.consolidate([
      { item: 'i', worker: 'w1', answer: box('a', 0) },
      { item: 'i', worker: 'w2', answer: box('Z', 1) },
    ]);
    expect(out.items[0]?.label?.map((b) => b.label)).toEqual(['Z']);
  });

  it('span-vote: a tied label vote goes to the label first in code-unit order', () => {
    const span = (label: string) => ({ entities: [{ label, startOffset: 0, endOffset: 5 }] });
    const out = spanVote.consolidate([
      { item: 'i', worker: 'w1', answer: span('a') },
      { item: 'i', worker: 'w2', answer: span('Z') },
    ]);
    expect(out.items[0]?.label?.map((s) => s.label)).toEqual(['Z']);
  });

  it('keypoint-merge: points in code-unit order of their labels', () => {
    const out = keypointMerge.consolidate([{ item: 'i', worker: 'w', answer: { keypoints: [{ label: 'a', x: 1, y: 1 }, { label: 'Z', x: 500, y: 500 }] } }]);
    expect(out.items[0]?.label?.map((p) => p.label)).toEqual(['Z', 'a']);
  });

  it('every algorithm lists its workers in one order, whatever order the records come in', () => {
    // "e\u0301" and "é" are different ids that localeCompare calls equal, so their order followed the input.
    const ids = ['a', 'B', 'e\u0301', 'é', 'z', 'ä'];
    const answerOf: Record<string, (w: number) => unknown> = {
      class: (w) => (w % 2 ? 'x' : 'y'),
      'multi-label': (w) => (w % 2 ? ['x'] : ['y']),
      box: (w) => ({ boxes: [{ label: 'x', left: w, top: 0, width: 50, height: 50 }] }),
      keypoint: (w) => ({ keypoints: [{ label: 'x', x: w, y: 0 }] }),
      polygon: (w) => ({ shapes: [{ label: 'x', vertices: [{ x: w, y: 0 }, { x: 50, y: 0 }, { x: 50, y: 50 }] }] }),
      polyline: (w) => ({ shapes: [{ label: 'x', vertices: [{ x: w, y: 0 }, { x: 50, y: 50 }] }] }),
      span: (w) => ({ entities: [{ label: 'x', startOffset: w, endOffset: 20 }] }),
      text: (w) => `answer ${w}`,
      number: (w) => w,
      mask: (w) => ({ png: encodePng({ width: 3, height: 1, data: Uint8Array.from({ length: 12 }, (_, i) => (i >> 2 <= w % 3 ? [214, 39, 40, 255][i % 4] : 0) as number) }), labelMappings: { x: { color: '#d62728' } } }),
    };
    for (const algorithm of Object.values(algorithms)) {
      const records = ids.map((worker, w) => ({ item: 'i', worker, answer: answerOf[algorithm.kind]?.(w) }));
      const forward = algorithm.consolidate(records as never, {} as never);
      const backward = algorithm.consolidate([...records].reverse() as never, {} as never);
      expect(forward.workers.map((w) => w.worker), algorithm.name).toEqual(codeUnitSorted(ids));
      // (EM sums in record order, so a quality may differ in its last bits.)
      expect(backward.workers.map((w) => w.worker), algorithm.name).toEqual(codeUnitSorted(ids));
      backward.workers.forEach((w, i) => expect(w.quality, algorithm.name).toBeCloseTo(forward.workers[i]?.quality ?? Number.NaN, 9));
    }
  });
});

describe('a quality for every worker', () => {
  it('span-vote and keypoint-merge list a worker who marked nothing, and score them against the result', () => {
    const spans = spanVote.consolidate([
      { item: 'd1', worker: 'lazy', answer: { entities: [] } },
      { item: 'd1', worker: 'w1', answer: { entities: [{ label: 'p', startOffset: 0, endOffset: 3 }] } },
      { item: 'd1', worker: 'w2', answer: { entities: [{ label: 'p', startOffset: 0, endOffset: 3 }] } },
    ]);
    expect(spans.workers).toEqual([
      { worker: 'lazy', quality: 0, answers: 1 },
      { worker: 'w1', quality: 1, answers: 1 },
      { worker: 'w2', quality: 1, answers: 1 },
    ]);
    const points = keypointMerge.consolidate([
      { item: 'img', worker: 'w1', answer: { keypoints: [] } },
      { item: 'img', worker: 'w2', answer: { keypoints: [] } },
    ]);
    // Both agreed there is nothing to mark: right.
    expect(points.workers).toEqual([
      { worker: 'w1', quality: 1, answers: 1 },
      { worker: 'w2', quality: 1, answers: 1 },
    ]);
  });

  it('median and text-medoid list a worker whose every answer was unusable, with quality 0', () => {
    expect(numberMedian.consolidate([{ item: 'i', worker: 'w1', answer: Number.NaN }, { item: 'i', worker: 'w2', answer: 2 }]).workers).toEqual([
      { worker: 'w1', quality: 0, answers: 0 },
      { worker: 'w2', quality: 1, answers: 1 },
    ]);
    expect(textMedoid.consolidate([{ item: 'i', worker: 'w1', answer: 5 as unknown as string }, { item: 'i', worker: 'w2', answer: 'x' }]).workers).toEqual([
      { worker: 'w1', quality: 0, answers: 0 },
      { worker: 'w2', quality: 1, answers: 1 },
    ]);
  });

  it.each(Object.values(algorithms).filter((a) => a.kind === 'class').map((a) => [a.name, a] as const))('%s lists a worker whose every answer had an unknown label, with quality 0', (_name, algorithm) => {
    // w2 answered outside the labels next to others; w4 was the only one on its item.
    const records = [
      { item: 'i2', worker: 'w1', answer: 'dog' },
      { item: 'i2', worker: 'w3', answer: 'cat' },
      { item: 'i2', worker: 'w2', answer: 'bird' },
      { item: 'i3', worker: 'w4', answer: 'fish' },
    ];
    const known = records.slice(0, 2);
    const out = algorithm.consolidate(records as never, { labels: ['cat', 'dog'] } as never);
    const knownOnly = algorithm.consolidate(known as never, { labels: ['cat', 'dog'] } as never);
    expect(out.workers.map((w) => w.worker)).toEqual(['w1', 'w2', 'w3', 'w4']);
    expect(out.workers.filter((w) => w.worker === 'w2' || w.worker === 'w4')).toEqual([
      { worker: 'w2', quality: 0, answers: 0 },
      { worker: 'w4', quality: 0, answers: 0 },
    ]);
    // The workers with known labels keep what they had without the others.
    expect(out.workers.filter((w) => w.worker === 'w1' || w.worker === 'w3')).toEqual(knownOnly.workers);
    expect(out.items[0]).toEqual(knownOnly.items[0]);
    expect(out.items[1]).toEqual({ item: 'i3', label: null, confidence: 0, support: 0, reason: 'no answer with a known label' });
  });

  it('multi-label-vote counts no answer on an item where every label given was unknown: support 0, and its workers at quality 0', () => {
    const out = multiLabelVote.consolidate(
      [
        { item: 'i2', worker: 'w1', answer: ['dog'] },
        { item: 'i3', worker: 'w4', answer: ['fish'] },
        { item: 'i3', worker: 'w5', answer: ['fish'] },
      ],
      { labels: ['cat', 'dog'] },
    );
    // w4 and w5 "agreed" with an empty result only because nothing they gave was known: that is no agreement.
    expect(out.workers).toEqual([
      { worker: 'w1', quality: 1, answers: 1 },
      { worker: 'w4', quality: 0, answers: 0 },
      { worker: 'w5', quality: 0, answers: 0 },
    ]);
    expect(out.items[1]).toEqual({ item: 'i3', label: null, confidence: 0, support: 0, reason: 'no answer with a known label (known: cat, dog)' });
  });
});

describe('"nothing here" means the same in every algorithm', () => {
  it('every worker marking nothing is a confident empty result for boxes, keypoints, spans and multi-label', () => {
    const two = <A>(answer: A) => [{ item: 'i', worker: 'w1', answer }, { item: 'i', worker: 'w2', answer }];
    expect(boxMerge.consolidate(two({ boxes: [] })).items[0]).toMatchObject({ label: [], confidence: 1 });
    expect(keypointMerge.consolidate(two({ keypoints: [] })).items[0]).toMatchObject({ label: [], confidence: 1 });
    expect(spanVote.consolidate(two({ entities: [] })).items[0]).toMatchObject({ label: [], confidence: 1 });
    // With or without the labels given: it was 1 with them and 0 without.
    expect(multiLabelVote.consolidate(two([] as string[])).items[0]).toMatchObject({ label: [], confidence: 1 });
    expect(multiLabelVote.consolidate(two([] as string[]), { labels: ['cat'] }).items[0]).toMatchObject({ label: [], confidence: 1 });
    // Masks: nobody painted anything is an all-background mask, confident.
    const blank = { png: encodePng({ width: 2, height: 2, data: new Uint8Array(16) }), labelMappings: {} };
    expect(pixelVote.consolidate(two(blank), { labels: ['cat'] }).items[0]).toMatchObject({ label: { classes: new Uint8Array(4) }, confidence: 1 });
  });

  it('an answer whose every mark was unusable is no vote for "nothing here"', () => {
    const broken = boxMerge.consolidate([{ item: 'i', worker: 'w', answer: { boxes: [{ label: 'a', left: Number.NaN, top: 0, width: 10, height: 10 }] } }]);
    expect(broken.items[0]).toMatchObject({ label: [], confidence: 0 });
    const spans = spanVote.consolidate([
      { item: 'i', worker: 'w1', answer: { entities: [{ label: 'p', startOffset: 5, endOffset: 2 }] } },
      { item: 'i', worker: 'w2', answer: { entities: [] } },
    ]);
    expect(spans.items[0]).toMatchObject({ label: [], confidence: 0.5 });
    expect(spans.workers).toEqual([
      { worker: 'w1', quality: 0, answers: 1 },
      { worker: 'w2', quality: 1, answers: 1 },
    ]);
  });
});

describe('answers that all weigh 0 decide nothing', () => {
  it('weighted-vote: no label and a reason, not the first class, which nobody chose', () => {
    const out = weightedVote.consolidate([{ item: 'i', worker: 'spammer', answer: 'dog' }, { item: 'j', worker: 'w', answer: 'cat' }], { labels: ['cat', 'dog'], weights: { spammer: 0 } });
    expect(out.items[0]).toEqual({ item: 'i', label: null, confidence: 0, support: 1, reason: 'every answer on it has weight 0' });
    expect(out.items[1]).toMatchObject({ item: 'j', label: 'cat', confidence: 1 });
  });

  it('multi-label-vote: no label and a reason, not a confident "none of them"', () => {
    const out = multiLabelVote.consolidate([{ item: 'i', worker: 'spammer', answer: ['dog'] }], { weights: { spammer: 0 } });
    expect(out.items[0]).toEqual({ item: 'i', label: null, confidence: 0, support: 1, reason: 'every answer on it has weight 0' });
  });

  it('majority vote and wawa are unchanged where weights are not 0', () => {
    const records = [
      { item: 'i', worker: 'w1', answer: 'dog' },
      { item: 'i', worker: 'w2', answer: 'dog' },
      { item: 'i', worker: 'w3', answer: 'cat' },
    ];
    expect(majorityVote.consolidate(records).items[0]).toMatchObject({ label: 'dog' });
    // Confidence was 1 here: w3's only answer lost, so w3 weighed 0. Each worker now has
    // agreementPrior (2) pseudo-answers at the crowd's rate (2/3): dog 7/9 each, cat 4/9.
    expect(wawa.consolidate(records).items[0]).toMatchObject({ label: 'dog' });
    expect(wawa.consolidate(records).items[0]?.confidence).toBeCloseTo(14 / 18, 12);
    expect(wawa.consolidate(records, { agreementPrior: 0 }).items[0]).toMatchObject({ label: 'dog', confidence: 1 });
  });
});
