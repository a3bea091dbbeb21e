import { describe, expect, it } from 'vitest';
import { algorithms, dawidSkene, getAlgorithm, majorityVote, oneCoinDawidSkene, wawa, weightedVote, type AnswerRecord } from '../../../lambdas/consolidation/index.ts';
import { encodeClassAnswers } from '../../../lambdas/consolidation/encode.ts';
import { seededRandom } from '../../../lambdas/task-types/define.ts';

const r = (item: string, worker: string, answer: string): AnswerRecord<string> => ({ item, worker, answer });
const classAlgorithms = Object.values(algorithms).filter((a) => a.kind === 'class');

/** A synthetic crowd: `good` workers right with p=0.85, `spammers` answering at random. */
function crowd(items: number, good: number, spammers: number, seed: number, classes = ['a', 'b', 'c']) {
  const random = seededRandom(seed);
  const truth = new Map<string, string>();
  const records: Array<AnswerRecord<string>> = [];
  for (let i = 0; i < items; i++) {
    const t = classes[Math.floor(random() * classes.length)] as string;
    truth.set(`i${i}`, t);
    for (let w = 0; w < good + spammers; w++) {
      const spam = w >= good;
      const right = !spam && random() < 0.85;
      const answer = right ? t : (classes[Math.floor(random() * classes.length)] as string);
      records.push(r(`i${i}`, `${spam ? 'spam' : 'good'}${w}`, answer));
    }
  }
  return { truth, records };
}

const accuracy = (items: Array<{ item: string; label: string | null }>, truth: Map<string, string>) => items.filter((i) => i.label === truth.get(i.item)).length / items.length;

