import { describe, expect, it } from 'vitest';
import { dawidSkene, dawidSkenePooled, oneCoinDawidSkene, type AnswerRecord } from '../../../lambdas/consolidation/index.ts';
import { ContractError } from '../../../lambdas/contracts/errors.ts';
import { seededRandom } from '../../../lambdas/task-types/define.ts';
import { acsHandler } from '../../../lambdas/handlers/acs.ts';
import { taskConsolidation } from '../../../lambdas/task-types/consolidate.ts';
import { buildAcsEvent, buildAcsPayload, invokeAcs, MemoryObjectStore, silentLogger } from '../../../lambdas/testing/index.ts';

const r = (item: string, worker: string, answer: string): AnswerRecord<string> => ({ item, worker, answer });
const variants = [dawidSkene, dawidSkenePooled, oneCoinDawidSkene];

/**
 * A sparse crowd: each item answered by `perItem` workers drawn from a pool of `pool`, each right
 * with their own accuracy (0.55–0.95) and otherwise answering another class at random.
 */
function sparseCrowd(items: number, pool: number, perItem: number, seed: number, classes = ['a', 'b', 'c']) {
  const random = seededRandom(seed);
  const accuracyOf = Array.from({ length: pool }, () => 0.55 + 0.4 * random());
  const truth = new Map<string, string>();
  const records: Array<AnswerRecord<string>> = [];
  for (let i = 0; i < items; i++) {
    const t = classes[Math.floor(random() * classes.length)] as string;
    truth.set(`i${i}`, t);
    const picked = new Set<number>();
    while (picked.size < perItem) picked.add(Math.floor(random() * pool));
    for (const w of picked) {
      const others = classes.filter((c) => c !== t);
      records.push(r(`i${i}`, `w${w}`, random() < (accuracyOf[w] as number) ? t : (others[Math.floor(random() * others.length)] as string)));
    }
  }
  return { truth, records };
}

/** Expected calibration error over 10 equal-width bins, and the accuracy of the items at ≥ 0.99. */
function calibration(items: ReadonlyArray<{ item: string; label: string | null; confidence: number }>, truth: ReadonlyMap<string, string>) {
  const bins = Array.from({ length: 10 }, () => ({ right: 0, confidence: 0 }));
  let sure = 0;
  let sureRight = 0;
  for (const { item, label, confidence } of items) {
    const hit = label === truth.get(item) ? 1 : 0;
    const bin = bins[Math.min(9, Math.floor(confidence * 10))] as { right: number; confidence: number };
    bin.right += hit;
    bin.confidence += confidence;
    if (confidence >= 0.99) {
      sure++;
      sureRight += hit;
    }
  }
  return { ece: bins.reduce((s, b) => s + Math.abs(b.right - b.confidence), 0) / items.length, sure, sureAccuracy: sure ? sureRight / sure : 1 };
}

