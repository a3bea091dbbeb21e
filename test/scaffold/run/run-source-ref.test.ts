import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintTarget } from '../../../scaffold/commands/lint-target.ts';
import { runTask } from '../../../scaffold/commands/run-task.ts';
import { outputLinesOf } from '../../helpers/output-lines.ts';
import { scaffoldTask } from '../preview/preview-task.ts';

describe('gtkit run and lint: a named-entity line with source-ref reads the task\'s s3/<bucket>/<key> copy', () => {
  let task: { dir: string; cleanup(): Promise<void> };
  beforeAll(async () => {
    task = await scaffoldTask('named-entity');
    await appendFile(join(task.dir, 'manifest.jsonl'), `${JSON.stringify({ 'source-ref': 's3://acme-docs/letters/Zoë 1.txt', truth: [{ label: 'person', startOffset: 0, endOffset: 3 }] })}\n`);
    await mkdir(join(task.dir, 's3', 'acme-docs', 'letters'), { recursive: true });
    await writeFile(join(task.dir, 's3', 'acme-docs', 'letters', 'Zoë 1.txt'), 'Zoë wrote to Ada Lovelace in London.');
  }, 60_000);
  afterAll(() => task?.cleanup());

  it('lint finds no error and no s3-uri-as-text warning', async () => {
    const { findings } = await lintTarget(task.dir);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(findings.map((f) => f.ruleId)).not.toContain('s3-uri-as-text');
  }, 60_000);

  it('the dry run labels the line, with simulated workers marking words of the text', async () => {
    const { run } = await runTask(task.dir, { now: '2026-11-23T00:00:00Z', simulate: '3' });
    expect(run.problems.filter((p) => p.severity !== 'warning')).toEqual([]);
    const last = outputLinesOf(run).at(-1) as Record<string, unknown>;
    expect(last['source-ref']).toBe('s3://acme-docs/letters/Zoë 1.txt');
    expect(last.entities).toMatchObject({ annotations: { entities: expect.any(Array) } });
  }, 120_000);

  it('a missing copy is named at its line', async () => {
    await appendFile(join(task.dir, 'manifest.jsonl'), `${JSON.stringify({ 'source-ref': 's3://acme-docs/letters/missing.txt', truth: [] })}\n`);
    const { run } = await runTask(task.dir, { now: '2026-11-23T00:00:00Z', simulate: '3' });
    const problem = run.problems.find((p) => p.stage === 'pre');
    expect(problem?.message).toContain('readText: s3://acme-docs/letters/missing.txt does not exist');
    expect(problem?.message).toContain(join(task.dir, 's3', 'acme-docs', 'letters', 'missing.txt'));
  }, 120_000);
});
