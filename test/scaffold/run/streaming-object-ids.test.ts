import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../../scaffold/run/manifest.ts';
import { repeatedIdMessage, streamingObjectIds } from '../../../scaffold/run/streaming-object-ids.ts';
import { formatRunSummary } from '../../../scaffold/run/format-summary.ts';
import { runTask } from '../../../scaffold/commands/run-task.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';
import { streamingIdFindings } from '../../../scaffold/task/streaming-id-findings.ts';
import { validConfig } from '../job/fixtures.ts';

const temp = useTempRoot('gtkit-streaming-ids-');
const key = 'dataset-objectid-attribute-name';
const linesOf = (...objects: object[]) => parseManifest(objects.map((o) => JSON.stringify(o)).join('\n')).lines;

describe('a streaming message\'s own id (dataset-objectid-attribute-name)', () => {
  it('a repeated id is labelled once: the later line is left out and named with the line it repeats', () => {
    const lines = linesOf({ source: 'a', [key]: 'ticket-id', 'ticket-id': 'T-1' }, { source: 'b', [key]: 'ticket-id', 'ticket-id': 'T-1' }, { source: 'c', [key]: 'ticket-id', 'ticket-id': 't-1' }, { source: 'd' }, { source: 'd' });
    const ids = streamingObjectIds(lines);
    // Ids compare as written ("t-1" is another object); lines without a key count as separate messages.
    expect(ids.kept.map((l) => l.lineNumber)).toEqual([1, 3, 4, 5]);
    expect(ids.repeats.map((r) => [r.line.lineNumber, r.first.lineNumber, r.key, r.id])).toEqual([[2, 1, 'ticket-id', 'T-1']]);
    expect(ids.problems).toEqual([]);
    expect(repeatedIdMessage(ids.repeats[0]!).message).toBe(`repeats the id "T-1" ("ticket-id", which "${key}" names) of line 1: Ground Truth labels each id once, so this message would not be labelled`);
  });

  it('a key Ground Truth may not take is a problem on its line, which is kept: a missing or non-string id, a name outside the documented pattern or limits', () => {
    const lines = linesOf(
      { source: 'a', [key]: 'ticket-id' },
      { source: 'b', [key]: '-ticket--', '-ticket--': 'T-9' },
      { source: 'c', [key]: 'n', n: 7 },
      { source: 'd', [key]: 3 },
      { source: 'e', [key]: 'k'.repeat(141), ['k'.repeat(141)]: 'x' },
      { source: 'f', [key]: 'id', id: 'x'.repeat(1025) },
      { source: 'g', [key]: 'my-id--2', 'my-id--2': 'ok' },
    );
    const ids = streamingObjectIds(lines);
    expect(ids.kept).toHaveLength(7);
    expect(ids.problems.map((p) => [p.line.lineNumber, p.message])).toEqual([
      [1, `"${key}" names "ticket-id" as the message's id, but the line has no "ticket-id": what Ground Truth does with such a message is not documented`],
      [2, `the id attribute "-ticket--" that "${key}" names is not of the documented form: letters and digits, with single or repeated hyphens between them (a "$" may open it), so Ground Truth may refuse the message`],
      [3, 'the id "n" must be a string, got 7'],
      [4, `"${key}" must name the attribute that holds the message's id, got 3`],
      [5, `the id attribute "${'k'.repeat(141)}" that "${key}" names has 141 characters; the documented limit is 140, so Ground Truth may refuse the message`],
      [6, 'the id "id" has 1025 characters; the documented limit is 1024'],
    ]);
    expect(ids.problems[0]?.fix).toBe(`add "ticket-id": "<the object's id>" to the line, or leave out "${key}" to let Ground Truth tell messages apart by their SNS message id`);
  });
});

describe('gtkit run on a streaming task', () => {
  it('labels a repeated id once, as Ground Truth would, and names the repeat among the problems and in the summary', async () => {
    const dir = join(temp.path, 'tickets');
    await initTask({ dir, type: 'text-classification', streaming: { inputTopicArn: 'arn:aws:sns:us-east-1:123456789012:GroundTruth-in' } });
    const lines = [
      { source: 'Where is my refund?', [key]: 'ticket-id', 'ticket-id': 'T-1001', truth: 'refund' },
      { source: 'Refund please', [key]: 'ticket-id', 'ticket-id': 'T-1001', truth: 'refund' },
    ];
    await appendFile(join(dir, 'manifest.jsonl'), lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    const { run } = await runTask(dir, { simulate: '3', seed: '1', now: '2026-11-23T00:00:00Z' });
    const repeat = run.problems.filter((p) => p.message.includes('repeats the id'));
    expect(repeat).toEqual([{ stage: 'manifest', where: expect.stringMatching(/manifest\.jsonl:\d+$/), message: expect.stringMatching(/^repeats the id "T-1001" .* of line \d+: Ground Truth labels each id once, so this message would not be labelled; the run leaves it out$/), fix: expect.any(String), severity: 'warning' }]);
    const output = run.outputManifestText.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(output.filter((l) => l['ticket-id'] === 'T-1001').map((l) => l.source)).toEqual(['Where is my refund?']);
    // Every line of the file is counted; one fewer was sent to workers.
    expect(run.summary.counts).toMatchObject({ manifestLines: output.length + 1, sentToWorkers: output.length, repeatedIds: 1 });
    expect(formatRunSummary(run, { outputManifest: 'o', jobRoot: 'j' })).toContain(`note: 1 manifest line repeats an earlier line's id (${key}) and was left out, as Ground Truth labels each id once (each line is named among the problems)`);
  }, 60_000);
});

describe('lint\'s findings for a streaming task\'s ids', () => {
  it('one warning per line Ground Truth would not take as written, in line order; none for a task that labels a manifest', () => {
    const lines = linesOf({ source: 'a', [key]: 'id', id: 'T-1' }, { source: 'b', [key]: 'ticket-id' }, { source: 'c', [key]: 'id', id: 'T-1' });
    const task = (streaming: boolean) => ({ config: validConfig(streaming ? { streaming: { inputTopicArn: 'arn:aws:sns:eu-west-1:123456789012:GroundTruth-in' } } : {}), paths: { manifest: '/t/manifest.jsonl' } }) as never;
    const findings = streamingIdFindings(task(true), lines);
    expect(findings.map((f) => [f.ruleId, f.severity, f.line, f.message.split(':')[0]])).toEqual([
      ['manifest-line', 'warning', 2, `"${key}" names "ticket-id" as the message's id, but the line has no "ticket-id"`],
      ['manifest-line', 'warning', 3, `repeats the id "T-1" ("id", which "${key}" names) of line 1`],
    ]);
    expect(streamingIdFindings(task(false), lines)).toEqual([]);
  });
});
