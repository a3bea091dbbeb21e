import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../lambdas/contracts/check.ts';
import type { ManifestLine } from '../../../scaffold/run/manifest.ts';
import { failedLine, labeledLine, unlabeledLine } from '../../../scaffold/run/output-manifest.ts';
import { outputWriter, type LineFate } from '../../../scaffold/run/output-writer.ts';

const ctx = { labelAttributeName: 'intent', jobName: 'job', creationDate: '2026-11-23T00:00:00.000000' };
const fatesInTurn: LineFate[] = ['sent', 'pre-failed', 'sent', 'not-for-humans', 'render-failed', 'sent'];

describe('outputWriter', () => {
  it('makes every line once, in manifest order, however the batches cut the manifest (and past a thousand lines a part)', () => {
    const lines: ManifestLine[] = Array.from({ length: 2_503 }, (_, i) => ({ datasetObjectId: String(i), lineNumber: i + 2, dataObject: { source: `text ${i}` } }));
    const fates = lines.map((_, i) => fatesInTurn[i % fatesInTurn.length] as LineFate);
    // Every third object sent to workers was answered; one of them could not be consolidated.
    const content = (i: number): JsonObject | undefined => (fates[i] === 'sent' && i % 3 === 0 ? (i === 1_200 ? { intent: { consolidationError: 'no' } } : { intent: i % 3, 'intent-metadata': { confidence: 0.5 } }) : undefined);
    const writer = outputWriter(lines, fates, ctx, (line) => `m.jsonl:${line.lineNumber}`);
    for (const end of [0, 1, 7, 1_000, 1_001, 2_400, 2_503]) writer.writeBefore(end, new Map(lines.slice(0, end).flatMap((l, i) => (content(i) ? [[l.datasetObjectId, content(i) as JsonObject]] : []))));
    const expected = lines.map((line, i) => {
      const input = line.dataObject as JsonObject;
      const fate = fates[i];
      const c = content(i);
      if (fate === 'pre-failed') return failedLine(input, 'ClientError: the pre-annotation Lambda failed on this object', ctx);
      if (fate === 'not-for-humans') return unlabeledLine(input);
      if (fate === 'render-failed') return failedLine(input, 'ClientError: the worker task template failed to render for this object', ctx);
      return c ? labeledLine(input, c, ctx).line : failedLine(input, 'ClientError: Annotation tasks expired. No worker answered this object.', ctx);
    });
    expect(writer.text()).toBe(`${expected.map((l) => JSON.stringify(l)).join('\n')}\n`);
    expect(writer.problems).toEqual([{ stage: 'acs', where: 'm.jsonl:1202', message: 'datasetObjectId 1200 not consolidated: no' }]);
    expect(writer.tally.labeled).toBe(expected.filter((l) => l.intent !== undefined).length);
  });

  it('an empty manifest is empty text, without a line break', () => {
    const writer = outputWriter([], [], ctx, () => '');
    writer.writeBefore(0, new Map());
    expect(writer.text()).toBe('');
  });

  it('leaves out an <attr>-metadata that is not an object (a string or list would become one key per character or item) and says so', () => {
    const lines: ManifestLine[] = [0, 1].map((i) => ({ datasetObjectId: String(i), lineNumber: i + 1, dataObject: { source: `t${i}` } }));
    const writer = outputWriter(lines, ['sent', 'sent'], ctx, (line) => `m.jsonl:${line.lineNumber}`);
    writer.writeBefore(2, new Map<string, JsonObject>([['0', { intent: 1, 'intent-metadata': 'abc' }], ['1', { intent: 0, 'intent-metadata': ['x'] }]]));
    const metadata = writer.text().trim().split('\n').map((l) => (JSON.parse(l) as Record<string, unknown>)['intent-metadata']);
    expect(metadata).toEqual([0, 1].map(() => ({ type: 'groundtruth/custom', 'job-name': 'job', 'human-annotated': 'yes', 'creation-date': ctx.creationDate })));
    expect(writer.problems).toEqual([
      { stage: 'acs', where: 'm.jsonl:1', message: 'datasetObjectId 0: the ACS returned "intent-metadata" of type string, not an object; it is left out of the output line (return an object of metadata fields, or none)' },
      { stage: 'acs', where: 'm.jsonl:2', message: 'datasetObjectId 1: the ACS returned "intent-metadata" of type array, not an object; it is left out of the output line (return an object of metadata fields, or none)' },
    ]);
  });

  it('labeledLine itself hands back what it left out, with the line: a caller cannot drop it unseen', () => {
    const kept = labeledLine({ source: 'x' }, { intent: 1, 'intent-metadata': 'confidence 0.9' }, ctx);
    expect(kept.line['intent-metadata']).toEqual({ type: 'groundtruth/custom', 'job-name': 'job', 'human-annotated': 'yes', 'creation-date': ctx.creationDate });
    expect(kept.problem).toBe('the ACS returned "intent-metadata" of type string, not an object; it is left out of the output line (return an object of metadata fields, or none)');
    expect(labeledLine({ source: 'x' }, { intent: 1, 'intent-metadata': { confidence: 0.9 } }, ctx)).not.toHaveProperty('problem');
  });
});
