import { describe, expect, it } from 'vitest';
import { wawa, type AnswerRecord } from '../../../lambdas/consolidation/index.ts';
import { sparseCrowdJob, calibrationOf } from '../../../bench/calibration.bench.ts';

const r = (item: string, worker: string, answer: string): AnswerRecord<string> => ({ item, worker, answer });

describe('wawa: sparse workers are shrunk towards the crowd (agreementPrior)', () => {
  // Two dense workers who agree on 10 items, and on item x a 2–1 split whose dissenter answered only x.
  const records = [
    ...Array.from({ length: 10 }, (_, i) => [r(`i${i}`, 'd1', 'cat'), r(`i${i}`, 'd2', 'cat')]).flat(),
    r('x', 'd1', 'dog'),
    r('x', 'd2', 'dog'),
    r('x', 'lone', 'cat'),
  ];

  it('a lone dissenter still counts: a 2–1 split no longer reads confidence 1', () => {
    const x = wawa.consolidate(records).items.find((i) => i.item === 'x');
    // Crowd agreement 22/23; d1, d2: (11 + 2 × 22/23) / 13; lone: (0 + 2 × 22/23) / 3.
    const crowd = 22 / 23;
    const dense = (11 + 2 * crowd) / 13;
    const lone = (2 * crowd) / 3;
    expect(x?.label).toBe('dog');
    expect(x?.confidence).toBeCloseTo((2 * dense) / (2 * dense + lone), 12);
    expect(x?.confidence).toBeLessThan(0.8);
  });

  it('agreementPrior 0 weighs each worker by their raw agreement, as before', () => {
    const x = wawa.consolidate(records, { agreementPrior: 0 }).items.find((i) => i.item === 'x');
    expect(x).toMatchObject({ label: 'dog', confidence: 1 });
  });

  it('a worker with one agreeing answer weighs less than 1: the crowd rate fills in what one answer cannot tell', () => {
    // d3 agrees with d4 and d5 on 9 of 10 items; on z two workers seen once outvote d3.
    const base = [
      ...Array.from({ length: 10 }, (_, i) => [r(`j${i}`, 'd3', i < 9 ? 'cat' : 'dog'), r(`j${i}`, 'd4', 'cat'), r(`j${i}`, 'd5', 'cat')]).flat(),
      r('z', 's1', 'cat'),
      r('z', 's2', 'cat'),
      r('z', 'd3', 'dog'),
    ];
    // Agreement with the majority: d3 9 of 11, d4 and d5 10 of 10, s1 and s2 1 of 1: 31 of 33.
    const crowd = 31 / 33;
    const once = (1 + 2 * crowd) / 3;
    const d3 = (9 + 2 * crowd) / 13;
    const z = wawa.consolidate(base).items.find((i) => i.item === 'z');
    expect(z?.label).toBe('cat');
    expect(z?.confidence).toBeCloseTo((2 * once) / (2 * once + d3), 12);
    expect(wawa.consolidate(base, { agreementPrior: 0 }).items.find((i) => i.item === 'z')?.confidence).toBeCloseTo(2 / (2 + 9 / 11), 12);
  });

  it('the reported worker quality stays the raw agreement with the majority', () => {
    const workers = wawa.consolidate(records).workers;
    expect(workers.find((w) => w.worker === 'lone')).toMatchObject({ quality: 0, answers: 1 });
    expect(workers.find((w) => w.worker === 'd1')).toMatchObject({ quality: 1, answers: 11 });
  });

  it('on the bench\'s simulated sparse crowd, the default is better calibrated than raw agreement', () => {
    const job = sparseCrowdJob(17);
    const score = (agreementPrior: number) =>
      calibrationOf(wawa.consolidate(job.records, { agreementPrior }).items.map(({ item, label, confidence }) => ({ label, confidence, truth: job.truth.get(item)! })));
    const raw = score(0);
    const shrunk = score(2);
    expect(shrunk.ece).toBeLessThan(raw.ece);
    expect(shrunk.sureShare).toBeLessThan(raw.sureShare);
    expect(shrunk.accuracy).toBeGreaterThanOrEqual(raw.accuracy);
  });
});