describe('classification algorithms', () => {
  it('lists every algorithm by a kebab-case name and refuses an unknown one with the list', () => {
    for (const name of Object.keys(algorithms)) expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(() => getAlgorithm('ds')).toThrow(/unknown consolidation algorithm "ds"; use one of majority-vote/);
  });

  it.each(classAlgorithms.map((a) => [a.name, a] as const))('%s: ties go to the first label in order, whatever the answer order', (_n, alg) => {
    const a = alg.consolidate([r('x', 'w1', 'dog'), r('x', 'w2', 'cat')] as never, { labels: ['dog', 'cat'] } as never);
    const b = alg.consolidate([r('x', 'w2', 'cat'), r('x', 'w1', 'dog')] as never, { labels: ['dog', 'cat'] } as never);
    expect(a.items[0]?.label).toBe('dog');
    expect(b.items[0]?.label).toBe('dog');
  });

  it.each(classAlgorithms.map((a) => [a.name, a] as const))('%s: a single worker, no answers, and unknown labels', (_n, alg) => {
    const one = alg.consolidate([r('x', 'w1', 'cat')] as never, { labels: ['cat', 'dog'] } as never);
    expect(one.items[0]).toMatchObject({ item: 'x', label: 'cat', support: 1 });
    expect(alg.consolidate([] as never, {} as never).items).toEqual([]);
    const unknown = alg.consolidate([r('x', 'w1', 'zebra')] as never, { labels: ['cat', 'dog'] } as never);
    expect(unknown.items[0]).toMatchObject({ label: null, reason: 'no answer with a known label' });
  });

  it.each(classAlgorithms.map((a) => [a.name, a] as const))('%s: confidence and posteriors are probabilities', (_n, alg) => {
    const { records } = crowd(50, 4, 1, 1);
    for (const item of alg.consolidate(records as never, {} as never).items) {
      expect(item.confidence).toBeGreaterThanOrEqual(0);
      expect(item.confidence).toBeLessThanOrEqual(1 + 1e-9);
      const sum = Object.values(item.posteriors ?? {}).reduce((s, p) => s + p, 0);
      expect(sum).toBeCloseTo(1, 6);
    }
  });

  it.each(classAlgorithms.map((a) => [a.name, a] as const))('%s: the same input twice gives byte-identical output', (_n, alg) => {
    const { records } = crowd(80, 3, 2, 7);
    expect(JSON.stringify(alg.consolidate(records as never, {} as never))).toBe(JSON.stringify(alg.consolidate(records as never, {} as never)));
  });

  it('majority vote: vote shares as posteriors', () => {
    const out = majorityVote.consolidate([r('x', 'a', 'cat'), r('x', 'b', 'cat'), r('x', 'c', 'dog')]);
    expect(out.items[0]).toMatchObject({ label: 'cat', confidence: 2 / 3, posteriors: { cat: 2 / 3, dog: 1 / 3 } });
  });

  it('weighted vote: given weights decide', () => {
    const out = weightedVote.consolidate([r('x', 'expert', 'cat'), r('x', 'n1', 'dog'), r('x', 'n2', 'dog')], { weights: { expert: 5 } });
    expect(out.items[0]?.label).toBe('cat');
  });

  it('spammers get the lowest quality estimates (Dawid–Skene, one-coin, Wawa)', () => {
    const { records } = crowd(300, 4, 2, 11);
    for (const alg of [dawidSkene, oneCoinDawidSkene, wawa]) {
      const workers = alg.consolidate(records).workers;
      const spam = Math.max(...workers.filter((w) => w.worker.startsWith('spam')).map((w) => w.quality));
      const good = Math.min(...workers.filter((w) => w.worker.startsWith('good')).map((w) => w.quality));
      expect(spam).toBeLessThan(good);
    }
  });

  it('adding good workers never lowers accuracy on average', () => {
    for (const alg of [majorityVote, dawidSkene, oneCoinDawidSkene, wawa]) {
      let fewer = 0;
      let more = 0;
      for (let seed = 1; seed <= 10; seed++) {
        const small = crowd(200, 3, 2, seed);
        const large = crowd(200, 6, 2, seed);
        fewer += accuracy(alg.consolidate(small.records).items, small.truth);
        more += accuracy(alg.consolidate(large.records).items, large.truth);
      }
      expect(more).toBeGreaterThanOrEqual(fewer);
    }
  });

  it('Dawid–Skene beats majority vote when some workers are spammers', () => {
    const { records, truth } = crowd(400, 3, 3, 5);
    expect(accuracy(dawidSkene.consolidate(records).items, truth)).toBeGreaterThan(accuracy(majorityVote.consolidate(records).items, truth));
  });

  it('Dawid–Skene: items only one worker answered neither train nor flip that worker', () => {
    // Five workers label 80 items, mostly class a. A careful worker gives 2 corroborated answers and
    // 24 nobody else gave, mostly the rare class c. Fitting their matrix on their own uncorroborated
    // answers lets EM read "c" as "a" (it used to relabel 20 of the 24); they must keep their answers.
    const random = seededRandom(2);
    const records: Array<AnswerRecord<string>> = [];
    const truth = new Map<string, string>();
    for (let i = 0; i < 80; i++) {
      const t = random() < 0.7 ? 'a' : random() < 0.6 ? 'b' : 'c';
      truth.set(`i${i}`, t);
      for (let w = 0; w < 5; w++) records.push(r(`i${i}`, `w${w}`, random() < 0.8 ? t : (['a', 'b', 'c'][Math.floor(random() * 3)] as string)));
    }
    const shared = ['i0', 'i1'].map((item) => r(item, 'careful', truth.get(item) as string));
    const solo = Array.from({ length: 24 }, (_, i) => r(`solo${i}`, 'careful', i % 6 ? 'c' : 'a'));
    const labels = new Map(dawidSkene.consolidate([...records, ...shared, ...solo]).items.map((i) => [i.item, i.label]));
    expect(solo.filter((x) => labels.get(x.item) === x.answer)).toHaveLength(24);
    // With nothing shared at all, each item gets its one worker's answer, as majority vote gives.
    const alone = solo.slice(0, 6).map((x, i) => ({ ...x, worker: `w${i % 2}` }));
    expect(dawidSkene.consolidate(alone).items.map((i) => i.label)).toEqual(alone.map((x) => x.answer));
  });

  it('Dawid–Skene keeps a rare class: it finds the positives of a 10 % class clearly better than majority vote', () => {
    // Binary, 4 answers per item from a pool of 40 workers (some adversarial, some at chance). An
    // estimator whose matrices are attenuated (e.g. counting each answer with the posterior of the
    // other answers only) runs away here: weaker positive votes, weaker posteriors, weaker votes.
    const random = seededRandom(7);
    const accuracyOf = Array.from({ length: 40 }, () => {
      const u = random();
      return u < 0.1 ? 0.3 : u < 0.2 ? 0.5 : 0.6 + 0.38 * random();
    });
    const truth = new Map<string, string>();
    const records: Array<AnswerRecord<string>> = [];
    for (let i = 0; i < 2000; i++) {
      const t = random() < 0.1 ? 'pos' : 'neg';
      truth.set(`i${i}`, t);
      const picked = new Set<number>();
      while (picked.size < 4) picked.add(Math.floor(random() * 40));
      for (const w of picked) records.push(r(`i${i}`, `w${w}`, random() < (accuracyOf[w] as number) ? t : t === 'pos' ? 'neg' : 'pos'));
    }
    const f1 = (items: Array<{ item: string; label: string | null }>) => {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      for (const { item, label } of items) {
        const t = truth.get(item);
        if (label === 'pos' && t === 'pos') tp++;
        else if (label === 'pos') fp++;
        else if (t === 'pos') fn++;
      }
      return (2 * tp) / (2 * tp + fp + fn);
    };
    const ds = f1(dawidSkene.consolidate(records, { labels: ['neg', 'pos'] }).items);
    const mv = f1(majorityVote.consolidate(records, { labels: ['neg', 'pos'] }).items);
    // Measured: 0.60 against majority vote's 0.42; the attenuated estimator gets 0.
    expect(ds).toBeGreaterThan(mv + 0.1);
  });

  it('one-coin Dawid–Skene: a class every worker over-answers does not take over (uniform class prior)', () => {
    // Four balanced classes; workers are right half the time and otherwise mostly answer "1".
    const random = seededRandom(1);
    const classes = ['0', '1', '2', '3'];
    const truth = new Map<string, string>();
    const records: Array<AnswerRecord<string>> = [];
    for (let i = 0; i < 300; i++) {
      const t = classes[Math.floor(random() * 4)] as string;
      truth.set(`i${i}`, t);
      for (let w = 0; w < 5; w++) records.push(r(`i${i}`, `w${w}`, random() < 0.5 ? t : random() < 0.7 ? '1' : (classes[Math.floor(random() * 4)] as string)));
    }
    // A learned class prior fed on itself here: 0.61 against majority vote's 0.73.
    expect(accuracy(oneCoinDawidSkene.consolidate(records).items, truth)).toBeGreaterThanOrEqual(accuracy(majorityVote.consolidate(records).items, truth));
  });

  it('Dawid–Skene state carries worker quality to the next batch and helps small batches', () => {
    const { records, truth } = crowd(600, 2, 3, 21);
    const byItem = (lo: number, hi: number) => records.filter((x) => Number(x.item.slice(1)) >= lo && Number(x.item.slice(1)) < hi);
    let state = dawidSkene.consolidate(byItem(0, 500)).state;
    expect(state?.algorithm).toBe('dawid-skene');
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    let cold = 0;
    let warm = 0;
    for (let start = 500; start < 600; start += 10) {
      const batch = byItem(start, start + 10);
      cold += accuracy(dawidSkene.consolidate(batch).items, truth);
      const out = dawidSkene.consolidate(batch, { prior: state });
      warm += accuracy(out.items, truth);
      state = out.state;
    }
    expect(warm).toBeGreaterThan(cold);
  });

  it('Dawid–Skene state keeps workers who skip a batch, and a label new in a batch is a class, not a dropped answer', () => {
    const batch1 = [r('1', 'A', 'cat'), r('1', 'B', 'cat'), r('1', 'C', 'dog'), r('2', 'A', 'dog'), r('2', 'B', 'dog'), r('2', 'C', 'dog')];
    const s1 = dawidSkene.consolidate(batch1).state;
    // C answers nothing in batch 2; "bird" appears for the first time, and no labels are given.
    const out2 = dawidSkene.consolidate([r('3', 'A', 'cat'), r('3', 'B', 'bird'), r('4', 'A', 'bird'), r('4', 'B', 'bird')], { prior: s1 });
    expect(out2.items.map((i) => i.label)).toEqual(['cat', 'bird']);
    expect(out2.state?.classes).toEqual(['cat', 'dog', 'bird']);
    expect(Object.keys(out2.state?.workers ?? {})).toEqual(['A', 'B', 'C']);
    // C's history is carried unchanged, re-indexed for the new class list (no counts for "bird").
    const c1 = s1?.workers.C?.counts ?? [];
    expect(out2.state?.workers.C).toEqual({ answers: 2, counts: [c1[0], c1[1], 0, c1[2], c1[3], 0, 0, 0, 0] });
    // In batch 3 C is still known: C once said "dog" where the others said "cat", so against a
    // newcomer's "cat" its "dog" weighs less (0.62 for cat, 0.71 by EM's own posterior), where
    // without the state it is a tie.
    const batch3 = [r('5', 'C', 'dog'), r('5', 'D', 'cat')];
    const out3 = dawidSkene.consolidate(batch3, { prior: out2.state });
    expect(out3.items[0]).toMatchObject({ label: 'cat', confidence: expect.closeTo(0.62, 2) });
    expect(dawidSkene.consolidate(batch3, { prior: out2.state, confidencePrior: 0 }).items[0]?.confidence).toBeCloseTo(0.71, 2);
    const fresh = dawidSkene.consolidate(batch3, { labels: ['cat', 'dog', 'bird'] }).items[0];
    expect(fresh?.posteriors?.cat).toBe(fresh?.posteriors?.dog);
    expect(Object.keys(out3.state?.workers ?? {})).toEqual(['A', 'B', 'C', 'D']);
    expect(out3.state?.workers.C?.answers).toBe(3);
  });

  it('an item only one worker answered keeps that answer when nothing shared says otherwise', () => {
    // "dog" never occurs on a shared item: with a class prior of 0.01 pseudo-answers it was
    // overruled by "cat", the only class the shared item had.
    expect(dawidSkene.consolidate([r('A', 'w1', 'cat'), r('A', 'w2', 'cat'), r('B', 'w3', 'dog')]).items.map((i) => i.label)).toEqual(['cat', 'dog']);
    // One-coin: a worker with no shared item had a flat matrix, so their answers counted for nothing.
    const shared = [r('A', 'w1', 'cat'), r('A', 'w2', 'cat'), r('C', 'w1', 'dog'), r('C', 'w2', 'dog')];
    expect(oneCoinDawidSkene.consolidate([...shared, r('D', 'w3', 'dog')], { labels: ['cat', 'dog'] }).items.map((i) => i.label)).toEqual(['cat', 'dog', 'dog']);
    expect(oneCoinDawidSkene.consolidate([r('0', 'w1', 'dog'), r('1', 'w2', 'cat')], { labels: ['cat', 'dog'] }).items.map((i) => i.label)).toEqual(['dog', 'cat']);
  });

  it('labels, workers and items named "__proto__", "constructor" or "toString" are data like any other', () => {
    const records = [r('__proto__', '__proto__', 'constructor'), r('__proto__', 'toString', 'constructor'), r('x', '__proto__', '__proto__'), r('x', 'toString', '__proto__'), r('x', 'w', 'toString')];
    for (const alg of classAlgorithms) {
      const out = alg.consolidate(records as never, {} as never);
      expect(out.items.map((i) => i.item)).toEqual(['__proto__', 'x']);
      expect(out.items[1]?.label).toBe('__proto__');
      for (const item of out.items) expect(Object.keys(item.posteriors ?? {})).toEqual(['__proto__', 'constructor', 'toString']);
      expect(out.workers.map((w) => w.worker)).toEqual(['__proto__', 'toString', 'w']);
      for (const w of out.workers) expect(Number.isFinite(w.quality)).toBe(true);
    }
    // The carried state keeps such a worker through JSON, and reads it back in the next batch.
    const state = JSON.parse(JSON.stringify(dawidSkene.consolidate(records).state)) as NonNullable<ReturnType<typeof dawidSkene.consolidate>['state']>;
    expect(Object.keys(state.workers)).toEqual(['__proto__', 'toString', 'w']);
    const next = dawidSkene.consolidate([r('y', 'constructor', '__proto__'), r('y', 'valueOf', '__proto__')], { prior: state });
    expect(next.items[0]?.label).toBe('__proto__');
    expect(Object.keys(next.state?.workers ?? {})).toEqual(['__proto__', 'constructor', 'toString', 'valueOf', 'w']);
    // Given weights are looked up as own keys: a worker called "toString" gets the default weight.
    const weightedOut = weightedVote.consolidate([r('i', 'toString', 'a'), r('i', 'w', 'b')], { weights: { w: 2 } });
    expect(weightedOut.items[0]).toMatchObject({ label: 'b', confidence: 2 / 3 });
  });
});

