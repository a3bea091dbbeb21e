import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintTarget } from '../../../scaffold/commands/lint-target.ts';
import { runTask } from '../../../scaffold/commands/run-task.ts';
import { problemText } from '../../../scaffold/run/format-summary.ts';
import { outputLinesOf } from '../../helpers/output-lines.ts';
import { scaffoldTask } from '../preview/preview-task.ts';

/**
 * Ground Truth fails the whole job on any PRE error (reference §1.4), so a scaffolded pre.ts keeps
 * a line that cannot become a task from workers instead; lint and the dry run still name it.
 */
describe("a scaffolded pre.ts skips a bad line instead of failing the job, and says so", () => {
  let task: { dir: string; cleanup(): Promise<void> };
  beforeAll(async () => {
    task = await scaffoldTask('named-entity');
    await appendFile(join(task.dir, 'manifest.jsonl'), `${JSON.stringify({ 'source-ref': 's3://acme-docs/gone.txt' })}\n`);
  }, 60_000);
  afterAll(() => task?.cleanup());

  it('lint: a warning at the line, naming the object and what happens to the line in the job', async () => {
    const { findings } = await lintTarget(task.dir);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    const skipped = findings.filter((f) => f.ruleId === 'task-inputs');
    expect(skipped).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/^the PRE keeps this line from workers \(onInvalidDataObject: 'skip'\): .*s3:\/\/acme-docs\/gone\.txt does not exist/) })]);
    expect(skipped[0]?.hint).toBe('fix this manifest line, or the object it names: in the job it would stay unlabelled, with only a log line in CloudWatch to say why');
  }, 60_000);

  it('the dry run labels the other lines and names the skipped one', async () => {
    const { run } = await runTask(task.dir, { now: '2026-11-24T00:00:00Z', simulate: '3' });
    const lines = outputLinesOf(run) as Array<Record<string, unknown>>;
    expect(lines.filter((l) => l.entities !== undefined)).toHaveLength(lines.length - 1);
    expect(lines.at(-1)).toEqual({ 'source-ref': 's3://acme-docs/gone.txt' });
    expect(run.problems.filter((p) => p.stage === 'pre').map(problemText)).toEqual([expect.stringMatching(/^the PRE keeps this line from workers \(onInvalidDataObject: 'skip'\): .*gone\.txt does not exist.*; fix this manifest line, or the object it names/)]);
  }, 120_000);
});
