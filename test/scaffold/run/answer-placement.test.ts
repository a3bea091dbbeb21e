import { describe, expect, it } from 'vitest';
import { lineSource, placeAnswers, sourceDigest } from '../../../scaffold/run/answer-placement.ts';
import type { CapturedAnswer } from '../../../scaffold/run/answers-file.ts';

const answer = (datasetObjectId: string, workerId: string, source: string | undefined, label = 'a'): CapturedAnswer => ({
  datasetObjectId,
  workerId,
  answerContent: { label },
  ...(source !== undefined ? { sourceDigest: sourceDigest(source) } : {}),
});
const lines = (...sources: string[]) => sources.map((source, i) => ({ id: String(i), source }));
const placed = (result: ReturnType<typeof placeAnswers>) => Object.fromEntries([...result.byId].map(([id, list]) => [id, list.map((a) => `${a.workerId}:${(a.answerContent as { label: string }).label}`)]));

describe('placeAnswers', () => {
  it('keeps an answer on its line while the line holds the data it was given for', () => {
    const result = placeAnswers([answer('0', 'w1', 'x'), answer('1', 'w1', 'y')], lines('x', 'y'));
    expect(placed(result)).toEqual({ 0: ['w1:a'], 1: ['w1:a'] });
    expect(result.notes).toEqual([]);
  });

  it('follows the data when a line was inserted above it, and says so', () => {
    const result = placeAnswers([answer('0', 'w1', 'x', 'for-x'), answer('1', 'w1', 'y', 'for-y')], lines('new', 'x', 'y'));
    expect(placed(result)).toEqual({ 1: ['w1:for-x'], 2: ['w1:for-y'] });
    expect(result.byId.get('1')?.[0]?.datasetObjectId).toBe('1');
    expect(result.notes).toEqual([
      { kind: 'moved', message: 'the answer of "w1" for datasetObjectId "0" was given for the data now on datasetObjectId "1" (the manifest changed since it was captured); replayed there' },
      { kind: 'moved', message: 'the answer of "w1" for datasetObjectId "1" was given for the data now on datasetObjectId "2" (the manifest changed since it was captured); replayed there' },
    ]);
  });

  it('leaves out, with a note, an answer whose data no line holds or several lines hold', () => {
    const gone = placeAnswers([answer('0', 'w1', 'x')], lines('changed'));
    expect(gone.byId.size).toBe(0);
    expect(gone.notes).toEqual([{ kind: 'ignored', message: 'the answer of "w1" for datasetObjectId "0" was given for data that no line needing human annotation holds now (the manifest changed since it was captured); ignored' }]);
    const twice = placeAnswers([answer('0', 'w1', 'x')], lines('new', 'x', 'x'));
    expect(twice.byId.size).toBe(0);
    expect(twice.notes[0]?.message).toContain('2 lines hold now (datasetObjectIds "1", "2")');
  });

  it('places an answer without a digest (hand-written, older files) by its datasetObjectId, and names one for no such line', () => {
    const result = placeAnswers([answer('1', 'w1', undefined), answer('7', 'w2', undefined)], lines('x', 'y'));
    expect(placed(result)).toEqual({ 1: ['w1:a'] });
    expect(result.notes).toEqual([{ kind: 'ignored', message: 'the answer of "w2" for datasetObjectId "7": no such object needs human annotation; ignored' }]);
  });

  it('when a moved answer meets the same worker on its new line, keeps the one given for that line as it is now', () => {
    // w1 answered "x" on line 0 and, after a line was inserted, "x" again on line 1: the old answer moves onto line 1.
    for (const order of [
      [answer('0', 'w1', 'x', 'old'), answer('1', 'w1', 'x', 'new')],
      [answer('1', 'w1', 'x', 'new'), answer('0', 'w1', 'x', 'old')],
    ]) {
      const result = placeAnswers(order, lines('inserted', 'x'));
      expect(placed(result)).toEqual({ 1: ['w1:new'] });
      expect(result.notes.at(-1)).toMatchObject({ kind: 'ignored' });
      expect(result.notes.at(-1)?.message).toContain('the one given for that line as it is now is kept');
    }
  });

  it('counts nothing twice and drops nothing silently on 10,000 answers over a shuffled manifest', () => {
    const sources = Array.from({ length: 2_000 }, (_, i) => `s3://bucket/item-${i}.jpg`);
    const answers = sources.flatMap((s, i) => Array.from({ length: 5 }, (_, w) => answer(String(i), `w${w}`, s)));
    const reversed = [...sources].reverse();
    const result = placeAnswers(answers, lines(...reversed));
    expect([...result.byId.values()].reduce((n, l) => n + l.length, 0)).toBe(10_000);
    expect(result.byId.get('0')?.map((a) => a.sourceDigest)).toEqual(Array(5).fill(sourceDigest(sources[1_999] as string)));
    expect(result.notes.filter((n) => n.kind === 'moved')).toHaveLength(10_000);
  });
});

describe('lineSource', () => {
  it('takes source-ref before source, as the task types do, and reads only own fields', () => {
    expect(lineSource({ 'source-ref': 's3://b/k', source: 'text' })).toBe('s3://b/k');
    expect(lineSource({ source: 'text' })).toBe('text');
    expect(lineSource(Object.create({ source: 'inherited' }) as Record<string, unknown>)).toBe('');
  });
});
