import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../lambdas/contracts/check.ts';
import { getTaskType } from '../../../lambdas/task-types/registry.ts';
import type { ManifestLine } from '../../../scaffold/run/manifest.ts';
import { agreementTally, confidenceOf, outputTally, setAsideAnswers, shownSource } from '../../../scaffold/run/summary.ts';

const attr = 'intent';

/** Output lines of every kind, with confidences that tie and lines that carry none. */
function sampleLines(count: number): Array<{ line: JsonObject; from: ManifestLine }> {
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  return Array.from({ length: count }, (_, i) => {
    const from: ManifestLine = { datasetObjectId: String(i), lineNumber: i + 1, dataObject: i % 4 === 0 ? { 'source-ref': `s3://bucket/${'deep/'.repeat(20)}image-${i}.jpg` } : { source: `text ${i}` } };
    const confidence = Math.round(random() * 20) / 20;
    const kind = i % 6;
    const line: JsonObject =
      kind === 0 ? { ...from.dataObject, [`${attr}-metadata`]: { 'failure-reason': 'ClientError: no worker answered', 'human-annotated': 'true' } }
      : kind === 1 ? { ...from.dataObject, [attr]: { consolidationError: 'bad', rawAnnotations: [] }, [`${attr}-metadata`]: { 'rejected-annotations': [{ workerId: 'w1', reason: 'x' }] } }
      : kind === 2 ? { ...from.dataObject, [attr]: 1, [`${attr}-metadata`]: { 'confidence-map': { a: confidence, b: 1 - confidence } } }
      : kind === 3 ? { ...from.dataObject } // kept from workers
      : { ...from.dataObject, [attr]: 0, [`${attr}-metadata`]: { confidence, 'rejected-annotations': kind === 4 ? [{ workerId: 'w2', reason: 'y' }, {}] : [] } };
    return { line, from };
  });
}

describe('outputTally', () => {
  it('counts and picks the least confident lines as a sort of all of them would, keeping only a few', () => {
    const lines = sampleLines(1_000);
    const tally = outputTally(attr);
    for (const { line, from } of lines) tally.add(line, from);
    // What the summary took before: every line with a confidence, sorted, the first five.
    const all = lines.flatMap(({ line, from }) => {
      const confidence = confidenceOf(line[`${attr}-metadata`] as JsonObject | undefined);
      if (confidence === undefined) return [];
      const source = String(from.dataObject['source-ref'] ?? from.dataObject.source ?? '');
      return [{ datasetObjectId: from.datasetObjectId, confidence, source: source.length > 80 ? `…${source.slice(-79)}` : source }];
    });
    const expected = all.sort((a, b) => a.confidence - b.confidence || Number(a.datasetObjectId) - Number(b.datasetObjectId)).slice(0, 5);
    expect(tally.lowestConfidence()).toEqual(expected);
    const labeled = lines.filter(({ line }) => line[attr] !== undefined);
    expect([tally.labeled, tally.consolidationFailed, tally.answersSetAside]).toEqual([labeled.length, lines.filter((_, i) => i % 6 === 1).length, lines.filter((_, i) => i % 6 === 1).length + 2 * lines.filter((_, i) => i % 6 === 4).length]);
  });

  it('with fewer lines than it shows, shows them all, least confident first', () => {
    const tally = outputTally(attr, 5);
    for (const { line, from } of sampleLines(12).filter(({ line }) => confidenceOf(line[`${attr}-metadata`] as JsonObject) !== undefined).slice(0, 3)) tally.add(line, from);
    const shown = tally.lowestConfidence();
    expect(shown).toHaveLength(3);
    expect(shown.map((s) => s.confidence)).toEqual([...shown.map((s) => s.confidence)].sort((a, b) => a - b));
  });
});

describe('shownSource', () => {
  it('cuts an inline source text to its first 40 characters, so the summary does not copy customer text whole into CI logs', () => {
    const text = 'Jane Doe (jane@example.com, SSN 078-05-1120) wrote that her order never arrived';
    const shown = shownSource({ source: text });
    expect(shown).toBe('Jane Doe (jane@example.com, SSN 078-05-…');
    expect([...shown]).toHaveLength(40);
    expect(shownSource({ source: 'short text' })).toBe('short text');
    // Astral characters count as one each and are never split in half.
    expect(shownSource({ source: '😀'.repeat(50) })).toBe(`${'😀'.repeat(39)}…`);
  });

  it('keeps the end of a source-ref URI, whose file name says which object it is', () => {
    const uri = `s3://bucket/${'deep/'.repeat(20)}image-7.jpg`;
    expect(shownSource({ 'source-ref': uri })).toBe(`…${uri.slice(-79)}`);
    expect(shownSource({ 'source-ref': 's3://b/k.txt', source: 'x'.repeat(100) })).toBe('s3://b/k.txt');
  });

  it('is what the tally keeps for the least confident lines', () => {
    const tally = outputTally(attr);
    const from: ManifestLine = { datasetObjectId: '0', lineNumber: 1, dataObject: { source: 'A'.repeat(200) } };
    tally.add({ ...from.dataObject, [attr]: 0, [`${attr}-metadata`]: { confidence: 0.4 } }, from);
    expect(tally.lowestConfidence()).toEqual([{ datasetObjectId: '0', confidence: 0.4, source: `${'A'.repeat(39)}…` }]);
  });
});

describe('agreementTally', () => {
  it('is each worker\'s mean similarity to the others on the same objects, best first; an answer it cannot parse is left out', () => {
    const tally = agreementTally(getTaskType('text-classification'));
    const answer = (workerId: string, label: unknown) => ({ datasetObjectId: '0', workerId, answerContent: { category: { label } } });
    tally.add([answer('a', 'x'), answer('b', 'x'), answer('c', 'y')]);
    tally.add([answer('a', 'y'), answer('b', 'x'), { datasetObjectId: '1', workerId: 'c', answerContent: { category: 5 } }]);
    tally.add([answer('d', 'x')]);
    // a and b agree once in three pairs each (a tie, by id); c never; d had nobody to agree with.
    expect(tally.result()).toEqual([
      { workerId: 'a', answers: 2, agreement: 1 / 3 },
      { workerId: 'b', answers: 2, agreement: 1 / 3 },
      { workerId: 'c', answers: 1, agreement: 0 },
      { workerId: 'd', answers: 1, agreement: Number.NaN },
    ]);
  });
});

describe('setAsideAnswers', () => {
  it("names the answers of both lists: those the ACS helper could not read and those taskConsolidation set aside for their label", () => {
    const content: JsonObject = {
      [attr]: '0',
      [`${attr}-metadata`]: {
        'rejected-annotations': [{ workerId: 'w1', reason: 'answer.category: expected an object', content: '{}' }],
        'unknown-label-answers': [{ 'worker-id': 'w-typo', reason: 'label "Other" (did you mean "other"?) is not one of refund, other' }, {}],
      },
    };
    expect(setAsideAnswers(content, attr)).toEqual([
      { workerId: 'w1', reason: 'answer.category: expected an object' },
      { workerId: 'w-typo', reason: 'label "Other" (did you mean "other"?) is not one of refund, other' },
      { workerId: 'a worker', reason: 'no reason given' },
    ]);
  });
});