describe('encodeClassAnswers', () => {
  it('keeps items in first-seen order, sorts workers and classes, and counts answers outside the labels', () => {
    const records = [r('x', 'w9', 'b'), r('y', 'w1', 'zzz'), r('x', 'w1', 'a'), r('z', 'w5', 'b'), r('y', 'w9', 'a')];
    const enc = encodeClassAnswers(records, ['b', 'a']);
    expect(enc.items).toEqual(['x', 'y', 'z']);
    expect(enc.workers).toEqual(['w1', 'w5', 'w9']);
    expect(enc.classes).toEqual(['b', 'a']);
    expect(enc.ignored).toBe(1);
    const decoded = Array.from(enc.itemOf, (item, a) => [enc.items[item], enc.workers[enc.workerOf[a]!], enc.classes[enc.classOf[a]!]]);
    expect(decoded).toEqual([['x', 'w9', 'b'], ['x', 'w1', 'a'], ['z', 'w5', 'b'], ['y', 'w9', 'a']]);
    expect(encodeClassAnswers(records).classes).toEqual(['a', 'b', 'zzz']);
  });

  it('an option given as undefined keeps the variant\'s default (a worker\'s only answer is not overruled)', () => {
    // One shared "cat", one solo "dog": without the diagonal prior the solo answer became "cat" at 0.5.
    const records = [r('shared', 'a', 'cat'), r('shared', 'b', 'cat'), r('solo', 'a', 'dog')];
    for (const algorithm of [dawidSkene, oneCoinDawidSkene, getAlgorithm('dawid-skene-pooled')]) {
      const left = JSON.stringify(algorithm.consolidate(records as never));
      const undefinedGiven = JSON.stringify(algorithm.consolidate(records as never, { diagonalPrior: undefined, pooling: undefined } as never));
      expect(undefinedGiven, algorithm.name).toBe(left);
      expect(algorithm.consolidate(records as never).items.find((i) => i.item === 'solo')?.label, algorithm.name).toBe('dog');
    }
  });

  it('keeps an item whose only answers are outside the labels, so it is reported and not lost', () => {
    const enc = encodeClassAnswers([r('only', 'w1', 'nope')], ['a']);
    expect(enc.items).toEqual(['only']);
    expect(enc.workers).toEqual([]);
    expect(enc.itemOf.length).toBe(0);
    const out = majorityVote.consolidate([r('only', 'w1', 'nope')], { labels: ['a'] });
    expect(out.items).toEqual([expect.objectContaining({ item: 'only', label: null, reason: 'no answer with a known label' })]);
  });
});