describe('calibrated confidence of the Dawid–Skene family', () => {
  it.each(variants.map((a) => [a.name, a] as const))('%s: never changes a label, and the confidence is the label\'s posterior', (_n, alg) => {
    for (const seed of [1, 2, 3]) {
      const { records } = sparseCrowd(300, 200, 3, seed);
      const calibrated = alg.consolidate(records);
      const own = alg.consolidate(records, { confidencePrior: 0 });
      expect(calibrated.items.map((i) => i.label)).toEqual(own.items.map((i) => i.label));
      expect(calibrated.workers).toEqual(own.workers);
      expect(calibrated.state).toEqual(own.state);
      for (const item of calibrated.items) {
        expect(item.confidence).toBe(item.posteriors?.[item.label as string]);
        expect(Object.values(item.posteriors ?? {}).reduce((s, p) => s + p, 0)).toBeCloseTo(1, 9);
      }
    }
  });

  it.each(variants.map((a) => [a.name, a] as const))('%s: with workers who answer a few items each, confidence ≥ 0.99 means right', (_n, alg) => {
    // 400 items × 3 answers from 300 workers: 4 answers per worker on average.
    const { records, truth } = sparseCrowd(400, 300, 3, 5);
    const before = calibration(alg.consolidate(records, { confidencePrior: 0 }).items, truth);
    const after = calibration(alg.consolidate(records).items, truth);
    expect(after.ece).toBeLessThan(before.ece);
    expect(after.sureAccuracy).toBeGreaterThanOrEqual(0.98);
  });

  it('dawid-skene on that crowd: EM\'s own posterior put 345 of 400 items at ≥ 0.99, 86 % of them right', () => {
    const { records, truth } = sparseCrowd(400, 300, 3, 5);
    const before = calibration(dawidSkene.consolidate(records, { confidencePrior: 0 }).items, truth);
    const after = calibration(dawidSkene.consolidate(records).items, truth);
    expect(before.sureAccuracy).toBeLessThan(0.9);
    expect(after.ece).toBeLessThan(before.ece / 3);
    expect(after.sure).toBeLessThan(before.sure / 2);
  });

  it('a 2–1 split on a job of two items is not certain (walk150: 1.00)', () => {
    const records = [r('0', 'a', 'shirt'), r('0', 'b', 'shirt'), r('0', 'c', 'shoe'), r('1', 'a', 'bag'), r('1', 'b', 'bag'), r('1', 'c', 'bag')];
    const labels = ['shirt', 'shoe', 'bag'];
    expect(dawidSkene.consolidate(records, { labels, confidencePrior: 0 }).items[0]?.confidence).toBeGreaterThan(0.999);
    const split = dawidSkene.consolidate(records, { labels }).items[0];
    expect(split).toMatchObject({ label: 'shirt' });
    expect(split?.confidence).toBeLessThan(0.95);
    expect(split?.confidence).toBeGreaterThan(0.5);
  });

  it('an item\'s own answers do not vouch for themselves: two workers agreeing on the only item', () => {
    // Nothing else is known about the workers, so only the prior (AWS's 0.7 starting accuracy) speaks.
    const out = dawidSkene.consolidate([r('x', 'a', 'cat'), r('x', 'b', 'cat')], { labels: ['cat', 'dog'] });
    expect(out.items[0]?.label).toBe('cat');
    expect(out.items[0]?.confidence).toBeCloseTo(0.7 ** 2 / (0.7 ** 2 + 0.3 ** 2), 9);
  });

  it('the prior vanishes for workers with many answers', () => {
    // Five workers answer each of 2,000 items: the calibrated confidence is EM's own, within 0.01 on average.
    const { records } = sparseCrowd(2000, 5, 5, 9);
    const calibrated = dawidSkene.consolidate(records).items;
    const own = dawidSkene.consolidate(records, { confidencePrior: 0 }).items;
    const gap = calibrated.reduce((s, item, i) => s + Math.abs(item.confidence - (own[i]?.confidence ?? 0)), 0) / calibrated.length;
    expect(gap).toBeLessThan(0.01);
  });

  it('a carried state counts as evidence: a worker known to be reliable outweighs a newcomer', () => {
    // In batch 1 the veteran agrees with two others on 50 items; the newcomer is unknown.
    const batch1 = Array.from({ length: 50 }, (_, i) => [r(`p${i}`, 'veteran', i % 2 ? 'cat' : 'dog'), r(`p${i}`, 'x', i % 2 ? 'cat' : 'dog'), r(`p${i}`, 'y', i % 2 ? 'cat' : 'dog')]).flat();
    const state = dawidSkene.consolidate(batch1).state;
    const batch2 = [r('q', 'veteran', 'cat'), r('q', 'newcomer', 'dog')];
    const withState = dawidSkene.consolidate(batch2, { prior: state }).items[0];
    const fresh = dawidSkene.consolidate(batch2).items[0];
    expect(withState?.label).toBe('cat');
    expect(withState?.confidence).toBeGreaterThan(0.75);
    expect(fresh?.confidence).toBeCloseTo(0.5, 9);
  });

  it('a worker\'s repeated answers on one item are all taken out of the counts that score it', () => {
    // "a" answers the only item twice: with one answer taken out, the other would vouch for the item.
    const once = dawidSkene.consolidate([r('x', 'a', 'cat'), r('x', 'b', 'cat')], { labels: ['cat', 'dog'] }).items[0]?.confidence ?? 0;
    const twice = dawidSkene.consolidate([r('x', 'a', 'cat'), r('x', 'a', 'cat'), r('x', 'b', 'cat')], { labels: ['cat', 'dog'] }).items[0]?.confidence ?? 0;
    expect(twice).toBeCloseTo(0.7 ** 3 / (0.7 ** 3 + 0.3 ** 3), 9);
    expect(twice).toBeGreaterThan(once);
  });

  it.each(variants.map((a) => [a.name, a] as const))('%s: a label the calibrated posteriors do not favour has a reason naming the class they do', (_n, alg) => {
    // Four classes, each item answered by 3 of 300 workers: EM and the calibrated model disagree on some.
    const { records } = sparseCrowd(600, 300, 3, 7, ['a', 'b', 'c', 'd']);
    const items = alg.consolidate(records).items;
    let disputed = 0;
    for (const item of items) {
      const entries = Object.entries(item.posteriors ?? {});
      const [favoured, p] = entries.reduce((best, e) => (e[1] > best[1] + 1e-12 ? e : best));
      if (favoured === item.label || p <= item.confidence + 1e-12) {
        expect(item.reason).toBeUndefined();
        continue;
      }
      disputed++;
      expect(item.reason).toBe(`the calibrated posteriors favour "${favoured}" (${p.toFixed(3)}) over the label "${item.label}" (${item.confidence.toFixed(3)}), which is EM's most likely class: check this item`);
    }
    expect(disputed).toBeGreaterThan(0);
    // With EM's own posteriors the label is their argmax: nothing to mark.
    expect(alg.consolidate(records, { confidencePrior: 0 }).items.filter((i) => i.reason)).toEqual([]);
  });

  it('the ACS writes that reason as the object\'s consolidation-note', async () => {
    const { records } = sparseCrowd(600, 300, 3, 7, ['a', 'b', 'c', 'd']);
    const disputed = dawidSkene.consolidate(records, { labels: ['a', 'b', 'c', 'd'] }).items.filter((i) => i.reason);
    expect(disputed.length).toBeGreaterThan(0);
    const byItem = new Map<string, Array<{ workerId: string; answer: unknown }>>();
    for (const { item, worker, answer } of records) byItem.set(item, [...(byItem.get(item) ?? []), { workerId: worker, answer: { category: { label: answer } } }]);
    const payload = buildAcsPayload([...byItem].map(([item, answers]) => ({ datasetObjectId: item, answers })));
    const store = new MemoryObjectStore({ 's3://b/p.json': JSON.stringify(payload) });
    const response = await invokeAcs(acsHandler({ ...taskConsolidation('text-classification', { algorithm: 'dawid-skene', labels: ['a', 'b', 'c', 'd'] }), store, logger: silentLogger }), buildAcsEvent({ payloadUri: 's3://b/p.json' }));
    const notes = new Map(response.map((e) => [e.datasetObjectId, (e.consolidatedAnnotation.content['label-metadata'] as Record<string, unknown>)['consolidation-note']]));
    for (const item of disputed) expect(notes.get(item.item)).toBe(item.reason);
    expect([...notes.values()].filter((n) => n !== undefined)).toHaveLength(disputed.length);
  });

  it('one item answered by 20,000 workers: each answer is looked at a fixed number of times, not once per answer', () => {
    // Test items shown to every worker; the per-item loop once rescanned the item's answers for each one (0.55 s against EM's 0.02 s).
    const records = Array.from({ length: 20_000 }, (_, w) => r('gold', `w${w}`, w % 4 === 0 ? 'dog' : 'cat'));
    const fastest = (options: { confidencePrior?: number }) => {
      let best = Number.POSITIVE_INFINITY;
      for (let run = 0; run < 3; run++) {
        const began = performance.now();
        dawidSkene.consolidate(records, options);
        best = Math.min(best, performance.now() - began);
      }
      return best;
    };
    const em = fastest({ confidencePrior: 0 });
    expect(fastest({})).toBeLessThan(em * 4 + 20);
  });

  it('confidencePrior is checked like every option', () => {
    expect(() => dawidSkene.consolidate([r('x', 'a', 'cat')], { confidencePrior: -1 })).toThrow(ContractError);
    expect(() => dawidSkene.consolidate([r('x', 'a', 'cat')], { confidencePrior: -1 })).toThrow(/options\.confidencePrior: expected a number at least 0, got -1/);
  });
});
